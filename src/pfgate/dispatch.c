/*
 * The C side of the #PF gate: only what the stub (pf_entry.asm) declined.
 *
 * The stub is the one implementation that accepts a gate call, runs its
 * handler and emulates the `ret`, in every flavour (iret, sysexit, the full
 * save, gatelog's). Every fault it does not accept comes here with a full
 * trap frame and is classified by pfgate_decode (decode.h, host-tested):
 * an ordinary fault takes the ordinary path (page_fault: kill, fixup or
 * panic), a misuse of the window kills with its reason, a gate call whose
 * return address cannot be read kills with "bad stack". A gate call with a
 * readable return address should never arrive here: the stub and the decode
 * disagree, and that is a kernel bug (the tripwire panics with a report).
 * So every misuse test is also a test of the stub against the decode.
 */
#include "pfgate/decode.h"
#include "pfgate/gate_table.h"
#include "pfgate/gate_log.h"
#include "mm/uaccess.h"
#include "pfgate/upcalls.h"
#include "arch/traps.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include "arch/segments.h"

void pf_declined(struct trap_frame *tf, uint32_t cr2);
void pf_gate_log(struct trap_frame *tf, long result);

/* A good gate call the stub refused: the two implementations of the rules disagree. */
static void __attribute__((noreturn)) tripwire(const struct trap_frame *tf, uint32_t cr2, int gate, uint32_t ret_addr)
{
	kprintf("gate tripwire: the #PF stub declined a good call to gate %d (%s) returning to %08x\n",
		gate, gate_info[gate].name ? gate_info[gate].name : "unbound", ret_addr);
	fault_report(tf, cr2, "  ");
	panic("gate tripwire: pf_entry.asm and pfgate_decode disagree");
}

void pf_declined(struct trap_frame *tf, uint32_t cr2)
{
	/* In VM86 (QEMU lets ring 3 in) EIP is no linear address: no gate call, page_fault refuses it. */
	int gate = trap_from_vm86(tf) ? PFGATE_NOT_GATE : pfgate_decode(tf->err, cr2, tf->eip);
	switch (gate) {
	case PFGATE_NOT_GATE:
		page_fault(tf, cr2);
		return;
	case PFGATE_MISALIGNED:
		proc_kill_fault(tf, cr2, KILL_GATE_MISALIGNED);
	case PFGATE_DATA:
		proc_kill_fault(tf, cr2, KILL_GATE_DATA);
	default:
		break;
	}
	/* The `call` pushed the return address: ESP is a user pointer like any other. */
	uint32_t ret_addr;
	if (get_user_u32(&ret_addr, (const uint32_t __user *)tf->esp))
		proc_kill_fault(tf, cr2, KILL_GATE_BAD_STACK);
	tripwire(tf, cr2, gate, ret_addr);
}

/*
 * gatelog: after the handler, from the stub's logged flavour (full frame, the
 * arguments still in it). The decode must agree with what the stub accepted.
 */
void pf_gate_log(struct trap_frame *tf, long result)
{
	int gate = pfgate_decode(tf->err, tf->eip, tf->eip);   /* the stub checked CR2 == EIP */
	if (gate < 0 || (uint32_t)gate != (tf->eip - GATE_BASE) >> PAGE_SHIFT) {
		kprintf("gate tripwire: the #PF stub accepted what pfgate_decode calls %d\n", gate);
		fault_report(tf, tf->eip, "  ");
		panic("gate tripwire: pf_entry.asm and pfgate_decode disagree");
	}
	gate_log(gate, tf, result);
}

/*
 * A FULL_GATE's thunk (full_frame.asm) was called: by a #PF stub, whose
 * frame (lean or full) lies at the top of the kernel stack and holds the
 * gate's address as its EIP, or by a measurement door, whose frame does not
 * (int 0x80 and sysenter hold the caller's EIP; a call gate's frame is
 * shorter and lies elsewhere). Only what the stub accepted is a call.
 */
bool full_frame_is_gate_call(const struct trap_frame *tf)
{
	if ((uint32_t)(tf + 1) != tss_kernel_stack())
		return false;
	return trap_frame_lean_gate(tf) || (tf->vector == T_PAGE_FAULT && tf->eip - GATE_BASE < GATE_WINDOW_SIZE);
}

/*
 * gatelog for a FULL_GATE: its thunk leaves by iret, never back to the
 * logged stub's own log line, so it logs here, with the arguments it was
 * called with (exec's success has rewritten the frame since). A fork's child
 * starts in user mode and logs nothing; exit never returns.
 */
void full_frame_log(uint32_t gate_addr, long result, const uint32_t *args)
{
	struct trap_frame called = { .eax = args[0], .edx = args[1], .ecx = args[2] };
	gate_log((int)((gate_addr - GATE_BASE) >> PAGE_SHIFT), &called, result);
}
