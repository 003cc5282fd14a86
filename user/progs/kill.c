/* help: kill [-SIG] PID...: send a signal (default SIGTERM) to processes */
#include "ulib.h"

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1;
	if (argc > 1 && argv[1][0] == '-') {
		sig = signal_number(argv[1] + 1);
		if (sig < 0) {
			dprintf(STDERR_FD, "kill: %s: no such signal\n", argv[1] + 1);
			return 2;
		}
		i = 2;
	}
	if (i >= argc) {
		dprintf(STDERR_FD, "usage: kill [-SIG] PID...\n");
		return 2;
	}
	int bad = 0;
	for (; i < argc; i++) {
		unsigned long pid;
		if (!parse_ulong(argv[i], &pid)) {
			dprintf(STDERR_FD, "kill: '%s' is not a number\n", argv[i]);
			bad = 1;
			continue;
		}
		int r = kill((int)pid, sig);
		if (r < 0) {
			dprintf(STDERR_FD, "kill: %lu: %s\n", pid, strerror(r));
			bad = 1;
		}
	}
	return bad;
}
