/*
 * The complete #PF dispatcher in C: the reference implementation of the gate
 * rules (DESIGN.md, "The dispatch path"), with the decode in decode.h.
 *
 * Departure from DESIGN.md, on purpose: the everyday gate call does not come
 * here. pf_entry.asm repeats the decode for the common case (a user fetch of
 * a gate page's first byte) and calls the handler straight from the stub,
 * because the C call, its prologue and the generic register shuffling cost
 * more than half of the dispatch overhead make bench measures: a nop round
 * trip spends 36 Bochs instructions outside the service with the stub, and
 * spent 78 when every call came through here. Everything else
 * - misaligned calls, data accesses, bad stacks, ordinary faults, and every
 * call when `gatelog` is on (pf_entry_logged) - comes here, and the boot tests
 * run every misuse through both. Stepping through a gate call means reading
 * pf_entry.asm (one screen) and then the handler.
 */
#include "pfgate/decode.h"
#include "pfgate/gate_table.h"
#include "pfgate/gate_log.h"
#include "mm/uaccess.h"
#include "kernel/sched.h"
#include "kernel/traps.h"
#include <pfgate/errno.h>
#include <stdbool.h>

void pf_dispatch(struct trap_frame *tf, uint32_t cr2);
void pf_dispatch_logged(struct trap_frame *tf, uint32_t cr2);

static inline __attribute__((always_inline)) void gate_dispatch(struct trap_frame *tf, uint32_t cr2, bool log)
{
	int gate = pfgate_decode(tf->err, cr2, tf->eip);
	if (__builtin_expect(gate < 0, 0)) {
		if (gate == PFGATE_NOT_GATE)
			page_fault(tf, cr2);
		else
			proc_kill_fault(tf, cr2, gate == PFGATE_MISALIGNED ? KILL_GATE_MISALIGNED : KILL_GATE_DATA);
		return;
	}

	/* The `call` pushed the return address: ESP is a user pointer like any other. */
	uint32_t ret_addr;
	if (get_user_u32(&ret_addr, (const uint32_t __user *)tf->esp))
		proc_kill_fault(tf, cr2, KILL_GATE_BAD_STACK);

	long result = cpu0.gate_table[gate](tf->eax, tf->edx, tf->ecx);
	if (log)
		gate_log(gate, tf, result);

	/* Emulate the `ret`; clear the caller-saved registers that carry nothing back. */
	tf->eip = ret_addr;
	tf->esp += sizeof(uint32_t);
	tf->eax = (uint32_t)result;
	tf->ecx = 0;
	tf->edx = 0;
}

void pf_dispatch(struct trap_frame *tf, uint32_t cr2)
{
	gate_dispatch(tf, cr2, false);
}

void pf_dispatch_logged(struct trap_frame *tf, uint32_t cr2)
{
	gate_dispatch(tf, cr2, true);
}
