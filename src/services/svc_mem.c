/* sbrk: the user heap, from the end of the image up to USER_HEAP_LIMIT. */
#include "pfgate/gate_table.h"
#include "kernel/sched.h"
#include "mm/frames.h"
#include <pfgate/errno.h>

static uint32_t page_up(uint32_t a) { return (a + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK; }

/*
 * Moves the break by increment bytes and returns the old break, or -ENOMEM
 * (nothing changed) if it would leave [heap_base, USER_HEAP_LIMIT] or frames
 * run out. New pages are zeroed; pages given back return to the frame pool.
 */
long svc_sbrk(long increment)
{
	struct proc *p = current_proc();
	int32_t inc = increment;
	uint32_t old = p->brk;
	uint32_t new_brk = old + (uint32_t)inc;
	if ((inc > 0 && (new_brk < old || new_brk > USER_HEAP_LIMIT)) ||
	    (inc < 0 && (new_brk > old || new_brk < p->heap_base)))
		return -ENOMEM;
	uint32_t have = page_up(old), want = page_up(new_brk);
	bool grows = want > have;
	uint32_t irq = 0;
	if (grows)
		irq = long_work_begin();   /* zeroing the new pages: long work, as the loader's (sched.h) */
	for (uint32_t va = have; va < want; va += PAGE_SIZE) {
		uint32_t frame = frame_alloc();
		if (!frame || vm_map(p->pgdir, va, frame, PTE_U | PTE_W)) {
			if (frame)
				frame_free(frame);
			for (uint32_t undo = have; undo < va; undo += PAGE_SIZE)
				frame_free(vm_unmap(p->pgdir, undo));
			vm_prune_tables(p->pgdir, have, want);   /* and the page tables it took */
			long_work_end(irq);
			return -ENOMEM;
		}
	}
	if (grows)
		long_work_end(irq);
	for (uint32_t va = want; va < have; va += PAGE_SIZE)
		frame_free(vm_unmap(p->pgdir, va));
	vm_prune_tables(p->pgdir, want, have);
	p->brk = new_brk;
	if (grows)
		sched_preempt_point();   /* the zeroing ran with interrupts on: a tick may have ended the slice */
	return (long)old;
}
