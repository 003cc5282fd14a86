/*
 * The kernel: loaded at 1 MiB. The multiboot header and the entry code
 * (.boot) are linked at their physical address, because the loader jumps there
 * with paging off (GRUB translates a virtual e_entry, QEMU does not: a physical
 * entry inside a segment whose address is physical satisfies both). The rest
 * is linked at KERNEL_BASE + its load address.
 * .ksyms comes last, in its own segment, so that filling it in on the second
 * link moves no other symbol (see the Makefile).
 * Preprocessed with include/pfgate/layout.h: the numbers are the C code's own.
 */
#include <pfgate/layout.h>

ENTRY(_start)

PHDRS
{
	boot   PT_LOAD FLAGS(5);
	text   PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data   PT_LOAD FLAGS(6);
	ksyms  PT_LOAD FLAGS(4);
}

SECTIONS
{
	. = KERNEL_LOAD_PHYS;
	_kernel_start = . + KERNEL_BASE;

	.boot : {
		*(.multiboot)
		*(.boot)
	} :boot

	. = ALIGN(PAGE_SIZE) + KERNEL_BASE;

	.text : AT(ADDR(.text) - KERNEL_BASE) {
		*(.text .text.*)
		*(.fixup)
		_text_end = .;
	} :text

	.rodata ALIGN(PAGE_SIZE) : AT(ADDR(.rodata) - KERNEL_BASE) {
		*(.rodata .rodata.*)
	} :rodata

	__ex_table : AT(ADDR(__ex_table) - KERNEL_BASE) {
		__start_ex_table = .;
		*(__ex_table)
		__stop_ex_table = .;
	} :rodata

	/* The optional parts linked in (kernel/part.h): their set-up functions. */
	.kernel_parts : AT(ADDR(.kernel_parts) - KERNEL_BASE) {
		__start_kernel_parts = .;
		KEEP(*(.kernel_parts))
		__stop_kernel_parts = .;
	} :rodata

	/* Every stac and clac (kernel/smap.h): NOPped at boot where SMAP is absent. */
	.smap_sites : AT(ADDR(.smap_sites) - KERNEL_BASE) {
		__start_smap_sites = .;
		*(.smap_sites)
		__stop_smap_sites = .;
	} :rodata

	.data ALIGN(PAGE_SIZE) : AT(ADDR(.data) - KERNEL_BASE) {
		*(.data .data.*)
	} :data

	.bss : AT(ADDR(.bss) - KERNEL_BASE) {
		*(COMMON)
		*(.bss .bss.*)
	} :data

	.ksyms ALIGN(PAGE_SIZE) : AT(ADDR(.ksyms) - KERNEL_BASE) {
		*(.ksyms)
	} :ksyms

	_kernel_end = ALIGN(PAGE_SIZE);

	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) }
}
