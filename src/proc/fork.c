/*
 * fork: the child is a copy of the caller made without copying memory. Its
 * address space shares every page copy-on-write (mm/cow.c), each shared
 * page promising the frame its copy may need, so that -ENOMEM comes here
 * and never at a later write. The rest is copied: the user registers (the
 * full frame the fork gate's thunk completed), FPU state, FS and GS, the
 * gate set (a sandbox stays one), the descriptors, the demand-zero regions
 * with their own promise. (Signal dispositions and the mask, when they
 * exist, are copied here too.)
 */
#include "proc/sched.h"
#include "proc/mmap.h"
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

int proc_fork(void)
{
	struct proc *parent = current_proc();
	int err;
	struct proc *p = proc_alloc(&err);
	if (!p)
		return err;
	err = -ENOMEM;
	p->gate_table = gate_bind(&parent->gates);
	if (!p->gate_table)
		goto fail;
	p->gates = parent->gates;
	p->pgdir = vm_create();
	if (!p->pgdir)
		goto fail;
	if (!frame_reserve(parent->demand_reserved))   /* the demand-zero pages neither has touched yet */
		goto fail;
	p->demand_reserved = parent->demand_reserved;
	memcpy(p->demand, parent->demand, sizeof p->demand);
	p->ndemand = parent->ndemand;
	p->heap_base = parent->heap_base;
	p->brk = parent->brk;
	proc_mmap_fork(p, parent);
	if (vm_fork(p->pgdir, parent->pgdir))
		goto fail;

	uint32_t fs, gs;   /* the user's, live while the kernel runs (swtch.asm) */
	__asm__ volatile("mov %%fs, %0\n\tmov %%gs, %1" : "=r"(fs), "=r"(gs));
	struct trap_frame *tf = proc_first_frame(p, fs, gs);
	*tf = *parent->tf;          /* the thunk emulated the gate's `ret` into it already */
	tf->eax = 0;                /* the child's result */
	tf->ecx = tf->edx = 0;      /* nothing of the kernel, as from any gate */
	err = proc_files_inherit(p, parent, false);   /* the same open files, close-on-exec ones too */
	if (err)
		goto fail;
	copy_fpu(p, parent);
	signal_fork(p, parent);
	memcpy(p->exe, parent->exe, sizeof p->exe);
	memcpy(p->cmdline, parent->cmdline, sizeof p->cmdline);
	p->cmdline_len = parent->cmdline_len;
	proc_start(p, parent->name, parent);
	return p->pid;

fail:
	proc_free(p);
	return err;
}
