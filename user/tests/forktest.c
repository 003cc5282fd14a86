/* help: forktest: fork, exec and wait (TAP), copy-on-write and its limits */
/*
 * Processes as Unix makes them: fork shares memory copy-on-write, exec
 * replaces the image in place, wait reaps. Each child reports what it saw
 * through its exit status; the parent checks it, and testexit checks at the
 * end that every frame (the copies, their promises) came back.
 */
#include "ulib.h"
#include "tap.h"

#define CHILD_SAW_OWN     7    /* a child's verdicts, as exit statuses */
#define CHILD_SAW_WRONG   8
#define EXEC_FAILED_OK    42

static volatile int data_page[1024] = { 1 };   /* .data: written before and after the fork */
static char read_buf[4096] __attribute__((aligned(4096)));

/* The child's status, or -1 if it could not be waited for. */
static int reap(long pid)
{
	int st;
	return sys_wait((int)pid, &st, 0) == pid ? st : -1;
}

static bool exited_with(int st, int code)
{
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == code;
}

static void test_fork_returns(void)
{
	long parent = sys_getpid();
	long pid = sys_fork();
	if (pid == 0)
		sys_exit(sys_getppid() == parent ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
	tap_ok(pid > 0 && pid != parent, "fork returns the child's pid to the parent (%ld)", pid);
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_SAW_OWN), "the child gets 0 and its parent is the caller (status %x)", st);
}

/* Parent and child write the same pages after the fork: each sees only its own data. */
static void test_cow_isolation(void)
{
	volatile int on_stack[1024];
	on_stack[0] = 10;
	volatile int *heap = (volatile int *)sys_sbrk(4096);
	heap[0] = 20;
	data_page[0] = 1;
	long pid = sys_fork();
	if (pid == 0) {
		bool before = data_page[0] == 1 && on_stack[0] == 10 && heap[0] == 20;
		data_page[0] = 2;
		on_stack[0] = 11;
		heap[0] = 21;
		sys_sleep_ms(20);   /* the parent writes its own meanwhile */
		bool after = data_page[0] == 2 && on_stack[0] == 11 && heap[0] == 21;
		sys_exit(before && after ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
	}
	data_page[0] = 3;
	on_stack[0] = 12;
	heap[0] = 22;
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_SAW_OWN), "after fork the child reads the parent's data, then sees only its own writes (status %x)", st);
	tap_ok(data_page[0] == 3 && on_stack[0] == 12 && heap[0] == 22, "the parent sees only its own writes (data, stack, heap)");
	sys_sbrk(-4096);
}

/* A page the child inherits and never writes stays the parent's data after the parent writes it. */
static void test_cow_parent_first(void)
{
	data_page[512] = 5;
	long pid = sys_fork();
	if (pid == 0) {
		sys_sleep_ms(20);
		sys_exit(data_page[512] == 5 ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
	}
	data_page[512] = 6;
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_SAW_OWN), "a parent's write after fork does not reach the child (status %x)", st);
}

/* read() into a page shared since the fork: the kernel's copy_to_user takes the copy-on-write fault. */
static void test_cow_kernel_copy(void)
{
	read_buf[0] = 'P';
	long pid = sys_fork();
	if (pid == 0) {
		long fd = sys_open("forktest", O_RDONLY, 0);
		long n = fd >= 0 ? sys_read((int)fd, read_buf, sizeof read_buf) : fd;
		sys_exit(n == (long)sizeof read_buf && read_buf[1] == 'E' ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
	}
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_SAW_OWN), "read() into a page shared after fork succeeds in the child (an ELF's bytes; status %x)", st);
	tap_ok(read_buf[0] == 'P', "and the parent's page keeps its own byte");
}

