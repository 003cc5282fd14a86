#include "proc/elf.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "lib/string.h"
#include "arch/long_work.h"
#include "proc/program_upcalls.h"
#include "mm/vma.h"
#include <pfgate/errno.h>

/*
 * Segments were checked by elf_check: in user space, in the file, on their
 * own pages. Only the pages that hold file bytes get frames now: the file's
 * bytes copied in, the rest of the page (before the segment, and the bss
 * that shares the last file page) zeroed. The pages after that are the
 * segment's pure bss: while there is room in demand[], they become demand-zero
 * regions (mapped when first touched, with the segment's permissions);
 * beyond that they are mapped zeroed now.
 *
 * Filling the pages is long work (arch/long_work.h): a page at a time with
 * interrupts on, and between two a preemption point that may let others run.
 * The half-made child is the caller's to free, so a kill stops the load with
 * -EINTR instead of ending the process here.
 *
 * A program from the disk (src->file) is never whole in memory: each page
 * with file bytes is read straight into its frame (the file system may
 * sleep on the disk meanwhile, as a mapped file's read does), then the
 * bytes around the segment's are zeroed.
 */
/* One page of a segment: zeroes, then `len` file bytes at `at`, then zeroes. A piece of long work (its own frame for debuggers). */
static void __attribute__((noinline)) fill_page(char *page, uint32_t at, const char *bytes, uint32_t len)
{
	memset(page, 0, at);
	memcpy(page + at, bytes, len);
	memset(page + at + len, 0, PAGE_SIZE - at - len);
}

/* One page of a segment from a file: the page read whole, then all but [at, at + len) zeroed. */
static int read_page(struct file *f, char *page, uint32_t off, uint32_t at, uint32_t len)
{
	int err = proc_program_page(f, page, off);
	uint32_t irq = long_work_begin();
	memset(page, 0, at);
	memset(page + at + len, 0, PAGE_SIZE - at - len);
	long_work_end(irq);
	return err;
}

int elf_load(pde_t *pgdir, const struct elf_source *src, const struct elf_image *info,
	     struct vm_region *demand, unsigned *ndemand, unsigned max)
{
	const void *img = src->img;
	const Elf32_Ehdr *eh = img;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)((const char *)img + eh->e_phoff + i * sizeof(Elf32_Phdr));
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		uint32_t vaddr = ph->p_vaddr + info->bias;   /* where elf_check (and elf_rebias) put it */
		uint32_t flags = PTE_U | ((ph->p_flags & PF_W) ? PTE_W : 0);
		uint32_t first = vaddr & ~PAGE_OFFSET_MASK;
		uint32_t end = vaddr + ph->p_memsz;
		uint32_t file_end = vaddr + ph->p_filesz;
		uint32_t bss_first = (file_end + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK;
		if (ph->p_filesz == 0)
			bss_first = first;
		uint32_t end_page = (end + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK;
		if (bss_first < end_page && *ndemand < max) {
			demand[(*ndemand)++] = (struct vm_region){ bss_first, end_page, flags };
			end = bss_first;
		}
		for (uint32_t va = first; va < end; va += PAGE_SIZE) {
			/* The part of [p_vaddr, file_end) that falls in this page. */
			uint32_t lo = va > vaddr ? va : vaddr;
			uint32_t hi = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
			uint32_t frame = lo < hi ? frame_alloc_raw() : frame_alloc();
			if (!frame)
				return -ENOMEM;
			if (vm_map(pgdir, va, frame, flags)) {
				frame_free(frame);
				return -ENOMEM;
			}
			if (lo < hi && src->file) {
				/* p_offset and p_vaddr agree modulo the page (elf_check): va's page is a page of the file. */
				uint32_t off = (ph->p_offset & ~PAGE_OFFSET_MASK) + (va - first);
				int err = read_page(src->file, P2V(frame), off, lo - va, hi - lo);
				if (err)
					return err;
			} else if (lo < hi) {
				uint32_t irq = long_work_begin();
				fill_page(P2V(frame), lo - va, (const char *)img + ph->p_offset + (lo - vaddr), hi - lo);
				long_work_end(irq);
			}
			if (long_work_pause())
				return -EINTR;
		}
	}
	return 0;
}

/*
 * The areas a loaded image's segments make, as ld.so's own mmaps of a
 * library would: the pages with file bytes a private file mapping (at
 * their offset in the file), the pure bss after them an anonymous one
 * (elf_load mapped them all: nothing is promised). At most max of them
 * into out[]: their count, or -ENOMEM past max.
 */
int elf_areas(const struct elf_source *src, const struct elf_image *info, struct vm_area *out, unsigned max)
{
	const Elf32_Ehdr *eh = src->img;
	unsigned n = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)((const char *)src->img + eh->e_phoff + i * sizeof(Elf32_Phdr));
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		uint16_t prot = (uint16_t)(((ph->p_flags & PF_R) ? PROT_READ : 0) | ((ph->p_flags & PF_W) ? PROT_WRITE : 0) |
					   ((ph->p_flags & PF_X) ? PROT_EXEC : 0));
		uint32_t va = ph->p_vaddr + info->bias;
		uint32_t lo = va & ~PAGE_OFFSET_MASK;
		uint32_t file_hi = ph->p_filesz ? (va + ph->p_filesz + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK : lo;
		uint32_t hi = (va + ph->p_memsz + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK;
		if (file_hi > lo) {
			if (n == max)
				return -ENOMEM;
			out[n++] = (struct vm_area){ lo, file_hi, prot, MAP_PRIVATE | VMA_FILE, ph->p_offset >> PAGE_SHIFT };
		}
		if (hi > file_hi) {
			if (n == max)
				return -ENOMEM;
			out[n++] = (struct vm_area){ file_hi, hi, prot, MAP_PRIVATE, 0 };
		}
	}
	return (int)n;
}
