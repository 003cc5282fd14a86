/* help: spin [MS | -n LOOPS] [gate]: burn the CPU for MS ms (default 3000) or LOOPS loops, reporting progress */
/*
 * spin [MS [gate]]: burns the CPU for MS milliseconds (default 3000),
 * reporting how far it got every 250 ms: two spins at once both advance only
 * if the kernel preempts them. With "gate", the busy loop is gate calls
 * (nop), so most timer ticks arrive while it is in the kernel.
 *
 * spin -n LOOPS [gate]: a measure of work, not of time: exactly LOOPS loops,
 * reporting after each one. Two such spins started together interleave their
 * reports however slow the machine is (a loaded host slows a loop and the
 * other spin alike), where a 250 ms report may come once a loop or less.
 */
#include "ulib.h"

#define REPORT_MS 250

int main(int argc, char **argv)
{
	unsigned long ms = 3000, nloops = 0;   /* nloops 0: run for ms */
	int at = 1;
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		nloops = arg_ulong("spin", "LOOPS", argv[2]);
		at = 3;
	} else if (argc > 1) {
		ms = arg_ulong("spin", "MS", argv[1]);
		at = 2;
	}
	if (argc > at && (strcmp(argv[at], "gate") || argc > at + 1)) {
		dprintf(STDERR_FD, "spin: after the length only 'gate' may follow, not '%s'\n", argv[at]);
		return 2;
	}
	bool gate = argc > at;
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
		if (nloops || now >= next) {
			printf("spin %ld: %lu ms, %lu loops\n", pid, now - start, loops);
			next += REPORT_MS;
		}
		if (nloops ? loops >= nloops : now - start >= ms)
			break;
	}
	printf("spin %ld: done\n", pid);
	return 0;
}