static void test_fork_exec(void)
{
	const char *true_argv[] = { "true", NULL };
	long pid = sys_fork();
	if (pid == 0) {
		sys_exec("true", true_argv, NULL);
		sys_exit(CHILD_SAW_WRONG);
	}
	TAP_EQ(reap(pid) , 0, "fork then exec of true: exit status 0");

	const char *false_argv[] = { "false", NULL };
	pid = sys_fork();
	if (pid == 0) {
		long me = sys_getpid();
		sys_exec("false", false_argv, NULL);
		sys_exit(me == 0 ? 0 : CHILD_SAW_WRONG);
	}
	int st = reap(pid);
	tap_ok(exited_with(st, 1), "fork then exec of false: the exec'd program's status reaches the parent (%x)", st);

	/* Failures leave the old image as it was: the child goes on and says so. */
	pid = sys_fork();
	if (pid == 0) {
		data_page[3] = 77;
		/* Past each limit: one string of MAX_ARG_STRLEN characters (its NUL one over), and 17 of one fewer (over ARG_MAX_BYTES in all). */
		static char big[MAX_ARG_STRLEN + 1];
		memset(big, 'y', sizeof big - 1);
		const char *too_many[ARG_MAX_BYTES / MAX_ARG_STRLEN + 2];
		for (unsigned i = 0; i <= ARG_MAX_BYTES / MAX_ARG_STRLEN; i++)
			too_many[i] = big + 1;
		too_many[ARG_MAX_BYTES / MAX_ARG_STRLEN + 1] = NULL;
		const char *big_env[] = { big, NULL };
		bool ok = sys_exec("no-such-program", true_argv, NULL) == -ENOENT
			&& sys_exec("true", too_many, NULL) == -E2BIG
			&& sys_exec("true", true_argv, big_env) == -E2BIG
			&& sys_exec((const char *)KERNEL_BASE, true_argv, NULL) == -EFAULT
			&& sys_exec("true", (const char *const *)KERNEL_BASE, NULL) == -EFAULT
			&& sys_exec("README", true_argv, NULL) < 0
			&& data_page[3] == 77;
		sys_exit(ok ? EXEC_FAILED_OK : CHILD_SAW_WRONG);
	}
	st = reap(pid);
	tap_ok(exited_with(st, EXEC_FAILED_OK), "exec failures (-ENOENT, -E2BIG, -EFAULT, not an ELF) leave the image intact (status %x)", st);

	/* exec keeps the pid: the parent waits for the same pid it forked. */
	const char *echo_argv[] = { "echo", "# exec'd echo says hello", NULL };
	pid = sys_fork();
	if (pid == 0) {
		sys_exec("echo", echo_argv, NULL);
		sys_exit(CHILD_SAW_WRONG);
	}
	TAP_EQ(reap(pid), 0, "exec keeps the pid: wait(pid) finds the exec'd echo");
}

static void test_wait(void)
{
	long pid = sys_fork();
	if (pid == 0) {
		sys_sleep_ms(30);
		sys_exit(3);
	}
	int st = -1;
	TAP_EQ(sys_wait((int)pid, &st, WNOHANG), 0, "WNOHANG with the child still running: 0");
	TAP_EQ(sys_wait(-1, &st, 0), pid, "wait(-1) reaps any child");
	tap_ok(exited_with(st, 3), "its status (%x)", st);
	TAP_EQ(sys_wait(-1, &st, WNOHANG), -ECHILD, "no child left: -ECHILD");
	pid = sys_fork();
	if (pid == 0)
		sys_exit(300);
	st = reap(pid);
	tap_ok(WIFEXITED(st) && !WIFSIGNALED(st) && WEXITSTATUS(st) == (300 & 0xFF) && st == (300 & 0xFF) << 8,
	       "exit(300): POSIX's status, WEXITSTATUS 44 in bits 8-15 (status %x)", st);
}

