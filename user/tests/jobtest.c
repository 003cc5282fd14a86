/* help: jobtest: process groups, sessions, stop and continue, SIGTTIN, alarm (TAP) */
/*
 * Job control from outside, as a program sees it (issue 27): each case that
 * stops or ends a process runs in a forked child that the parent judges by
 * its wait status; a MAP_SHARED page tells whether a child runs. Run as a
 * boot program (run=jobtest), so that its session takes the console.
 * testexit checks at the end that every frame came back, a stopped and
 * killed child's too.
 */
#include "ulib.h"
#include "tap.h"

static volatile unsigned long *shared;   /* a page the children write: their loop counter */
static volatile int chld_got, alrm_got;

static void on_chld(int sig) { (void)sig; chld_got++; }
static void on_alrm(int sig) { (void)sig; alrm_got++; }
static void on_ttin(int sig) { (void)sig; }

static void install(int sig, void (*handler)(int), unsigned long flags)
{
	struct pf_sigaction act = { (unsigned long)handler, 0, flags, 0 };
	sigaction(sig, &act, NULL);
}

static int wait_for(long pid, unsigned long options)
{
	int st = -1;
	return sys_wait((int)pid, &st, options) == pid ? st : -1;
}

/* A child that counts in user mode into shared[0] until killed. */
static long counting_child(void)
{
	long pid = sys_fork();
	if (pid == 0)
		for (;;)
			shared[0]++;
	return pid;
}

/* Does the counter move within ms? */
static bool counting(unsigned long ms)
{
	unsigned long before = shared[0];
	sys_sleep_ms(ms);
	return shared[0] != before;
}

