/*
 * mmap, munmap and mprotect on the current process's address space, and its
 * maps listing (proc/mmap.h). Everything that can fail is checked or taken
 * before anything changes: a refused call leaves the space as it was (the
 * one exception: a file read failing after MAP_FIXED dropped what was there,
 * as on Linux). Untouched private anonymous pages are promised frames
 * (p->demand_reserved, as the bss, stack and heap are): their first touch,
 * in proc_demand_fault, cannot fail.
 */
#include "proc/mmap.h"
#include "proc/sched.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "lib/string.h"
#include <pfgate/errno.h>

/*
 * Mappings go between the null guard and the guard page below a Linux
 * program's vDSO (the page under the stack's guard), away from the image and
 * heap; a native program leaves those two pages unused too, so one rule holds.
 */
#define MMAP_FLOOR NULL_GUARD_END
#define MMAP_TOP   LINUX_HEAP_LIMIT

static uint32_t page_up(uint32_t a) { return (a + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK; }

/* The image and heap: from USER_BASE (elf_check keeps segments there) to the break. */
static bool overlaps_image(const struct proc *p, uint32_t lo, uint32_t hi)
{
	return lo < page_up(p->brk) && USER_BASE < hi;
}

/* Is a page table of the span holding [lo, hi) still wanted by the image, heap, stack or a mapping? */
static bool span_in_use(const struct proc *p, uint32_t lo, uint32_t hi)
{
	return overlaps_image(p, lo, hi) || (lo < USER_STACK_TOP && proc_stack_bottom(p) < hi) ||
	       vma_overlaps(&p->maps, lo, hi);
}

/* Free the page tables of [lo, hi)'s spans that nothing uses any more (they are empty then). */
static void prune_tables(struct proc *p, uint32_t lo, uint32_t hi)
{
	for (uint32_t span = lo & ~(PDE_SPAN - 1); span < hi && span < KERNEL_BASE; span += PDE_SPAN) {
		if (!span_in_use(p, span, span + PDE_SPAN))
			vm_prune_tables(p->pgdir, span, span + PDE_SPAN);
		if (span + PDE_SPAN < span)
			break;
	}
}

uint16_t proc_map_name(struct proc *p, const char *name)
{
	if (!name || !*name)
		return 0;
	int free_slot = -1;
	for (unsigned i = 0; i < MAP_NAMES; i++) {
		uint16_t bits = (uint16_t)((i + 1) << VMA_NAME_SHIFT);
		bool used = false;
		for (unsigned j = 0; j < p->maps.n && !used; j++)
			used = (p->maps.a[j].flags & VMA_NAME_MASK) == bits;
		if (used && !strcmp(p->map_names[i], name))
			return bits;
		if (!used && free_slot < 0)
			free_slot = (int)i;
	}
	if (free_slot < 0)
		return 0;
	strlcpy_k(p->map_names[free_slot], name, sizeof p->map_names[free_slot]);
	return (uint16_t)((free_slot + 1) << VMA_NAME_SHIFT);
}

const char *proc_map_name_at(const struct proc *p, uint32_t va)
{
	const struct vm_area *a = vma_find(&p->maps, va);
	unsigned slot = a ? (a->flags & VMA_NAME_MASK) >> VMA_NAME_SHIFT : 0;
	return slot ? p->map_names[slot - 1] : "";
}

long proc_mmap(const struct pf_mmap *req, mmap_fill_fn fill, void *ctx, const char *name)
{
	struct proc *p = current_proc();
	uint32_t len = page_up(req->len);
	if (!req->len || (req->prot & ~PROT_MASK) || (req->flags & ~MAP_FLAGS))
		return -EINVAL;
	uint32_t type = req->flags & MAP_TYPE;
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if (!len || len > MMAP_TOP - MMAP_FLOOR)   /* page_up wrapped, or more than there is */
		return -ENOMEM;
	bool file = !(req->flags & MAP_ANONYMOUS);
	if (file && type == MAP_SHARED)
		return -ENODEV;   /* a shared file mapping would need writing back: not made */
	uint32_t lo;
	if (req->flags & MAP_FIXED) {
		lo = req->addr;
		if (lo & PAGE_OFFSET_MASK)
			return -EINVAL;
		if (lo < MMAP_FLOOR || lo > MMAP_TOP - len || overlaps_image(p, lo, lo + len))
			return -ENOMEM;   /* the kernel, the gate window, the stack, the image or the heap */
	} else {
		lo = vma_gap(&p->maps, len, page_up(p->brk), MMAP_TOP);
		if (!lo)
			lo = vma_gap(&p->maps, len, MMAP_FLOOR, USER_BASE);
		if (!lo)
			return -ENOMEM;
	}
	uint32_t hi = lo + len, pages = len >> PAGE_SHIFT;
	/* A slot only areas this call replaces named may be taken: they go below, so no area is misnamed. */
	uint16_t named = file ? proc_map_name(p, name) : 0;
	struct vm_area area = { lo, hi, (uint16_t)req->prot, (uint16_t)(type | (file ? VMA_FILE : 0) | named), file ? req->pgoff : 0 };
	struct vm_areas maps = p->maps;
	if (vma_carve(&maps, lo, hi) || vma_insert(&maps, &area))
		return -ENOMEM;
	if (!frame_reserve(pages))
		return -ENOMEM;
	if (vm_ensure_tables(p->pgdir, lo, hi)) {
		frame_unreserve(pages);
		prune_tables(p, lo, hi);
		return -ENOMEM;
	}
	/* From here nothing fails (but a file's read): out with the old, in with the new. */
	vma_unmap_pages(p->pgdir, &p->maps, lo, hi, &p->demand_reserved);
	p->maps = maps;
	if (vma_demand(&area)) {
		p->demand_reserved += pages;
		return (long)lo;
	}
	uint32_t flags = vma_pte_flags(&area);
	for (uint32_t va = lo; va < hi; va += PAGE_SIZE) {
		uint32_t frame = frame_alloc_reserved();   /* zeroed: a file's tail past its end stays zero */
		int err = file ? fill(ctx, P2V(frame), ((uint64_t)area.pgoff << PAGE_SHIFT) + (va - lo)) : 0;
		if (!(flags & PTE_U))
			vm_guard_page(p->pgdir, va);   /* PROT_NONE: the checked copies refuse it */
		*vm_lookup(p->pgdir, va) = frame | flags | PTE_P;
		if (err) {
			frame_unreserve((hi - va - PAGE_SIZE) >> PAGE_SHIFT);   /* the pages not made */
			proc_munmap(lo, len);
			return err;
		}
	}
	return (long)lo;
}

long proc_munmap(uint32_t addr, uint32_t len)
{
	struct proc *p = current_proc();
	uint32_t hi = addr + page_up(len);
	if ((addr & PAGE_OFFSET_MASK) || !len || hi <= addr || hi > GATE_BASE)
		return -EINVAL;
	struct vm_areas maps = p->maps;
	if (vma_carve(&maps, addr, hi))
		return -ENOMEM;   /* a hole in the middle of an area, and no slot for its upper part */
	vma_unmap_pages(p->pgdir, &p->maps, addr, hi, &p->demand_reserved);
	p->maps = maps;
	prune_tables(p, addr, hi);
	return 0;
}

/*
 * Is va a page of p's own outside its areas: the image and heap, the
 * stack, a Linux program's vDSO (its own copy: making it writable hurts no
 * one else)? Their protection lives in their PTEs alone (they are no areas).
 */
static bool fixed_page(const struct proc *p, uint32_t va)
{
	return (va >= USER_BASE && va < page_up(p->brk)) || (va >= proc_stack_bottom(p) && va < USER_STACK_TOP) ||
	       (p->linux.abi && va >= LINUX_VDSO_BASE && va < LINUX_VDSO_BASE + PAGE_SIZE);
}

/*
 * One mprotect for every page a process has (both personalities' gates):
 * its areas (the new protection kept with them, so later faults honour it)
 * and the image, heap, stack and vDSO, whose pages are made present first
 * (a demand-zero one is faulted in) so that the protection sticks. Any page
 * of the range that is none of these: -ENOMEM, nothing changed.
 */
long proc_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
	struct proc *p = current_proc();
	uint32_t hi = addr + page_up(len);
	if ((addr & PAGE_OFFSET_MASK) || (prot & ~PROT_MASK))
		return -EINVAL;
	if (!len)
		return 0;
	if (hi <= addr || hi > GATE_BASE)
		return -ENOMEM;
	struct vm_areas work = p->maps;
	for (uint32_t va = addr; va < hi; va += PAGE_SIZE) {
		const struct vm_area *a = vma_find(&work, va);
		if (a) {
			/* The run of this area inside the range, at once. */
			uint32_t run_hi = a->hi < hi ? a->hi : hi;
			if (vma_set_prot(&work, va, run_hi, (uint16_t)prot))
				return -ENOMEM;   /* a split with no slot left */
			va = run_hi - PAGE_SIZE;
			continue;
		}
		pte_t *pte = fixed_page(p, va) ? vm_lookup(p->pgdir, va) : NULL;
		if (!pte || (!(*pte & PTE_P) && !proc_demand_fault(va)))
			return -ENOMEM;   /* Linux's answer for a range with pages nothing holds */
	}
	p->maps = work;
	struct vm_area fixed = { 0, 0, (uint16_t)prot, MAP_PRIVATE, 0 };
	uint32_t want = vma_pte_flags(&fixed);
	for (uint32_t va = addr; va < hi; va += PAGE_SIZE) {
		const struct vm_area *a = vma_find(&p->maps, va);
		vm_protect_page(p->pgdir, va, a ? vma_pte_flags(a) : want);
	}
	return 0;
}

