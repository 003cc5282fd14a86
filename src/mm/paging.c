/*
 * Page tables and address spaces. Every address space shares the kernel's
 * upper-half directory entries (copied at creation; they never change after
 * boot because the kernel half is the direct map, plus device windows mapped
 * before the first process: mm/device_map.h). The gate window's entry is
 * never present anywhere: that is what makes every gate call fault.
 */
#include "mm/paging.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "arch/x86.h"
#include "lib/string.h"
#include "lib/panic.h"
#include <pfgate/errno.h>
#include <pfgate/layout.h>

#define KERNEL_PDE_FIRST PDX(KERNEL_BASE)
#define GATE_PDE         PDX(GATE_BASE)

_Static_assert(GATE_WINDOW_SIZE == PDE_SPAN, "the gate window is exactly one directory entry");
_Static_assert((GATE_BASE & (PDE_SPAN - 1)) == 0, "the gate window is directory-aligned");
_Static_assert(GATE_BASE + GATE_WINDOW_SIZE == KERNEL_BASE, "the window sits right below the kernel");
_Static_assert(DIRECT_MAP_SIZE % PDE_SPAN == 0, "the direct map is whole large pages");

/* Drop the boot identity map: from here on, low addresses belong to users. */
void paging_init(void)
{
	kernel_page_dir[0] = 0;
	write_cr3(V2P(kernel_page_dir));
}

pde_t *vm_create(void)
{
	uint32_t pa = frame_alloc();   /* zeroed: the user half */
	if (!pa)
		return NULL;
	pde_t *pgdir = P2V(pa);
	memcpy(&pgdir[KERNEL_PDE_FIRST], &kernel_page_dir[KERNEL_PDE_FIRST],
	       (PDE_ENTRIES - KERNEL_PDE_FIRST) * sizeof(pde_t));
	return pgdir;
}

/* Free every user page, every page table, and the directory itself. */
void vm_destroy(pde_t *pgdir)
{
	for (uint32_t i = 0; i < KERNEL_PDE_FIRST; i++) {
		if (!(pgdir[i] & PTE_P))
			continue;
		pte_t *pt = P2V(pgdir[i] & PTE_ADDR_MASK);
		for (uint32_t j = 0; j < PTE_ENTRIES; j++)
			if (pt[j] & PTE_P)
				frame_free(pt[j] & PTE_ADDR_MASK);
		frame_free(pgdir[i] & PTE_ADDR_MASK);
	}
	frame_free(V2P(pgdir));
}

/*
 * The same for a space whose user mappings all lie inside the ranges (page
 * aligned, below KERNEL_BASE): only their entries are looked at, not the
 * whole user half. The page tables go after every range's pages, since two
 * ranges may share one. Every entry it frees it clears, so the tables and
 * the directory go back as clean frames (frame_free_zeroed), which the next
 * vm_create and page tables take without zeroing: the premise - nothing
 * mapped outside the ranges - is what the free-frame counts of the tests
 * check (a page outside would never be freed).
 */
void vm_destroy_ranges(pde_t *pgdir, const struct vm_range *r, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		for (uint32_t va = r[k].lo; va < r[k].hi;) {
			uint32_t next = (va & ~(PDE_SPAN - 1)) + PDE_SPAN;
			uint32_t end = next < r[k].hi ? next : r[k].hi;
			pde_t pde = pgdir[PDX(va)];
			if (pde & PTE_P) {
				pte_t *pt = P2V(pde & PTE_ADDR_MASK);
				for (uint32_t j = PTX(va); j <= PTX(end - 1); j++)
					if (pt[j] & PTE_P) {
						frame_free(pt[j] & PTE_ADDR_MASK);
						pt[j] = 0;
					}
			}
			va = end;
		}
	}
	for (unsigned k = 0; k < n; k++) {
		if (r[k].hi <= r[k].lo)
			continue;
		for (uint32_t i = PDX(r[k].lo); i <= PDX(r[k].hi - 1); i++)
			if (pgdir[i] & PTE_P) {
				frame_free_zeroed(pgdir[i] & PTE_ADDR_MASK);   /* every entry was in a range: all cleared */
				pgdir[i] = 0;
			}
	}
	/* The user half is all zeros now too; wipe the kernel half's copy and the directory is clean. */
	memset(&pgdir[KERNEL_PDE_FIRST], 0, (PDE_ENTRIES - KERNEL_PDE_FIRST) * sizeof(pde_t));
	frame_free_zeroed(V2P(pgdir));
}