static void test_groups(void)
{
	long me = sys_getpid();
	TAP_EQ(sys_getpgid(0), me, "a kernel-started process leads its own group");
	TAP_EQ(sys_setsid(), -EPERM, "setsid of a group leader: -EPERM");
	TAP_EQ(sys_getpgid(0x7fffffff), -ESRCH, "getpgid of no such process: -ESRCH");
	TAP_EQ(sys_setpgid(0, -1), -EINVAL, "setpgid to a negative group: -EINVAL");
	TAP_EQ(sys_setpgid(0x7fffffff, 0), -ESRCH, "setpgid of a process not ours: -ESRCH");
	int p[2];
	sys_pipe(p);
	long child = sys_fork();
	if (child == 0) {
		char c;
		sys_read(p[0], &c, 1);   /* until the parent has looked */
		sys_exit(sys_getpgid(0) == child ? 1 : 0);
	}
	TAP_EQ(sys_getpgid((int)child), me, "fork: the child is in its parent's group");
	TAP_EQ(sys_setpgid((int)child, 0x7fffffff), -EPERM, "setpgid into a group that does not exist: -EPERM");
	TAP_EQ(sys_setpgid((int)child, 0), 0, "setpgid of a child to a group of its own");
	TAP_EQ(sys_getpgid((int)child), child, "... getpgid says so");
	TAP_EQ(sys_setpgid((int)child, (int)me), 0, "... and back into ours");
	TAP_EQ(sys_write(p[1], "x", 1), 1, "(the child goes on)");
	int st = wait_for(child, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw its own group as its parent left it (status %x)", st);

	long leader = sys_fork();
	if (leader == 0) {
		long sid = sys_setsid();
		sys_exit(sid == sys_getpid() && sys_getpgid(0) == sid && sys_setpgid(0, 0) == -EPERM ? 0 : 1);
	}
	st = wait_for(leader, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "setsid: a new session and group, led by the caller; its leader cannot move (status %x)", st);

	/* exec keeps the group: the child moves to its own group and execs jobtest, which checks it. */
	long execer = sys_fork();
	if (execer == 0) {
		sys_setpgid(0, 0);
		char arg[16];
		snprintf(arg, sizeof arg, "%ld", sys_getpid());
		const char *argv[] = { "jobtest", "pgid", arg, NULL };
		sys_exec("jobtest", argv, NULL);
		sys_exit(2);
	}
	st = wait_for(execer, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec keeps the process group (status %x)", st);
	sys_close(p[0]);
	sys_close(p[1]);
}

static void test_kill_group(void)
{
	long a = sys_fork();
	if (a == 0) {
		sys_setpgid(0, 0);
		for (;;)
			sys_sleep_ms(1000);
	}
	sys_setpgid((int)a, (int)a);
	long b = sys_fork();
	if (b == 0) {
		sys_setpgid(0, (int)a);
		for (;;)
			sys_sleep_ms(1000);
	}
	sys_setpgid((int)b, (int)a);
	TAP_EQ(sys_getpgid((int)b), a, "two children in one group");
	TAP_EQ(kill(-(int)a, SIGTERM), 0, "kill of a group");
	int sa = wait_for(a, 0), sb = wait_for(b, 0);
	tap_ok(WIFSIGNALED(sa) && WTERMSIG(sa) == SIGTERM && WIFSIGNALED(sb) && WTERMSIG(sb) == SIGTERM,
	       "... reaches both (status %x, %x)", sa, sb);
	TAP_EQ(kill(-(int)a, SIGTERM), -ESRCH, "kill of an empty group: -ESRCH");

	long c = sys_fork();
	if (c == 0) {
		sys_setpgid(0, 0);
		long g = sys_fork();
		if (g == 0)
			for (;;)
				sys_sleep_ms(1000);
		kill(0, SIGUSR1);   /* its own group: itself and its child */
		sys_exit(3);
	}
	int sc = wait_for(c, 0);
	tap_ok(WIFSIGNALED(sc) && WTERMSIG(sc) == SIGUSR1, "kill(0, sig) reaches the caller's own group, itself too (status %x)", sc);
	TAP_EQ(kill(-(int)c, 0), -ESRCH, "... its child went with it (the group is empty)");
}

static void test_stop_continue(void)
{
	chld_got = 0;
	install(SIGCHLD, on_chld, SA_RESTART);   /* without it the SIGCHLD of a stop interrupts the wait (-EINTR) */
	long c = counting_child();
	tap_ok(counting(50), "a counting child counts");
	TAP_EQ(kill((int)c, SIGSTOP), 0, "SIGSTOP");
	int st = wait_for(c, WUNTRACED);
	tap_ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "wait with WUNTRACED: WIFSTOPPED, WSTOPSIG SIGSTOP (status %x)", st);
	tap_ok(!counting(100), "a stopped process does not run");
	unsigned long end = sys_uptime_ms() + 2000;
	while (!chld_got && sys_uptime_ms() < end)
		;   /* in user mode: a handled signal runs at the latest at the next tick found there */
	tap_ok(chld_got >= 1, "the parent got SIGCHLD for the stop (%d)", chld_got);
	TAP_EQ(sys_wait((int)c, &st, WUNTRACED | WNOHANG), 0, "a stop is reported once");
	TAP_EQ(kill((int)c, SIGCONT), 0, "SIGCONT");
	st = wait_for(c, WCONTINUED);
	tap_ok(WIFCONTINUED(st), "wait with WCONTINUED: WIFCONTINUED (status %x)", st);
	tap_ok(counting(50), "a continued process runs again");
	kill((int)c, SIGTSTP);
	st = wait_for(c, WUNTRACED);
	tap_ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "SIGTSTP stops too (status %x)", st);
	TAP_EQ(kill((int)c, SIGKILL), 0, "SIGKILL to a stopped process");
	st = wait_for(c, 0);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "... ends it (status %x)", st);

	long d = counting_child();
	kill((int)d, SIGSTOP);
	wait_for(d, WUNTRACED);
	kill((int)d, SIGTERM);
	st = wait_for(d, 0);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "a default-terminating signal ends a stopped process, as Linux (status %x)", st);

	install(SIGCHLD, (void (*)(int))SIG_IGN, 0);   /* drops a SIGCHLD still pending from the ends above */
	install(SIGCHLD, on_chld, SA_NOCLDSTOP | SA_RESTART);
	chld_got = 0;
	long e = counting_child();
	kill((int)e, SIGSTOP);
	wait_for(e, WUNTRACED);
	for (unsigned long end = sys_uptime_ms() + 50; sys_uptime_ms() < end;)
		;   /* in user mode, where a SIGCHLD would run */
	tap_ok(chld_got == 0, "SA_NOCLDSTOP: no SIGCHLD for a stop (%d)", chld_got);
	kill((int)e, SIGKILL);
	wait_for(e, 0);
	install(SIGCHLD, (void (*)(int))SIG_DFL, 0);
}

