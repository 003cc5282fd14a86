/* help: gatecheck [again]: run in a sandbox without nop: says what each gate answered */
/*
 * Runs inside a sandbox: expects `nop` to be withheld (-ENOSYS) and `getpid`
 * to work, and says what each gate answered. With argument "again", also
 * spawns itself asking for every gate, and expects the grandchild to be just
 * as confined. Exit 0 when confined as expected; 10-13 name the first step
 * that was not (each also explained on the console).
 */
#include "ulib.h"

int main(int argc, char **argv)
{
	long pid = sys_getpid();
	long r = sys_nop();
	if (r != -ENOSYS) {
		printf("gatecheck %ld: nop answered %ld, not -ENOSYS: it is not withheld "
		       "(run it as `sandbox nop gatecheck`)\n", pid, r);
		return 10;
	}
	printf("gatecheck %ld: nop answered -ENOSYS (%d): withheld, as it should be\n", pid, -ENOSYS);
	if (pid <= 0) {
		printf("gatecheck: getpid answered %ld: it should work in a sandbox\n", pid);
		return 11;
	}
	printf("gatecheck %ld: getpid answered %ld: not withheld, works\n", pid, pid);
	if (argc > 1 && !strcmp(argv[1], "again")) {
		unsigned long all[GATE_COUNT / 32];
		memset(all, 0xFF, sizeof all);
		const char *args[] = { "gatecheck", NULL };
		long child = sys_spawn("gatecheck", args, all);
		if (is_err(child)) {
			printf("gatecheck %ld: cannot spawn the grandchild: %s\n", pid, strerror(child));
			return 12;
		}
		int st = -1;
		if (sys_wait((int)child, &st, 0) != child || st != 0) {
			printf("gatecheck %ld: the grandchild asked for every gate and was NOT confined (status %x)\n", pid, st);
			return 13;
		}
		printf("gatecheck %ld: its child asked for every gate and was still confined\n", pid);
	}
	printf("gatecheck %ld: confined as expected\n", pid);
	return 0;
}
