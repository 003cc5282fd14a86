/*
 * Every trap but the page fault arrives here (the #PF entry goes to
 * pf_declined first: what the gate stub did not accept). Kernel faults are our bugs: panic with a report. User
 * faults are the process's: kill it with a report, and go on.
 */
#include "arch/traps.h"
#include "proc/sched.h"
#include "lib/panic.h"
#include "tty/console.h"
#include "proc/fault_report.h"
#include "arch/x86.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/serial.h"
#include "drivers/keyboard.h"
#include "mm/uaccess.h"
#include "arch/smap.h"
#include "pfgate/decode.h"
#include "arch/cpu.h"
#include "drivers/ata.h"
#include "drivers/disk.h"
#include "linux/linux.h"
#include "linux/vclock.h"

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
	case T_ALIGN:
		return KILL_ALIGNMENT;
	default:
		return KILL_OTHER_FAULT;
	}
}

#define OPCODE_INT3 0xCC   /* int3; `int $3` is CD 03 */

/*
 * int3 from ring 3. Every IDT gate ring 3 could name is DPL 0 (idt.c), so
 * it arrives as a #GP naming vector 3: the kernel is still entered only by
 * faults. Linux's int3 is a trap, SIGTRAP with EIP past the instruction, so
 * a debugger's breakpoint handler sees what it would on Linux.
 */
static bool user_breakpoint(struct trap_frame *tf)
{
	if (tf->vector != T_GPF || tf->err != GP_ERR_INT(T_BREAKPOINT))
		return false;
	uint8_t op;
	if (copy_from_user(&op, (const void __user *)tf->eip, 1) == 0)
		tf->eip += op == OPCODE_INT3 ? 1 : 2;
	return true;
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
	/* A write to a page shared copy-on-write since a fork: the writer gets its own, and the access is retried. */
	bool cow = !absent && (tf->err & PF_ERR_W);
	if (trap_from_user(tf)) {
		if (absent && proc_demand_fault(cr2))
			return;
		if (cow && proc_cow_fault(cr2))
			return;
		if (signal_fault(tf, cr2, KILL_PAGE_FAULT))
			return;   /* its SIGSEGV handler runs */
		proc_kill_fault(tf, cr2, KILL_PAGE_FAULT);
	}
	/* A checked user access that faulted: on a demand-zero page it is retried ... */
	uint32_t fixup = extable_fixup(tf->eip);
	if (fixup && pf_kernel_guard(tf->err, cr2, tf->eflags & EFLAGS_AC, cpu_smep_on(), cpu_smap_on()) == PF_GUARD_NONE) {
		if (absent && proc_demand_fault(cr2))
			return;
		/* ... on a copy-on-write page (copy_to_user after a fork) too, as the user's own write would be ... */
		if (cow && proc_cow_fault(cr2))
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
		linux_vclock_tick();
		sched_tick(uptime_ms());
		break;
	case IRQ_KEYBOARD:
		keyboard_irq();
		break;
	case IRQ_COM1:
		serial_irq();
		break;
	case IRQ_ATA_PRIMARY:
		ata_irq();
		break;
	default:
		break;
	}
	pic_eoi(n);
	refuse_vm86(tf, 0);
	/* The interrupted process holds nothing in the kernel: it may write the disk's dirty blocks (drivers/disk.h). */
	if (n == IRQ_TIMER && trap_from_user(tf) && current_proc())
		disk_flush_if_due();
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
	/* Signals sent to it meanwhile: the tick that finds it in user mode is their latest door (proc/signal.h). */
	if (trap_from_user(tf) && current_proc())
		signal_deliver(tf);
}

/*
 * Where can a user's EFLAGS.TF single-step the CPU into kernel code? Every
 * interrupt, trap and exception clears TF on entry (so do the #PF gate and
 * every IDT vector, make bench's int 0x80 included), and a task switch loads
 * EFLAGS from the new TSS. Only two entries from ring 3 keep it: sysenter,
 * which lands on whatever IA32_SYSENTER_EIP holds (the refusal, or make
 * bench's open door), and a call gate (make bench's kernel has them), which
 * lands on the first instruction of its stub. The trap then comes before
 * that first instruction runs. Any other kernel-mode #DB is a kernel bug.
 * The sysenter target is read back from the MSR, so a new sysenter entry
 * cannot be forgotten here; a part that adds call gates names their stubs.
 */
static bool (*more_step_landings)(uint32_t eip);

void trap_add_step_landings(bool (*is_landing)(uint32_t eip))
{
	more_step_landings = is_landing;
}

static bool user_single_step_landing(uint32_t eip)
{
	uint32_t sysenter = cpu_sysenter_target();
	if (sysenter && eip == sysenter)
		return true;
	return more_step_landings && more_step_landings(eip);
}

/* sysenter with no door open (door_sysenter_refused, trap_stubs.asm): a misuse like any other. */
void sysenter_refuse(struct trap_frame *tf);
void sysenter_refuse(struct trap_frame *tf)
{
	proc_kill_fault(tf, 0, KILL_PROTECTION);
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
	/* A Linux program's int 0x80 (src/linux/linux_int80.c); a native program's is killed below. */
	if (tf->vector == T_GPF && trap_from_user(tf) && linux_int80(tf))
		return;
	if (trap_from_user(tf)) {
		enum kill_reason why = user_breakpoint(tf) ? KILL_BREAKPOINT : kill_reason_for(tf->vector);
		if (signal_fault(tf, 0, why))
			return;   /* its handler (SIGILL, SIGFPE, SIGSEGV, SIGTRAP, SIGBUS) runs */
		proc_kill_fault(tf, 0, why);
	}
	if (tf->vector == T_DEBUG && user_single_step_landing(tf->eip)) {
		tf->eflags &= ~EFLAGS_TF;   /* step no further into the kernel */
		return;
	}
	kernel_fault(tf, read_cr2());
}