static void test_stop_asleep(void)
{
	long c = sys_fork();
	if (c == 0)
		sys_exit(sys_sleep_ms(300) == 0 ? 0 : 1);
	sys_sleep_ms(20);
	kill((int)c, SIGTSTP);
	int st = wait_for(c, WUNTRACED);
	tap_ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "a process asleep in the kernel stops (status %x)", st);
	kill((int)c, SIGCONT);
	st = wait_for(c, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "continued, its sleep goes on and returns 0, not -EINTR (status %x)", st);
}

static unsigned long pending(void)
{
	unsigned long set = 0;
	sys_sigpending(&set);
	return set;
}

static void test_discards(void)
{
	unsigned long both = SIGMASK(SIGCONT) | SIGMASK(SIGTSTP), old;
	sys_sigprocmask(SIG_BLOCK, &both, &old);
	kill((int)sys_getpid(), SIGCONT);
	TAP_EQ(pending() & both, SIGMASK(SIGCONT), "a blocked SIGCONT pends");
	kill((int)sys_getpid(), SIGTSTP);
	TAP_EQ(pending() & both, SIGMASK(SIGTSTP), "a stop signal discards a pending SIGCONT");
	kill((int)sys_getpid(), SIGCONT);
	TAP_EQ(pending() & both, SIGMASK(SIGCONT), "SIGCONT discards a pending stop signal");
	sys_sigprocmask(SIG_SETMASK, &old, NULL);
}

/* A background read of the console: SIGTTIN stops the reader; ignored it is -EIO, handled -EINTR. */
static void test_background_read(void)
{
	long me = sys_getpgid(0);
	TAP_EQ(sys_tcsetpgrp(STDIN_FD, (int)me), 0, "this session takes the console");
	long c = sys_fork();
	if (c == 0) {
		sys_setpgid(0, 0);
		char ch;
		sys_read(STDIN_FD, &ch, 1);
		sys_exit(4);
	}
	sys_setpgid((int)c, (int)c);
	int st = wait_for(c, WUNTRACED);
	tap_ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "a background reader of the console stops by SIGTTIN (status %x)", st);
	kill((int)c, SIGKILL);
	wait_for(c, 0);
	long d = sys_fork();
	if (d == 0) {
		sys_setpgid(0, 0);
		char ch;
		install(SIGTTIN, (void (*)(int))SIG_IGN, 0);
		long r1 = sys_read(STDIN_FD, &ch, 1);
		install(SIGTTIN, on_ttin, 0);
		long r2 = sys_read(STDIN_FD, &ch, 1);
		long w = sys_write(STDOUT_FD, "# a background write is allowed\n", 32);
		sys_exit(r1 == -EIO && r2 == -EINTR && w == 32 ? 0 : 1);
	}
	st = wait_for(d, WUNTRACED);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "SIGTTIN ignored: -EIO; handled: -EINTR; writes go through (status %x)", st);
	TAP_EQ(sys_tcgetpgrp(STDIN_FD), me, "the foreground group is still ours");
}

/*
 * tcsetpgrp from the background (Linux's rule): SIGTTOU stops the caller's
 * group; handled it is -EINTR; blocked (or ignored) the call goes through,
 * as a shell takes the console back.
 */
