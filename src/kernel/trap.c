/*
 * Every trap but the page fault arrives here (the #PF entry goes to
 * pf_declined first: what the gate stub did not accept). Kernel faults are our bugs: panic with a report. User
 * faults are the process's: kill it with a report, and go on.
 */
#include "kernel/traps.h"
#include "kernel/sched.h"
#include "kernel/panic.h"
#include "kernel/console.h"
#include "kernel/fault_report.h"
#include "kernel/x86.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/serial.h"
#include "drivers/keyboard.h"
#include "mm/uaccess.h"
#include "kernel/smap.h"
#include "pfgate/decode.h"
#include "pfgate/doors/doors.h"

static enum kill_reason kill_reason_for(uint32_t vector)
{
	switch (vector) {
	case T_GPF:
	case T_SEG_NP:
	case T_STACK:
		return KILL_PROTECTION;
	case T_INVALID_OP:
		return KILL_ILLEGAL;
	case T_DIVIDE:
	case T_OVERFLOW:
	case T_BOUND:
	case T_FPU:
	case T_SIMD:
		return KILL_ARITHMETIC;
	case T_PAGE_FAULT:
		return KILL_PAGE_FAULT;
	default:
		return KILL_OTHER_FAULT;
	}
}

static void kernel_fault(struct trap_frame *tf, uint32_t cr2)
{
	console_go_synchronous();
	kprintf("kernel fault:\n");
	fault_report(tf, cr2, "  ");
	panic("%s in kernel mode", trap_name(tf->vector));
}

/*
 * Virtual-8086 mode is no mode of ours. A real CPU keeps ring 3 out of it
 * (iret loads EFLAGS.VM only at CPL 0), but QEMU's TCG iret does not check:
 * a user could run 16-bit code there. Whatever brings such a process into
 * the kernel, a fault or an interrupt, ends it.
 */
static void refuse_vm86(struct trap_frame *tf, uint32_t cr2)
{
	if (trap_from_vm86(tf))
		proc_kill_fault(tf, cr2, KILL_PROTECTION);
}

void page_fault(struct trap_frame *tf, uint32_t cr2)
{
	refuse_vm86(tf, cr2);
	/* A first touch of a demand-zero page (the stack, the bss, the heap): mapped, and the access retried. */
	bool absent = !(tf->err & PF_ERR_P);
	if (trap_from_user(tf)) {
		if (absent && proc_demand_fault(cr2))
			return;
		proc_kill_fault(tf, cr2, KILL_PAGE_FAULT);
	}
	/* A checked user access that faulted: on a demand-zero page it is retried, else ... */
	uint32_t fixup = extable_fixup(tf->eip);
	if (fixup && pf_kernel_guard(tf->err, cr2, tf->eflags & EFLAGS_AC, cpu_smep_on(), cpu_smap_on()) == PF_GUARD_NONE) {
		if (absent && proc_demand_fault(cr2))
			return;
		/* ... it resumes at its fixup and returns -EFAULT ... */
		tf->eip = fixup;
		tf->eflags &= ~EFLAGS_AC;   /* ... with the user-access window closed */
		return;
	}
	kernel_fault(tf, cr2);   /* the report names SMEP or SMAP if one of them refused */
}

static void irq(struct trap_frame *tf)
{
	unsigned n = tf->vector - T_IRQ0;
	if (pic_spurious(n))
		return;
	switch (n) {
	case IRQ_TIMER:
		pit_tick();
		sched_tick(uptime_ms());
		break;
	case IRQ_KEYBOARD:
		keyboard_irq();
		break;
	case IRQ_COM1:
		serial_irq();
		break;
	default:
		break;
	}
	pic_eoi(n);
	refuse_vm86(tf, 0);
	/* A ^C (or kill) aimed at the interrupted user program takes effect now, not at its slice's end. */
	if (trap_from_user(tf) && current_proc())
		proc_check_killed();
	/*
	 * Preempt user mode only: the kernel itself is never preempted. A tick in
	 * kernel mode (long work, see sched.h) marks the process instead.
	 */
	if (n == IRQ_TIMER && current_proc() && sched_slice_expired()) {
		if (trap_from_user(tf))
			yield();
		else
			cpu0.resched = true;
	}
}

void trap(struct trap_frame *tf)
{
	if (tf->vector >= T_IRQ0 && tf->vector < T_IRQ0 + T_IRQ_COUNT) {
		irq(tf);
		return;
	}
	refuse_vm86(tf, 0);
	/* A process's first x87/MMX instruction since a switch: the FPU becomes its own (fpu.h). */
	if (tf->vector == T_NO_DEVICE && trap_from_user(tf) && fpu_claim())
		return;
	if (trap_from_user(tf))
		proc_kill_fault(tf, 0, kill_reason_for(tf->vector));
	if (tf->vector == T_DEBUG && doors_single_step_entry(tf->eip)) {
		tf->eflags &= ~EFLAGS_TF;   /* step no further into the kernel */
		return;
	}
	kernel_fault(tf, read_cr2());
}