/* The signal that ended a child, as POSIX's W* macros read it, and the kernel's reason beside it. */
static void test_wait_signalled(void)
{
	long pid = sys_fork();
	if (pid == 0)
		for (;;)
			sys_sleep_ms(1000);
	sys_kill((int)pid);
	int st = reap(pid);
	tap_ok(!WIFEXITED(st) && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL && !WCOREDUMP(st) && !WIFSTOPPED(st),
	       "a killed child: WIFSIGNALED, WTERMSIG SIGKILL, no core (status %x)", st);
	tap_ok(WKILLREASON(st) == KILL_KILLED, "and the kernel's reason beside it (status %x)", st);
	pid = sys_fork();
	if (pid == 0) {
		*(volatile int *)0 = 1;   /* the null guard */
		sys_exit(CHILD_SAW_WRONG);
	}
	st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WCOREDUMP(st) && WKILLREASON(st) == KILL_PAGE_FAULT,
	       "a child's null write: SIGSEGV with core (the report), reason page fault (status %x)", st);
}

/*
 * Run as init (argument "init"): a child forks a grandchild and exits; the
 * orphan is adopted by init, which waits for it as for its own child.
 */
static void test_orphan_adopted(void)
{
	long me = sys_getpid();
	long pid = sys_fork();
	if (pid == 0) {
		long g = sys_fork();
		if (g == 0) {
			sys_sleep_ms(30);   /* its parent is gone by now */
			sys_exit(sys_getppid() == me ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
		}
		sys_exit(g > 0 ? 0 : CHILD_SAW_WRONG);
	}
	tap_ok(exited_with(reap(pid), 0), "the middle child forked and exited");
	int st = -1;
	long g = sys_wait(-1, &st, 0);
	tap_ok(g > 0 && exited_with(st, CHILD_SAW_OWN), "init reaps the orphaned grandchild (pid %ld), whose parent it became (status %x)", g, st);
	TAP_EQ(sys_wait(-1, &st, WNOHANG), -ECHILD, "and has no child left");
}

/* A fork bomb fills the process table: -EAGAIN, and all is well once the children are reaped. */
static void test_fork_bomb(void)
{
	long pids[128];   /* more than the process table holds */
	int n = 0;
	long r = 0;
	while (n < 128) {
		r = sys_fork();
		if (r == 0) {
			for (;;)
				sys_sleep_ms(1000);   /* until killed */
		}
		if (r < 0)
			break;
		pids[n++] = r;
	}
	struct pf_sysinfo si;
	sys_sysinfo(&si);
	/* In a small memory the frames run out first: then -ENOMEM, the table not full (the suite checks -EAGAIN at 64 MiB). */
	bool full = r == -EAGAIN && si.nproc == si.nproc_max;
	bool nomem = r == -ENOMEM && si.nproc < si.nproc_max;
	tap_ok(full || nomem, "a fork bomb stops with %s (after %d children, %lu of %lu processes)",
	       r == -EAGAIN ? "-EAGAIN" : r == -ENOMEM ? "-ENOMEM" : "another result", n, si.nproc, si.nproc_max);
	for (int i = 0; i < n; i++)
		sys_kill((int)pids[i]);
	int reaped = 0;
	for (int i = 0; i < n; i++)
		reaped += reap(pids[i]) != -1;
	TAP_EQ(reaped, n, "every child of the bomb is killed and reaped");
	long pid = sys_fork();
	if (pid == 0)
		sys_exit(0);
	TAP_EQ(reap(pid), 0, "fork works again afterwards");
}

/* Grow the heap by chunks of `pages` until it fails: the bytes taken. */
static long grab_heap(long pages)
{
	long taken = 0;
	while (sys_sbrk(pages * 4096) >= 0)
		taken += pages * 4096;
	return taken;
}

/* With memory all promised to the heap, fork fails with -ENOMEM and gives every frame back. */
static void test_fork_nomem(void)
{
	struct pf_sysinfo si;
	sys_sysinfo(&si);
	unsigned long before = si.free_frames;
	long taken = grab_heap(256) + grab_heap(16) + grab_heap(1);
	sys_sysinfo(&si);
	unsigned long low = si.free_frames;
	long pid = sys_fork();
	if (pid == 0)
		sys_exit(CHILD_SAW_WRONG);
	TAP_EQ(pid, -ENOMEM, "fork with memory nearly exhausted (%lu frames free): -ENOMEM", low);
	if (pid > 0)
		reap(pid);
	sys_sysinfo(&si);
	tap_ok(si.free_frames == low, "and every frame is back (%lu free, %lu before the fork)", si.free_frames, low);
	sys_sbrk(-taken);
	sys_sysinfo(&si);
	tap_ok(si.free_frames == before, "after the heap shrinks, free frames are at the baseline (%lu, %lu)", si.free_frames, before);
}

/*
 * The sandboxed half: spawned without uptime_ms, it forks; the child must
 * find the gate withheld too (a sandbox stays one) and so must its parent.
 */
static int sandbox_child(void)
{
	long own = (long)sys_uptime_ms();
	long pid = sys_fork();
	if (pid == 0)
		sys_exit((long)sys_uptime_ms() == -ENOSYS ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
	int st = reap(pid);
	return own == -ENOSYS && exited_with(st, CHILD_SAW_OWN) ? CHILD_SAW_OWN : CHILD_SAW_WRONG;
}

static void test_sandbox_kept(void)
{
	unsigned long gates[GATE_COUNT / 32];
	memset(gates, 0xFF, sizeof gates);
	gates[GATE_NR_uptime_ms / 32] &= ~(1ul << (GATE_NR_uptime_ms % 32));
	const char *argv[] = { "forktest", "sandbox-child", NULL };
	long pid = sys_spawn("forktest", argv, gates);
	int st = pid > 0 ? reap(pid) : -1;
	tap_ok(exited_with(st, CHILD_SAW_OWN), "a sandbox stays one after fork: the forked child of a process without "
	       "uptime_ms gets -ENOSYS from it too (status %x)", st);
}

/* The x87 state: the control word and a register, the parent's copied into the child, then each its own. */
static uint16_t fpu_cw(void)
{
	uint16_t cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void fpu_set(uint16_t cw, int32_t top)
{
	__asm__ volatile("fninit\n\tfldcw %0\n\tfildl %1" : : "m"(cw), "m"(top));
}

static int32_t fpu_top(void)
{
	int32_t v;
	__asm__ volatile("fistl %0" : "=m"(v));   /* stores ST0 and leaves it */
	return v;
}

#define CW_PARENT 0x0F7Fu   /* round toward zero: not fninit's 0x037F */
#define CW_CHILD  0x077Fu   /* round up */

static void test_fpu_copied(void)
{
	fpu_set(CW_PARENT, 1234);
	long pid = sys_fork();
	if (pid == 0) {
		bool copied = fpu_cw() == CW_PARENT && fpu_top() == 1234;
		fpu_set(CW_CHILD, 99);
		sys_sleep_ms(20);   /* the parent uses its own FPU state meanwhile */
		bool own = fpu_cw() == CW_CHILD && fpu_top() == 99;
		sys_exit(copied && own ? CHILD_SAW_OWN : CHILD_SAW_WRONG);
	}
	bool before = fpu_cw() == CW_PARENT && fpu_top() == 1234;
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_SAW_OWN), "fork copies the x87 state (control word, ST0); the child's own stays its own (status %x)", st);
	tap_ok(before && fpu_cw() == CW_PARENT && fpu_top() == 1234, "the parent's x87 state is untouched by the child's");
	__asm__ volatile("fninit");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "sandbox-child"))
		return sandbox_child();
	printf("# forktest: pid %ld\n", sys_getpid());
	test_sandbox_kept();
	test_fpu_copied();
	test_fork_returns();
	test_cow_isolation();
	test_cow_parent_first();
	test_cow_kernel_copy();
	test_fork_exec();
	test_wait();
	test_wait_signalled();
	if (argc > 1 && !strcmp(argv[1], "init"))
		test_orphan_adopted();
	test_fork_bomb();
	test_fork_nomem();
	return tap_done();
}