static void test_background_tcsetpgrp(void)
{
	long me = sys_getpgid(0);
	TAP_EQ(sys_tcsetpgrp(STDIN_FD, (int)me), 0, "this session takes the console");
	long c = sys_fork();
	if (c == 0) {
		sys_setpgid(0, 0);
		sys_tcsetpgrp(STDIN_FD, (int)sys_getpgid(0));
		sys_exit(4);
	}
	sys_setpgid((int)c, (int)c);
	int st = wait_for(c, WUNTRACED);
	tap_ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU, "a background tcsetpgrp stops by SIGTTOU (status %x)", st);
	TAP_EQ(sys_tcgetpgrp(STDIN_FD), me, "and the foreground is not named");
	kill((int)c, SIGKILL);
	wait_for(c, 0);
	long d = sys_fork();
	if (d == 0) {
		sys_setpgid(0, 0);
		install(SIGTTOU, on_ttin, 0);
		long r1 = sys_tcsetpgrp(STDIN_FD, (int)sys_getpgid(0));
		long fg1 = sys_tcgetpgrp(STDIN_FD);
		const unsigned long ttou = SIGMASK(SIGTTOU);
		sys_sigprocmask(SIG_BLOCK, &ttou, NULL);
		long r2 = sys_tcsetpgrp(STDIN_FD, (int)sys_getpgid(0));
		long fg2 = sys_tcgetpgrp(STDIN_FD);
		long r3 = sys_tcsetpgrp(STDIN_FD, (int)me);   /* the foreground's own call: no signal */
		sys_exit(r1 == -EINTR && fg1 == me && r2 == 0 && fg2 == sys_getpgid(0) && r3 == 0 ? 0 : 1);
	}
	st = wait_for(d, WUNTRACED);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "SIGTTOU handled: -EINTR, the foreground unchanged; blocked: named (status %x)", st);
	TAP_EQ(sys_tcgetpgrp(STDIN_FD), me, "the foreground group is ours again");
}

static void test_alarm(void)
{
	TAP_EQ(sys_alarm(0), 0, "alarm(0) with none set: 0");
	sys_alarm(5);
	TAP_EQ(sys_alarm(0), 5, "alarm gives the seconds left of the one it replaces");
	alrm_got = 0;
	install(SIGALRM, on_alrm, 0);
	unsigned long t0 = sys_uptime_ms();
	sys_alarm(1);
	long c = sys_fork();   /* the child has no alarm of its own */
	if (c == 0)
		sys_exit(sys_sleep_ms(1500) == 0 ? 0 : 1);
	while (!alrm_got && sys_uptime_ms() - t0 < 5000)
		sys_sigsuspend(0);
	unsigned long took = sys_uptime_ms() - t0;
	tap_ok(alrm_got == 1 && took >= 990, "SIGALRM comes after the alarm's second (%lu ms)", took);
	int st = wait_for(c, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork's child has no alarm (status %x)", st);
	long d = sys_fork();
	if (d == 0) {
		install(SIGALRM, (void (*)(int))SIG_DFL, 0);
		sys_alarm(1);
		for (;;)
			sys_sleep_ms(1000);
	}
	st = wait_for(d, 0);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM, "SIGALRM's default action ends the process (status %x)", st);
}

static void test_wait_group(void)
{
	long a = sys_fork();
	if (a == 0) {
		sys_setpgid(0, 0);
		sys_exit(5);
	}
	sys_setpgid((int)a, (int)a);
	long b = sys_fork();
	if (b == 0)
		sys_exit(6);
	int st;
	TAP_EQ(sys_wait(-(int)a, &st, 0), a, "wait(-pgid) takes a child of that group");
	TAP_EQ(sys_wait(0, &st, 0), b, "wait(0) takes a child of the caller's group");
}

/* Whether pid sleeps now (procinfo's state). */
static bool sleeps(long pid)
{
	struct pf_procinfo info;
	for (unsigned long i = 0; sys_procinfo(i, &info) == 1; i++)
		if (info.pid == pid)
			return info.state == PF_PROC_SLEEPING;
	return false;
}