bool proc_mmap_fault(struct proc *p, uint32_t va, uint32_t *flags)
{
	const struct vm_area *a = vma_find(&p->maps, va);
	if (!a || !vma_demand(a) || !(*flags = vma_pte_flags(a)))
		return false;
	/* Its table was made at mmap; sbrk's pruning may have taken it back since (an empty table beside the heap's). */
	return vm_ensure_tables(p->pgdir, va, va + PAGE_SIZE) == 0;
}

void proc_mmap_fork(struct proc *child, const struct proc *parent)
{
	/* The areas in use only, and the names only when an area may use one: fork's cost is make bench's. */
	child->maps.n = parent->maps.n;
	memcpy(child->maps.a, parent->maps.a, parent->maps.n * sizeof parent->maps.a[0]);
	if (parent->maps.n)
		memcpy(child->map_names, parent->map_names, sizeof child->map_names);
}

unsigned proc_mmap_ranges(const struct proc *p, struct vm_range *r)
{
	for (unsigned i = 0; i < p->maps.n; i++)
		r[i] = (struct vm_range){ p->maps.a[i].lo, p->maps.a[i].hi };
	return p->maps.n;
}

bool proc_maps_entry(struct proc *p, unsigned index, struct pf_map *out)
{
	struct pf_map all[MMAP_AREAS + 5];
	unsigned n = 0;
	uint32_t heap_hi = page_up(p->brk);
	if (p->heap_base > USER_BASE)
		all[n++] = (struct pf_map){ USER_BASE, page_up(p->heap_base), PROT_MASK, MAP_PRIVATE, PF_MAP_IMAGE, 0, 0 };
	if (heap_hi > page_up(p->heap_base))
		all[n++] = (struct pf_map){ page_up(p->heap_base), heap_hi, PROT_READ | PROT_WRITE, MAP_PRIVATE, PF_MAP_HEAP, 0, 0 };
	for (unsigned i = 0; i < p->maps.n; i++) {
		const struct vm_area *a = &p->maps.a[i];
		all[n++] = (struct pf_map){ a->lo, a->hi, a->prot, a->flags & MAP_TYPE,
					    (a->flags & VMA_FILE) ? PF_MAP_FILE : PF_MAP_ANON, a->pgoff, 0 };
	}
	if (p->linux.abi) {   /* as Linux names them; the vDSO's protection is its PTE's (mprotect may change it): shown as made */
		all[n++] = (struct pf_map){ LINUX_VVAR_BASE, LINUX_VVAR_BASE + PAGE_SIZE, PROT_READ, MAP_PRIVATE, PF_MAP_VVAR, 0, 0 };
		all[n++] = (struct pf_map){ LINUX_VDSO_BASE, LINUX_VDSO_BASE + PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, PF_MAP_VDSO, 0, 0 };
	}
	all[n++] = (struct pf_map){ proc_stack_bottom(p), USER_STACK_TOP, PROT_READ | PROT_WRITE, MAP_PRIVATE, PF_MAP_STACK, 0, 0 };
	if (index >= n)
		return false;
	/* In address order: mappings below the image come first. */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && all[j].lo < all[j - 1].lo; j--) {
			struct pf_map t = all[j];
			all[j] = all[j - 1];
			all[j - 1] = t;
		}
	*out = all[index];
	out->resident = vma_resident(p->pgdir, out->lo, out->hi);
	return true;
}
