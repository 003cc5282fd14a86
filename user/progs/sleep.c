/* help: sleep [MS]: sleep MS milliseconds (default 1000) */
/* sleep MS: sleeps, then says how long it slept by the uptime clock. */
#include "ulib.h"

int main(int argc, char **argv)
{
	unsigned long ms = argc > 1 ? arg_ulong("sleep", "MS", argv[1]) : 1000;
	unsigned long t0 = sys_uptime_ms();
	sys_sleep_ms(ms);
	printf("sleep: asked %lu ms, slept %lu ms\n", ms, sys_uptime_ms() - t0);
	return 0;
}
