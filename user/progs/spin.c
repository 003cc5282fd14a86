/* help: spin [MS [gate]]: burn the CPU for MS ms (default 3000), reporting progress */
/*
 * spin [MS [gate]]: burns the CPU for MS milliseconds (default 3000),
 * reporting how far it got every 250 ms: two spins at once both advance only
 * if the kernel preempts them. With "gate", the busy loop is gate calls
 * (nop), so most timer ticks arrive while it is in the kernel.
 */
#include "ulib.h"

#define REPORT_MS 250

int main(int argc, char **argv)
{
	unsigned long ms = argc > 1 ? arg_ulong("spin", "MS", argv[1]) : 3000;
	if (argc > 2 && strcmp(argv[2], "gate")) {
		dprintf(STDERR_FD, "spin: the second argument can only be 'gate', not '%s'\n", argv[2]);
		return 2;
	}
	bool gate = argc > 2;
	long pid = sys_getpid();
	unsigned long start = sys_uptime_ms(), next = start + REPORT_MS, loops = 0;
	volatile unsigned long sink = 0;
	for (;;) {
		if (gate)
			for (int i = 0; i < 10000; i++)
				sys_nop();   /* as tight as it gets: almost all the time is in the kernel */
		else
			for (int i = 0; i < 10000; i++)
				sink += (unsigned long)i;
		loops++;
		unsigned long now = sys_uptime_ms();
		if (now >= next) {
			printf("spin %ld: %lu ms, %lu loops\n", pid, now - start, loops);
			next += REPORT_MS;
		}
		if (now - start >= ms)
			break;
	}
	printf("spin %ld: done\n", pid);
	return 0;
}
