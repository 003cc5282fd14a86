#include "kernel/elf.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "kernel/string.h"
#include <pfgate/errno.h>

/* Segments were checked by elf_check: in user space, in the file, on their own pages. */
int elf_load(pde_t *pgdir, const void *img, const struct elf_image *info)
{
	(void)info;
	const Elf32_Ehdr *eh = img;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)((const char *)img + eh->e_phoff + i * sizeof(Elf32_Phdr));
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		uint32_t flags = PTE_U | ((ph->p_flags & PF_W) ? PTE_W : 0);
		uint32_t first = ph->p_vaddr & ~PAGE_OFFSET_MASK;
		uint32_t end = ph->p_vaddr + ph->p_memsz;
		for (uint32_t va = first; va < end; va += PAGE_SIZE) {
			uint32_t frame = frame_alloc();   /* zeroed: that is the bss */
			if (!frame)
				return -ENOMEM;
			if (vm_map(pgdir, va, frame, flags)) {
				frame_free(frame);
				return -ENOMEM;
			}
			/* The part of [p_vaddr, p_vaddr + p_filesz) that falls in this page. */
			uint32_t lo = va > ph->p_vaddr ? va : ph->p_vaddr;
			uint32_t file_end = ph->p_vaddr + ph->p_filesz;
			uint32_t hi = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
			if (lo < hi)
				memcpy((char *)P2V(frame) + (lo - va),
				       (const char *)img + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
		}
	}
	return 0;
}
