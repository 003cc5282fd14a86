/*
 * Copy-on-write: fork shares every page of the parent with the child and
 * makes the writable ones read-only in both, marked PTE_COW; the first write
 * to one faults (a user write, or a checked kernel copy_to_user: CR0.WP
 * holds the kernel to read-only pages too) and gets a page of its own. The
 * copies are paid for when the sharing is made (frame_share's promise,
 * mm/frames.h), so a write fault never fails and never kills. A MAP_SHARED
 * page (PTE_SHARED) stays one writable page for both, and its extra
 * reference promises nothing (frame_share_mapped).
 */
#include "mm/paging.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "arch/x86.h"
#include <pfgate/errno.h>
#include <pfgate/layout.h>

int vm_fork(pde_t *child, pde_t *parent)
{
	int err = 0;
	for (uint32_t i = 0; i < PDX(GATE_BASE) && !err; i++) {
		if (!(parent[i] & PTE_P))
			continue;
		uint32_t table = frame_alloc();
		if (!table) {
			err = -ENOMEM;
			break;
		}
		child[i] = table | (parent[i] & ~PTE_ADDR_MASK);
		pte_t *from = P2V(parent[i] & PTE_ADDR_MASK), *to = P2V(table);
		for (uint32_t j = 0; j < PTE_ENTRIES; j++) {
			if (!(from[j] & PTE_P))
				continue;   /* a demand-zero page not touched yet: the child's own promise covers it */
			if (from[j] & PTE_SHARED) {
				frame_share_mapped(from[j] & PTE_ADDR_MASK);   /* one page for both, never copied: no promise */
			} else if (!frame_share(from[j] & PTE_ADDR_MASK)) {
				err = -ENOMEM;
				break;
			} else if (from[j] & PTE_W) {
				from[j] = (from[j] & ~PTE_W) | PTE_COW;
			}
			to[j] = from[j];
		}
	}
	if (V2P(parent) == read_cr3())
		write_cr3(V2P(parent));   /* the pages made read-only may be cached writable */
	return err;
}

bool vm_cow_fault(pde_t *pgdir, uint32_t va)
{
	pte_t *pte = vm_lookup(pgdir, va);
	if (!pte || (*pte & (PTE_P | PTE_COW)) != (PTE_P | PTE_COW))
		return false;
	uint32_t frame = *pte & PTE_ADDR_MASK;
	if (frame_is_shared(frame))
		frame = frame_copy_shared(frame);   /* others still read the old one */
	/* else the last reference: the writer takes the frame over, no copy */
	*pte = frame | (*pte & ~(PTE_ADDR_MASK | PTE_COW)) | PTE_W;
	invlpg(va);
	return true;
}
