/*
 * The gate fast path: pf_entry -> pf_dispatch -> handler -> trap_return.
 * Everything a single-step session has to read is in this function and
 * decode.h. Logging and statistics are in gate_log.c, reached only when the
 * `gatelog` boot option is on.
 */
#include "pfgate/decode.h"
#include "pfgate/gate_table.h"
#include "pfgate/gate_log.h"
#include "mm/uaccess.h"
#include "kernel/sched.h"
#include "kernel/traps.h"
#include <pfgate/errno.h>

void pf_dispatch(struct trap_frame *tf, uint32_t cr2);

void pf_dispatch(struct trap_frame *tf, uint32_t cr2)
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

	gate_handler_t handler = gate_table[gate];
	long result = -ENOSYS;
	if (handler && gate_set_has(&current_proc()->gates, (uint32_t)gate))
		result = handler(tf->eax, tf->edx, tf->ecx);
	if (__builtin_expect(gate_log_enabled, 0))
		gate_log(gate, tf, result);

	/* Emulate the `ret`; clear the caller-saved registers that carry nothing back. */
	tf->eip = ret_addr;
	tf->esp += sizeof(uint32_t);
	tf->eax = (uint32_t)result;
	tf->ecx = 0;
	tf->edx = 0;
}
