/* help: ps: every process, its state, memory and gate set */
/* ps: every process, its state, memory and gate set. */
#include "ulib.h"

static const char *state_name(unsigned long s)
{
	switch (s) {
	case PF_PROC_RUNNING: return "run";
	case PF_PROC_SLEEPING: return "sleep";
	case PF_PROC_ZOMBIE: return "zombie";
	case PF_PROC_STOPPED: return "stop";
	default: return "ready";
	}
}

int main(void)
{
	struct pf_procinfo p;
	printf("  PID  PPID STATE  PAGES GATES     NAME\n");
	for (unsigned long i = 0; sys_procinfo(i, &p) == 1; i++) {
		char gates[16];
		if (p.ngates == GATE_COUNT)
			snprintf(gates, sizeof gates, "all");
		else
			snprintf(gates, sizeof gates, "%lu:%08lx", p.ngates, p.gates[0]);
		printf("%5d %5d %-6s %5lu %-9s %s\n", p.pid, p.ppid, state_name(p.state), p.frames, gates, p.name);
	}
	return 0;
}
