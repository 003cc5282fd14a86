/*
 * vfork's address space (proc/vm_loan.c): the child runs in its parent's
 * space, the same page directory, image, heap, stack and mappings, while the
 * parent sleeps. The space's bookkeeping (struct proc's pgdir, demand-zero
 * regions and their promise, break, areas) moves with it: the borrower holds
 * the live copy while it runs, and gives it back to the lender when it execs
 * (the new image is built beside, the lent one is never torn down) or ends.
 * One process holds the space at a time, so there is nothing to count.
 */
#ifndef PROC_VM_LOAN_H
#define PROC_VM_LOAN_H

#include <stdint.h>
#include "mm/vma.h"

struct proc;

/* child runs in parent's space from now on (parent->vm_borrower, child->vm_lender); parent's pgdir stays in place. */
void proc_vm_lend(struct proc *child, struct proc *parent);
/*
 * Borrower p gives the lent space back to its lender and wakes it: the
 * space is pgdir with the given demand-zero regions and promise, and p's
 * break and areas (exec passes the ones it saved before building the new
 * image beside; exit p's own). p's own fields are left to the caller.
 */
void proc_vm_give_back(struct proc *p, pde_t *pgdir, const struct vm_region *demand, unsigned ndemand,
		       uint32_t demand_reserved);
/*
 * Lender p ends while its space is lent (killed in vfork's wait): the
 * borrower keeps the space as its own (its lender, if any, becomes p's
 * lender, which sleeps on until the space comes back), and p is left with
 * none (pgdir NULL: nothing for its exit to tear down).
 */
void proc_vm_hand_over(struct proc *p);

#endif