/*
 * setpgid of a child that has exec'd (POSIX): -EACCES, whether it exec'd
 * after a fork or was spawned; a forked child before its exec is the
 * parent's to place (test_groups). Each child runs `jobtest hold FD`, which
 * sleeps in a read of the pipe until the parent closes it.
 */
static void test_setpgid_after_exec(void)
{
	for (int spawned = 0; spawned < 2; spawned++) {
		int p[2];
		sys_pipe(p);
		sys_fcntl(p[1], F_SETFD, FD_CLOEXEC);   /* the child's program holds no writer: the parent's close ends its read */
		char fd[12];
		snprintf(fd, sizeof fd, "%d", p[0]);
		const char *argv[] = { "jobtest", "hold", fd, NULL };
		long c = spawned ? sys_spawn("jobtest", argv, NULL) : sys_fork();
		if (c == 0) {
			sys_close(p[1]);
			sys_exit((int)sys_exec("jobtest", argv, NULL) == 0 ? 5 : 6);
		}
		while (!is_err(c) && !sleeps(c))
			sys_yield();   /* once it sleeps it runs jobtest hold: exec is behind it */
		TAP_EQ(sys_setpgid((int)c, (int)c), -EACCES, spawned ? "setpgid of a spawned child: -EACCES (it has exec'd)"
								      : "setpgid of a forked child after its exec: -EACCES");
		sys_close(p[0]);
		sys_close(p[1]);
		int st = wait_for(c, 0);
		tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "(it ends when the pipe does: status %x)", st);
	}
}

/*
 * A background group that is orphaned (no member has a parent in another
 * group of its session): reading the console or naming the foreground is
 * -EIO, not a stop, for nobody would continue it (POSIX, Linux). The
 * grandchild's group is orphaned once the child that made it has exited;
 * it says what it got through a pipe, since its parent is gone.
 */
static void test_orphaned_background(void)
{
	long me = sys_getpgid(0);
	TAP_EQ(sys_tcsetpgrp(STDIN_FD, (int)me), 0, "this session takes the console");
	int p[2];
	sys_pipe(p);
	long c = sys_fork();
	if (c == 0) {
		long parent = sys_getpid();
		long g = sys_fork();
		if (g == 0) {
			sys_setpgid(0, 0);
			while (sys_getppid() == parent)
				sys_yield();   /* until its parent has exited: its group is orphaned then */
			char ch;
			long r[2] = { sys_read(STDIN_FD, &ch, 1), sys_tcsetpgrp(STDIN_FD, (int)sys_getpgid(0)) };
			sys_write(p[1], r, sizeof r);
			sys_exit(0);
		}
		sys_exit(0);
	}
	sys_close(p[1]);
	wait_for(c, 0);
	long r[2] = { 0, 0 };
	long n = sys_read(p[0], r, sizeof r);
	sys_close(p[0]);
	tap_ok(n == sizeof r && r[0] == -EIO && r[1] == -EIO,
	       "an orphaned background group: its console read and its tcsetpgrp get -EIO, no stop (%ld, %ld)", r[0], r[1]);
	TAP_EQ(sys_tcgetpgrp(STDIN_FD), me, "the foreground group is still ours");
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "pgid"))
		return sys_getpgid(0) == (long)arg_ulong("jobtest", "PGID", argv[2]) ? 0 : 1;
	if (argc > 2 && !strcmp(argv[1], "hold")) {   /* test_setpgid_after_exec's child */
		char ch;
		return sys_read((int)arg_ulong("jobtest", "FD", argv[2]), &ch, 1) == 0 ? 0 : 1;
	}
	struct pf_mmap req = { 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0 };
	long m = sys_mmap(&req);
	if (is_err(m)) {
		printf("jobtest: mmap: %s\n", strerror(m));
		return 1;
	}
	shared = (volatile unsigned long *)m;
	test_groups();
	test_kill_group();
	test_stop_continue();
	test_stop_asleep();
	test_discards();
	test_background_read();
	test_background_tcsetpgrp();
	test_setpgid_after_exec();
	test_orphaned_background();
	test_alarm();
	test_wait_group();
	return tap_done();
}
