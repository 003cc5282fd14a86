/*
 * The vDSO's link (preprocessed from the address map's header): one
 * read-and-execute PT_LOAD at LINUX_VDSO_BASE holding the ELF header, the
 * program headers, the hash table, the dynamic symbols and strings, the code
 * and the dynamic section, which glibc finds through PT_DYNAMIC. Linked where
 * it is mapped, so its load bias is 0 and nothing needs relocating.
 */
#include <pfgate/layout.h>

ENTRY(__kernel_vsyscall)

PHDRS
{
	text PT_LOAD FILEHDR PHDRS FLAGS(5);
	dynamic PT_DYNAMIC FLAGS(4);
}

SECTIONS
{
	. = LINUX_VDSO_BASE + SIZEOF_HEADERS;
	.hash : { *(.hash) } :text
	.gnu.hash : { *(.gnu.hash) }
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.gnu.version : { *(.gnu.version) }
	.gnu.version_d : { *(.gnu.version_d) }
	.text : { *(.text) *(.text.*) *(.rodata*) }
	.dynamic : { *(.dynamic) } :text :dynamic
	/DISCARD/ : { *(.note*) *(.eh_frame*) *(.comment) *(.data) *(.bss) }
}

/* The names and versions Linux's own vDSO gives: glibc and musl ask for __vdso_* at LINUX_2.6. */
VERSION
{
	LINUX_2.5 {
		global: __kernel_vsyscall;
		local: *;
	};
	LINUX_2.6 {
		global: __vdso_clock_gettime; __vdso_clock_gettime64; __vdso_gettimeofday; __vdso_time;
	} LINUX_2.5;
}
