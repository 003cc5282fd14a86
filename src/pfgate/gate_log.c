#include "pfgate/gate_log.h"
#include "pfgate/gate_table.h"
#include "pfgate/upcalls.h"
#include "lib/kprintf.h"

unsigned long gate_log_calls;
bool gate_log_quiet;

void gate_log(int gate, const struct trap_frame *tf, long result)
{
	if (gate_log_quiet)
		return;
	const struct gate_info *g = &gate_info[gate];
	const uint32_t args[3] = { tf->eax, tf->edx, tf->ecx };
	kprintf("gate: pid %d %s#%d(", proc_current_pid(), g->name ? g->name : "?", gate);
	for (int i = 0; i < g->nargs; i++)
		kprintf("%s%x", i ? ", " : "", args[i]);
	kprintf(") = %ld\n", result);
}
