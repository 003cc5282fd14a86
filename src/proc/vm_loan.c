/*
 * vfork's loan of an address space (proc/vm_loan.h). The space's
 * bookkeeping lives in struct proc, so lending copies it to the borrower and
 * giving back copies it home: the lender sleeps throughout (vfork's wait,
 * src/linux), so the two copies never change at once, and the lender's is
 * stale until it comes back.
 */
#include "proc/vm_loan.h"
#include "proc/sched.h"
#include "proc/mmap.h"
#include "lib/string.h"

/* The space's bookkeeping but for the page directory and the demand-zero state: the break and the mapped areas. */
static void copy_heap_and_areas(struct proc *to, const struct proc *from)
{
	to->heap_base = from->heap_base;
	to->brk = from->brk;
	proc_mmap_fork(to, from);
}

void proc_vm_lend(struct proc *child, struct proc *parent)
{
	child->pgdir = parent->pgdir;
	memcpy(child->demand, parent->demand, sizeof child->demand);
	child->ndemand = parent->ndemand;
	child->demand_reserved = parent->demand_reserved;
	copy_heap_and_areas(child, parent);
	child->vm_lender = parent;
	parent->vm_borrower = child;
}

void proc_vm_give_back(struct proc *p, pde_t *pgdir, const struct vm_region *demand, unsigned ndemand,
		       uint32_t demand_reserved)
{
	struct proc *to = p->vm_lender;
	to->pgdir = pgdir;
	memcpy(to->demand, demand, sizeof to->demand);
	to->ndemand = ndemand;
	to->demand_reserved = demand_reserved;
	copy_heap_and_areas(to, p);
	to->vm_borrower = NULL;
	p->vm_lender = NULL;
	wakeup(to);   /* vfork's wait sleeps on the lender itself */
}

void proc_vm_hand_over(struct proc *p)
{
	struct proc *b = p->vm_borrower;
	b->vm_lender = p->vm_lender;   /* NULL: the borrower owns the space now */
	if (p->vm_lender)
		p->vm_lender->vm_borrower = b;
	p->vm_borrower = NULL;
	p->vm_lender = NULL;
	p->pgdir = NULL;
	p->demand_reserved = 0;
	p->ndemand = 0;
	p->maps.n = 0;
}