/* Reloading CR3 flushes the TLB: skip it when the space is already the current one. */
void vm_activate(pde_t *pgdir)
{
	if (read_cr3() != V2P(pgdir))
		write_cr3(V2P(pgdir));
}

uint32_t vm_count_user_pages(const pde_t *pgdir)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < PDX(KERNEL_BASE); i++) {
		if (!(pgdir[i] & PTE_P))
			continue;
		const pte_t *pt = P2V(pgdir[i] & PTE_ADDR_MASK);
		for (uint32_t j = 0; j < PTE_ENTRIES; j++)
			n += pt[j] & PTE_P;
	}
	return n;
}

static bool user_va_ok(uint32_t va)
{
	return va >= NULL_GUARD_END && va < GATE_BASE;
}

pte_t *vm_lookup(pde_t *pgdir, uint32_t va)
{
	if (!(pgdir[PDX(va)] & PTE_P) || (pgdir[PDX(va)] & PTE_PS))
		return NULL;
	pte_t *pt = P2V(pgdir[PDX(va)] & PTE_ADDR_MASK);
	return &pt[PTX(va)];
}

int vm_ensure_tables(pde_t *pgdir, uint32_t lo, uint32_t hi)
{
	if (hi <= lo)
		return 0;
	for (uint32_t i = PDX(lo); i <= PDX(hi - 1); i++) {
		if (pgdir[i] & PTE_P)
			continue;
		uint32_t pt = frame_alloc();
		if (!pt)
			return -ENOMEM;
		pgdir[i] = pt | PTE_P | PTE_W | PTE_U;   /* as vm_map makes them */
	}
	return 0;
}

int vm_map(pde_t *pgdir, uint32_t va, uint32_t frame, uint32_t flags)
{
	if (!user_va_ok(va) || (va & PAGE_OFFSET_MASK) || (frame & PAGE_OFFSET_MASK))
		return -EINVAL;
	pde_t *pde = &pgdir[PDX(va)];
	if (!(*pde & PTE_P)) {
		uint32_t pt = frame_alloc();
		if (!pt)
			return -ENOMEM;
		/* Permissions are decided per page; the directory entry allows all. */
		*pde = pt | PTE_P | PTE_W | PTE_U;
	}
	pte_t *pte = vm_lookup(pgdir, va);
	if (*pte & PTE_P)
		panic("vm_map: %08x already mapped", va);
	*pte = frame | flags | PTE_P;
	return 0;
}

uint32_t vm_unmap(pde_t *pgdir, uint32_t va)
{
	pte_t *pte = vm_lookup(pgdir, va);
	if (!pte || !(*pte & PTE_P))
		return 0;
	uint32_t frame = *pte & PTE_ADDR_MASK;
	*pte = 0;
	if (V2P(pgdir) == read_cr3())
		invlpg(va);
	return frame;
}

void vm_prune_tables(pde_t *pgdir, uint32_t lo, uint32_t hi)
{
	if (hi <= lo)
		return;
	for (uint32_t i = PDX(lo); i <= PDX(hi - 1) && i < PDX(KERNEL_BASE); i++) {
		if (!(pgdir[i] & PTE_P))
			continue;
		const pte_t *pt = P2V(pgdir[i] & PTE_ADDR_MASK);
		bool empty = true;
		for (uint32_t j = 0; j < PTE_ENTRIES && empty; j++)
			empty = !(pt[j] & PTE_P);
		if (empty) {
			frame_free(pgdir[i] & PTE_ADDR_MASK);
			pgdir[i] = 0;
		}
	}
	if (V2P(pgdir) == read_cr3())
		write_cr3(V2P(pgdir));   /* the freed tables may still be cached */
}
