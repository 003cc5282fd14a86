/* help: stress [spawn N|calls N P|procs|frames|all]: stress and exhaustion tests (TAP) */
/*
 * Stress and exhaustion, TAP. Every part checks that the free-frame count
 * (sysinfo) returns to where it was.
 *   stress spawn N        N spawn/exit/wait cycles
 *   stress calls N P      P processes at once, N gate calls each
 *   stress procs          spawn until the table is full (-EAGAIN), then kill them all
 *   stress frames         a child takes heap until frames run out (-ENOMEM)
 *   stress all            all of the above with the defaults
 */
#include "ulib.h"
#include "tap.h"

static int wait_ok(long pid, int *st)
{
	return sys_wait((int)pid, st, 0) == pid;
}

static void spawn_cycles(unsigned long n)
{
	unsigned long before = free_frames(), failures = 0, t0 = sys_uptime_ms();
	const char *argv[] = { "true", NULL };
	for (unsigned long i = 0; i < n; i++) {
		long pid = sys_spawn("true", argv, NULL);
		int st = -1;
		if (is_err(pid) || !wait_ok(pid, &st) || st != 0)
			failures++;
	}
	unsigned long ms = sys_uptime_ms() - t0;
	printf("# spawn: %lu cycles in %lu ms\n", n, ms);
	TAP_EQ(failures, 0, "%lu spawn/exit/wait cycles all succeed", n);
	TAP_EQ(free_frames(), before, "no frame leaked by %lu spawn/exit cycles", n);
}

/* The child side of `calls`: N nop calls, all returning 0, and write checks. */
static int caller(unsigned long n)
{
	unsigned long bad = 0;
	for (unsigned long i = 0; i < n; i++)
		bad += sys_nop() != 0;
	return bad ? 1 : 0;
}

static void concurrent_calls(unsigned long n, unsigned long procs)
{
	unsigned long before = free_frames(), t0 = sys_uptime_ms();
	long pids[32];
	char count[16];
	snprintf(count, sizeof count, "%lu", n);
	const char *argv[] = { "stress", "caller", count, NULL };
	if (procs > 32)
		procs = 32;
	unsigned long started = 0, ok = 0;
	for (unsigned long i = 0; i < procs; i++) {
		pids[i] = sys_spawn("stress", argv, NULL);
		started += !is_err(pids[i]);
	}
	for (unsigned long i = 0; i < procs; i++) {
		int st = -1;
		if (!is_err(pids[i]) && wait_ok(pids[i], &st) && st == 0)
			ok++;
	}
	unsigned long ms = sys_uptime_ms() - t0;
	printf("# calls: %lu processes x %lu gate calls in %lu ms\n", procs, n, ms);
	TAP_EQ(started, procs, "%lu concurrent callers started", procs);
	TAP_EQ(ok, procs, "every caller saw %lu correct results", n);
	TAP_EQ(free_frames(), before, "no frame leaked by the callers");
}

static void fill_process_table(void)
{
	unsigned long before = free_frames();
	struct pf_sysinfo si;
	sys_sysinfo(&si);
	static long pids[256];
	unsigned long n = 0;
	long err = 0;
	const char *argv[] = { "pause", NULL };
	while (n < sizeof pids / sizeof pids[0]) {
		long pid = sys_spawn("pause", argv, NULL);
		if (is_err(pid)) {
			err = pid;
			break;
		}
		pids[n++] = pid;
	}
	printf("# procs: %lu children before the table was full (table: %lu)\n", n, si.nproc_max);
	TAP_EQ(err, -EAGAIN, "spawning into a full table: -EAGAIN");
	TAP_EQ(n, si.nproc_max - si.nproc, "the whole table was usable");
	TAP_EQ(sys_getpid() > 0, 1, "the kernel still answers with a full table");
	unsigned long killed = 0;
	for (unsigned long i = 0; i < n; i++) {
		int st = -1;
		if (sys_kill((int)pids[i]) == 0 && wait_ok(pids[i], &st) &&
		    !WIFEXITED(st) && WKILLREASON(st) == KILL_KILLED)
			killed++;
	}
	TAP_EQ(killed, n, "every child killed and reaped with reason 'killed'");
	TAP_EQ(free_frames(), before, "no frame leaked by a full table");
}

/* The child side of `frames`: grow the heap until -ENOMEM, touching every page. */
static int hog(void)
{
	unsigned long pages = 0;
	for (unsigned long step = 64; step;) {
		if (is_err(sys_sbrk((long)(step * PAGE_SIZE))))
			step /= 2;   /* smaller steps, to take the very last frames */
		else
			pages += step;
	}
	struct pf_sysinfo si;
	sys_sysinfo(&si);
	printf("# frames: heap grew by %lu pages; %lu frames left\n", pages, si.free_frames);
	long spawned = sys_spawn("true", NULL, NULL);
	printf("# frames: spawn with no memory left: %ld\n", spawned);
	return sys_sbrk(PAGE_SIZE) == -ENOMEM ? 0 : 1;
}

static void exhaust_frames(void)
{
	unsigned long before = free_frames();
	const char *argv[] = { "stress", "hog", NULL };
	long pid = sys_spawn("stress", argv, NULL);
	int st = -1;
	tap_ok(!is_err(pid) && wait_ok(pid, &st), "the memory hog ran and was reaped");
	TAP_EQ(st, 0, "the hog got -ENOMEM, not a crash");
	TAP_EQ(free_frames(), before, "all its frames came back");
	TAP_EQ(sys_nop(), 0, "the kernel still answers");
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";
	if (!strcmp(what, "caller"))
		return caller(argc > 2 ? (unsigned long)atol(argv[2]) : 1000);
	if (!strcmp(what, "hog"))
		return hog();
	bool all = !strcmp(what, "all");
	if (all || !strcmp(what, "spawn"))
		spawn_cycles(argc > 2 && !all ? (unsigned long)atol(argv[2]) : 1000);
	if (all || !strcmp(what, "calls"))
		concurrent_calls(argc > 2 && !all ? (unsigned long)atol(argv[2]) : 100000,
				 argc > 3 && !all ? (unsigned long)atol(argv[3]) : 4);
	if (all || !strcmp(what, "procs"))
		fill_process_table();
	if (all || !strcmp(what, "frames"))
		exhaust_frames();
	return tap_done();
}
