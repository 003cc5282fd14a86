/*
 * fork: the child is a copy of the caller made without copying memory. Its
 * address space shares every page copy-on-write (mm/cow.c), each shared
 * page promising the frame its copy may need, so that -ENOMEM comes here
 * and never at a later write. The rest is copied: the user registers (the
 * full frame the fork gate's thunk completed), FPU state, FS and GS, the
 * gate set (a sandbox stays one), the descriptors, the demand-zero regions
 * with their own promise, signal dispositions and the mask, the executable's
 * path. A Linux program's child is a Linux program: Linux's dispatch table,
 * its TLS slot, its vDSO page (shared read-only like any other page), and
 * every register but EAX as the parent had it (Linux's promise; a native
 * child gets ECX and EDX zero, as from any gate). A vfork child shares
 * instead: the parent's own space, lent (proc/vm_loan.h).
 */
#include "proc/sched.h"
#include "proc/mmap.h"
#include "proc/vm_loan.h"
#include "proc/linux_upcalls.h"
#include "mm/frames.h"
#include "lib/string.h"
#include <pfgate/errno.h>

bool proc_cow_fault(uint32_t va)
{
	struct proc *p = current_proc();
	if (!p || !p->pgdir || va < NULL_GUARD_END || va >= GATE_BASE)
		return false;
	return vm_cow_fault(p->pgdir, va & ~PAGE_OFFSET_MASK);
}

/* The x87/MMX state as the parent has it now: in the FPU if it owns it (fnsave reinitialises: restore it). */
static void copy_fpu(struct proc *child, struct proc *parent)
{
	if (cpu0.fpu_owner == parent) {
		fpu_save(child->fpu);
		fpu_restore(child->fpu);
	} else {
		memcpy(child->fpu, parent->fpu, sizeof child->fpu);
	}
}

/* The child's own copy-on-write copy of the parent's space: 0 or -ENOMEM (proc_free undoes a part). */
static int copy_space(struct proc *p, struct proc *parent)
{
	p->pgdir = vm_create();
	if (!p->pgdir)
		return -ENOMEM;
	if (!frame_reserve(parent->demand_reserved))   /* the demand-zero pages neither has touched yet */
		return -ENOMEM;
	p->demand_reserved = parent->demand_reserved;
	memcpy(p->demand, parent->demand, sizeof p->demand);
	p->ndemand = parent->ndemand;
	p->heap_base = parent->heap_base;
	p->brk = parent->brk;
	proc_mmap_fork(p, parent);
	return vm_fork(p->pgdir, parent->pgdir) ? -ENOMEM : 0;
}

struct proc *proc_fork_copy(int *errp, bool share_vm)
{
	struct proc *parent = current_proc();
	int err;
	struct proc *p = proc_alloc(&err);
	if (!p) {
		*errp = err;
		return NULL;
	}
	err = -ENOMEM;
	p->gate_table = parent->linux.abi ? linux_gate_table() : gate_bind(&parent->gates);
	if (!p->gate_table)
		goto fail;
	p->gates = parent->gates;
	if (!share_vm && (err = copy_space(p, parent)))
		goto fail;

	uint32_t fs, gs;   /* the user's, live while the kernel runs (swtch.asm) */
	__asm__ volatile("mov %%fs, %0\n\tmov %%gs, %1" : "=r"(fs), "=r"(gs));
	struct trap_frame *tf = proc_first_frame(p, fs, gs);
	*tf = *parent->tf;          /* the thunk emulated the gate's `ret` into it already */
	tf->eax = 0;                /* the child's result */
	if (!parent->linux.abi)
		tf->ecx = tf->edx = 0;   /* nothing of the kernel, as from any gate */
	err = proc_files_inherit(p, parent, false);   /* the same open files, close-on-exec ones too */
	if (err)
		goto fail;
	if (share_vm)
		proc_vm_lend(p, parent);   /* past the last failure: proc_free must never see the parent's space */
	copy_fpu(p, parent);
	signal_fork(p, parent);
	if (parent->linux.abi) {   /* (a native child's is zero, as the free slot was): no counts */
		p->linux.abi = true;
		p->linux.tls = parent->linux.tls;
		p->linux.altstack_sp = parent->linux.altstack_sp;   /* the same stack, in the copy of the space */
		p->linux.altstack_size = parent->linux.altstack_size;
	}
	strlcpy_k(p->exe, parent->exe, sizeof p->exe);
	p->arg_start = parent->arg_start;   /* its arguments lie in the copy of the stack */
	p->arg_end = parent->arg_end;
	p->stack_bottom = parent->stack_bottom;
	proc_start(p, parent->name, parent);
	return p;

fail:
	proc_free(p);
	*errp = err;
	return NULL;
}

int proc_fork(void)
{
	int err;
	struct proc *child = proc_fork_copy(&err, false);
	return child ? child->pid : err;
}
