/*
 * Runs inside a sandbox: expects `nop` to be withheld (-ENOSYS) and `getpid`
 * to work. With argument "again", also spawns itself asking for every gate,
 * and expects the grandchild to be just as confined.
 * Exit 0 when confined as expected.
 */
#include "ulib.h"

int main(int argc, char **argv)
{
	if (sys_nop() != -ENOSYS)
		return 10;
	if (sys_getpid() <= 0)
		return 11;
	if (argc > 1 && !strcmp(argv[1], "again")) {
		unsigned long all[GATE_COUNT / 32];
		memset(all, 0xFF, sizeof all);
		const char *args[] = { "gatecheck", NULL };
		long pid = sys_spawn("gatecheck", args, all);
		if (is_err(pid))
			return 12;
		int st = -1;
		if (sys_wait((int)pid, &st, 0) != pid || st != 0)
			return 13;
	}
	return 0;
}
