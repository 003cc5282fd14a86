/* sbrk: the user heap, from the end of the image up to the guard page under the stack (USER_HEAP_LIMIT unless the arguments took more). */
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "mm/frames.h"
#include <pfgate/errno.h>

static uint32_t page_up(uint32_t a) { return (a + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK; }
static uint32_t pde_up(uint32_t a) { return (a + PDE_SPAN - 1) & ~(PDE_SPAN - 1); }

/*
 * Moves the break by increment bytes and returns the old break, or -ENOMEM
 * (nothing changed) if it would leave [heap_base, the stack's guard page] or frames
 * run out. New pages are demand-zero: their page tables are made and their
 * frames promised now (mm/frames.h), each mapped zeroed when first touched
 * (proc_demand_fault). Pages given back return to the frame pool, or their
 * promise does.
 */
long svc_sbrk(long increment)
{
	struct proc *p = current_proc();
	int32_t inc = increment;
	uint32_t old = p->brk;
	uint32_t new_brk = old + (uint32_t)inc;
	if ((inc > 0 && (new_brk < old || new_brk > proc_stack_bottom(p) - PAGE_SIZE)) ||
	    (inc < 0 && (new_brk > old || new_brk < p->heap_base)))
		return -ENOMEM;
	uint32_t have = page_up(old), want = page_up(new_brk);
	if (want > have && vma_overlaps(&p->maps, have, want))
		return -ENOMEM;   /* a mapping is in the way */
	if (want > have) {
		uint32_t pages = (want - have) >> PAGE_SHIFT;
		if (vm_ensure_tables(p->pgdir, have, want) || !frame_reserve(pages)) {
			vm_prune_tables(p->pgdir, pde_up(have), want);   /* the page tables it took */
			return -ENOMEM;
		}
		p->demand_reserved += pages;
	}
	for (uint32_t va = want; va < have; va += PAGE_SIZE) {
		uint32_t frame = vm_unmap(p->pgdir, va);
		if (frame) {
			frame_free(frame);
		} else {
			frame_unreserve(1);   /* never touched */
			p->demand_reserved--;
		}
	}
	/* Only tables wholly above the new break: the one it ends in may hold untouched heap pages. */
	vm_prune_tables(p->pgdir, pde_up(want), have);
	p->brk = new_brk;
	return (long)old;
}
