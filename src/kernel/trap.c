/*
 * Every trap but the page fault arrives here (the #PF entry goes to
 * pf_dispatch first). Kernel faults are our bugs: panic with a report. User
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
	kprintf("kernel fault:\n");
	fault_report(tf, cr2, "  ");
	panic("%s in kernel mode", trap_name(tf->vector));
}

void page_fault(struct trap_frame *tf, uint32_t cr2)
{
	if (trap_from_user(tf))
		proc_kill_fault(tf, cr2, KILL_PAGE_FAULT);
	/* A checked user access that faulted resumes at its fixup and returns -EFAULT. */
	uint32_t fixup = extable_fixup(tf->eip);
	if (fixup) {
		tf->eip = fixup;
		return;
	}
	kernel_fault(tf, cr2);
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
	/* A ^C (or kill) aimed at the interrupted user program takes effect now, not at its slice's end. */
	if (trap_from_user(tf) && current_proc())
		proc_check_killed();
	/* Preempt user mode only: the kernel itself is never preempted. */
	if (n == IRQ_TIMER && trap_from_user(tf) && current_proc() && sched_slice_expired())
		yield();
}

void trap(struct trap_frame *tf)
{
	if (tf->vector >= T_IRQ0 && tf->vector < T_IRQ0 + T_IRQ_COUNT) {
		irq(tf);
		return;
	}
	if (trap_from_user(tf))
		proc_kill_fault(tf, 0, kill_reason_for(tf->vector));
	if (tf->vector == T_DEBUG && doors_single_step_entry(tf->eip)) {
		tf->eflags &= ~EFLAGS_TF;   /* step no further into the kernel */
		return;
	}
	kernel_fault(tf, read_cr2());
}
