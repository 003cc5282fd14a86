/* ELF32 executables: validation (pure, host-tested) and loading. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdint.h>
#include <stdbool.h>
#include "mm/paging.h"

#define EI_NIDENT   16
#define ELF_MAGIC   0x464C457Fu   /* "\x7FELF" little-endian */
#define EI_CLASS    4
#define EI_DATA     5
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define ET_DYN      3   /* position-independent: a PIE program, or an interpreter (ld-linux.so.2) */
#define EM_386      3
#define EV_CURRENT  1
#define PT_LOAD     1
#define PT_INTERP   3   /* the path of the program's interpreter (a dynamic program's ld.so) */
#define PT_NOTE     4
#define INTERP_PATH_MAX 256   /* longest PT_INTERP path, its NUL included */
#define PF_X        1
#define PF_W        2
#define PF_R        4

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} Elf32_Phdr;

struct elf_image {
	uint32_t entry;       /* the program's entry point, bias included */
	uint32_t image_end;   /* end of the highest segment, page-rounded: the heap starts here */
	const char *error;    /* why elf_check refused, for the message */
	bool linux_abi;       /* no pfgate note (PFGATE_NOTE_NAME): a Linux i386 program (src/linux) */
	uint32_t phdr_addr;   /* where the program headers lie in memory (a Linux program's AT_PHDR), 0 if in no segment */
	uint16_t phnum;
	/*
	 * What is added to every p_vaddr: 0 for ET_EXEC; for ET_DYN what puts
	 * its lowest page at USER_BASE (Linux's choice for an i386 PIE without
	 * randomisation), or, for an interpreter, what the loader chose
	 * (elf_rebias). entry, image_end and phdr_addr include it.
	 */
	uint32_t bias;
	uint32_t lo;          /* the lowest page of the image, bias included */
	uint32_t interp_off;  /* PT_INTERP's path in the file (inside the head, NUL-terminated) */
	uint32_t interp_len;  /* its length, NUL included; 0: a static program */
	uint32_t interp_base; /* where the loader put the interpreter (AT_BASE), 0: none */
};

/*
 * Check that img (len bytes) is an i386 ELF executable we can load into user
 * space: right class, data, type and machine; headers and segments inside the
 * file; no size that overflows; at most ELF_PHNUM_MAX program headers; every
 * segment in [NULL_GUARD_END, USER_HEAP_LIMIT), the loadable ones in
 * ascending address order, none sharing a page with another; the entry point
 * inside an executable segment. Returns 0 or -ENOEXEC with out->error set.
 * Time linear in the number of headers.
 */
int elf_check(const void *img, uint32_t len, struct elf_image *out);
/*
 * The same for a file of len bytes of which only the first head_len are at
 * img (a program read from the disk a page at a time): the ELF header and
 * the program headers must lie in them; a note past them is not read (the
 * caller reads its page and asks elf_note_is_pfgate).
 */
int elf_check_head(const void *img, uint32_t head_len, uint32_t len, struct elf_image *out);
/* Move a checked image so that its lowest page is at lo (an interpreter placed by the loader). */
void elf_rebias(struct elf_image *info, uint32_t lo);
/* Do the len bytes of notes at notes (4-aligned) hold the pfgate note? For a note past the head, read on its own. */
bool elf_note_is_pfgate(const void *notes, uint32_t len);

/*
 * Map and fill the segments of a checked image: the pages with file bytes
 * now; pure bss pages as up to max demand-zero regions appended to
 * demand[*ndemand] (mapped now past that). 0, -ENOMEM, or -EINTR if the
 * process was killed meanwhile (the load yields between pages); partial maps
 * are the caller's to destroy; a file's read error is its -errno. Called with interrupts off.
 */
struct file;
/* Where a checked image's bytes are: in memory (the initrd's), or a file read a page at a time (program_upcalls.h). */
struct elf_source {
	const void *img;     /* the whole file in memory, or the first page (headers) of file */
	struct file *file;   /* NULL: img is the whole file */
};
int elf_load(pde_t *pgdir, const struct elf_source *src, const struct elf_image *info,
	     struct vm_region *demand, unsigned *ndemand, unsigned max);
struct vm_area;
/*
 * The mmap areas (mm/vma.h) of an image elf_load mapped whole (an
 * interpreter's: no demand regions): per segment, its file pages as a
 * private file mapping, its pure bss as an anonymous one, as a dynamic
 * loader's mmaps would make them. Their count (at most max), or -ENOMEM.
 */
int elf_areas(const struct elf_source *src, const struct elf_image *info, struct vm_area *out, unsigned max);

#endif
