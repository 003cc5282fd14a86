/* mmap'ed areas: the bookkeeping and what it does to the page tables (mm/vma.h). */
#include "mm/vma.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "arch/x86.h"
#include "lib/string.h"
#include <pfgate/errno.h>

const struct vm_area *vma_find(const struct vm_areas *m, uint32_t va)
{
	for (unsigned i = 0; i < m->n && m->a[i].lo <= va; i++)
		if (va < m->a[i].hi)
			return &m->a[i];
	return NULL;
}

bool vma_overlaps(const struct vm_areas *m, uint32_t lo, uint32_t hi)
{
	for (unsigned i = 0; i < m->n; i++)
		if (m->a[i].lo < hi && lo < m->a[i].hi)
			return true;
	return false;
}

bool vma_covers(const struct vm_areas *m, uint32_t lo, uint32_t hi)
{
	for (unsigned i = 0; i < m->n && lo < hi; i++)
		if (m->a[i].lo <= lo && lo < m->a[i].hi)
			lo = m->a[i].hi;
	return lo >= hi;
}

uint32_t vma_gap(const struct vm_areas *m, uint32_t len, uint32_t floor, uint32_t top)
{
	/* Downwards from top: below each area (highest first), then above floor. */
	uint32_t hi = top;
	for (int i = (int)m->n - 1; i >= -1; i--) {
		uint32_t lo = i >= 0 ? m->a[i].hi : floor;
		if (lo < floor)
			lo = floor;
		if (hi > lo && hi - lo >= len)
			return hi - len;
		if (i >= 0 && m->a[i].lo < hi)
			hi = m->a[i].lo;
		if (hi <= floor)
			return 0;
	}
	return 0;
}

static void remove_at(struct vm_areas *m, unsigned i)
{
	memmove(&m->a[i], &m->a[i + 1], (m->n - i - 1) * sizeof m->a[0]);
	m->n--;
}

static int insert_at(struct vm_areas *m, unsigned i, const struct vm_area *a)
{
	if (m->n == MMAP_AREAS)
		return -ENOMEM;
	for (unsigned j = m->n; j > i; j--)
		m->a[j] = m->a[j - 1];
	m->a[i] = *a;
	m->n++;
	return 0;
}

/* Cut the area holding va (if any, and va inside it) in two at va: 0 or -ENOMEM. */
static int split_at(struct vm_areas *m, uint32_t va)
{
	for (unsigned i = 0; i < m->n; i++) {
		struct vm_area *a = &m->a[i];
		if (a->lo < va && va < a->hi) {
			struct vm_area upper = *a;
			upper.lo = va;
			if (upper.flags & VMA_FILE)
				upper.pgoff += (va - a->lo) >> PAGE_SHIFT;
			if (insert_at(m, i + 1, &upper))
				return -ENOMEM;
			m->a[i].hi = va;
			return 0;
		}
	}
	return 0;
}

int vma_carve(struct vm_areas *m, uint32_t lo, uint32_t hi)
{
	struct vm_areas work = *m;   /* all or nothing */
	if (split_at(&work, lo) || split_at(&work, hi))
		return -ENOMEM;
	for (unsigned i = 0; i < work.n;)
		if (work.a[i].lo >= lo && work.a[i].hi <= hi)
			remove_at(&work, i);
		else
			i++;
	*m = work;
	return 0;
}

int vma_insert(struct vm_areas *m, const struct vm_area *a)
{
	unsigned i = 0;
	while (i < m->n && m->a[i].lo < a->lo)
		i++;
	return insert_at(m, i, a);
}

int vma_set_prot(struct vm_areas *m, uint32_t lo, uint32_t hi, uint16_t prot)
{
	struct vm_areas work = *m;
	if (split_at(&work, lo) || split_at(&work, hi))
		return -ENOMEM;
	for (unsigned i = 0; i < work.n; i++)
		if (work.a[i].lo >= lo && work.a[i].hi <= hi)
			work.a[i].prot = prot;
	*m = work;
	return 0;
}

uint32_t vma_pte_flags(const struct vm_area *a)
{
	if (!(a->prot & PROT_MASK))
		return a->flags & MAP_SHARED ? PTE_SHARED : 0;   /* still a shared page: a fork shares it without a promise */
	uint32_t f = PTE_U;   /* x86 cannot refuse a read: PROT_WRITE and PROT_EXEC read too */
	if (a->prot & PROT_WRITE)
		f |= PTE_W;
	if (a->flags & MAP_SHARED)
		f |= PTE_SHARED;
	return f;
}

static bool current_space(pde_t *pgdir) { return V2P(pgdir) == read_cr3(); }

void vma_unmap_pages(pde_t *pgdir, const struct vm_areas *m, uint32_t lo, uint32_t hi, uint32_t *promised)
{
	for (unsigned i = 0; i < m->n; i++) {
		const struct vm_area *a = &m->a[i];
		uint32_t from = a->lo > lo ? a->lo : lo, to = a->hi < hi ? a->hi : hi;
		for (uint32_t va = from; va < to; va += PAGE_SIZE) {
			pte_t *pte = vm_lookup(pgdir, va);
			if (pte && (*pte & PTE_P)) {
				frame_free(*pte & PTE_ADDR_MASK);
				*pte = 0;
				if (current_space(pgdir))
					invlpg(va);
			} else if (vma_demand(a)) {
				frame_unreserve(1);
				(*promised)--;
			}
		}
	}
}

void vm_protect_page(pde_t *pgdir, uint32_t va, uint32_t want)
{
	pte_t *pte = vm_lookup(pgdir, va);
	if (!pte || !(*pte & PTE_P))
		return;
	uint32_t frame = *pte & PTE_ADDR_MASK;
	uint32_t f = want;
	/* A private page a fork still shares is written through its own copy: copy-on-write, not writable. */
	if ((f & PTE_W) && !(f & PTE_SHARED) && frame_is_shared(frame))
		f = (f & ~PTE_W) | PTE_COW;
	if (!(f & PTE_U))
		vm_guard_page(pgdir, va);
	*pte = frame | f | PTE_P;
	if (current_space(pgdir))
		invlpg(va);
}

bool vm_guard_seen;

void vm_guard_page(pde_t *pgdir, uint32_t va)
{
	vm_guard_seen = true;
	pgdir[PDX(va)] |= PDE_GUARDED;
}

void vma_protect_pages(pde_t *pgdir, const struct vm_area *a)
{
	uint32_t want = vma_pte_flags(a);
	for (uint32_t va = a->lo; va < a->hi; va += PAGE_SIZE)
		vm_protect_page(pgdir, va, want);
}

uint32_t vma_resident(pde_t *pgdir, uint32_t lo, uint32_t hi)
{
	uint32_t n = 0;
	for (uint32_t va = lo; va < hi; va += PAGE_SIZE) {
		pte_t *pte = vm_lookup(pgdir, va);
		n += pte && (*pte & PTE_P);
	}
	return n;
}
