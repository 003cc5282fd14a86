/*
 * The gate fast path: pf_entry -> pf_dispatch -> handler -> trap_return.
 * Everything a single-step session has to read is in gate_dispatch() and
 * decode.h. With the `gatelog` boot option the IDT points #PF at
 * pf_entry_logged instead, whose C half is the same code with the log call
 * compiled in: when logging is off, the fast path does not even test a flag.
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
	if (get_user_u32(&ret_addr, tf->esp))
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
