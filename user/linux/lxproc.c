/*
 * Linux processes and signals on pfgate, as a stock glibc -static program
 * makes them (test/suite_linux.py runs it): fork, vfork and clone, execve
 * (of itself by /proc/self/exe, of a native program, with bad pointers and
 * too many arguments, close-on-exec), wait statuses, kill and tgkill, and
 * handlers with Linux's frames (sigframe and rt_sigframe; the FPU state
 * kept across a handler; a fault's handler; a frame edited to skip a
 * faulting instruction). Then the hostile part: clones that would be
 * threads, and handlers that forge their frame (ring 0, IOPL, a kernel EIP),
 * each in a child that the kernel must kill with a report. Prints
 * "lxproc: ok ..." or "lxproc: FAIL ..." per check; the exit status is the
 * number of failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
	printf("lxproc: %s %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* errno after a call that must fail with want. */
static void check_fails(long r, int want, const char *what)
{
	char line[128];
	snprintf(line, sizeof line, "%s: -1 %s (got %ld, errno %d)", what, strerror(want), r, errno);
	check(r == -1 && errno == want, line);
}

static int run_child(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		body();
		_exit(0);
	}
	int status = -1;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* An address nothing is mapped at (or the kernel's), hidden from the compiler's checks. */
static void *bad(uintptr_t addr)
{
	volatile uintptr_t p = addr;
	return (void *)p;
}

static int killed_by(int status, int sig) { return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig; }
static int exited_with(int status, int code) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

/* ---- the program run again by execve ---- */
static int again(int argc, char **argv)
{
	extern char **environ;
	printf("lxproc-again: argc %d", argc);
	for (int i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	for (char **e = environ; *e; e++)
		printf(" env %s", *e);
	printf("\n");
	if (argc > 3) {   /* the descriptors kept and closed on exec */
		char c;
		int kept = atoi(argv[2]), cloexec = atoi(argv[3]);
		errno = 0;
		long r = read(cloexec, &c, 1);
		int closed = r == -1 && errno == EBADF;
		return read(kept, &c, 1) == 1 && closed ? 5 : 6;
	}
	return 5;
}

/* ---- fork, vfork, clone ---- */
static __thread int tls_counter = 40;

static void child_tls(void)
{
	tls_counter += 2;
	errno = 0;
	close(-1);   /* errno is in the TLS block: the child's copy */
	_exit(tls_counter == 42 && errno == EBADF ? 7 : 8);
}

static void test_fork(void)
{
	int st = run_child(child_tls);
	check(exited_with(st, 7), "fork: the child runs as a Linux program (its TLS, errno, exit 7)");
	check(tls_counter == 40, "fork: the parent's TLS untouched by the child");

	pid_t pid = vfork();
	if (pid == 0) {
		struct timespec ts = { 0, 30 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		_exit(9);
	}
	int status = 0;
	/* The parent slept until its vfork child ended: it is there to be reaped at once. */
	check(waitpid(pid, &status, WNOHANG) == pid && exited_with(status, 9), "vfork: the parent resumes after the child's end");

	pid_t ptid = 0, ctid = 0;
	long r = syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0, &ptid, 0, &ctid);
	if (r == 0)
		_exit(ctid == getpid() ? 3 : 4);
	status = -1;
	waitpid((pid_t)r, &status, 0);
	check(r > 0 && ptid == r && ctid == 0 && exited_with(status, 3),
	      "clone: PARENT_SETTID in the parent, CHILD_SETTID in the child's memory only");

	check_fails(syscall(SYS_clone, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, 0), ENOSYS,
		    "clone of a thread (CLONE_THREAD)");
	check_fails(syscall(SYS_clone, CLONE_VM | SIGCHLD, 0, 0, 0, 0), ENOSYS, "clone sharing memory without CLONE_VFORK");
	check_fails(syscall(SYS_clone, 0x40000000 | SIGCHLD, 0, 0, 0, 0), EINVAL, "clone with a namespace flag");
	check_fails(syscall(SYS_clone, SIGCHLD | CLONE_PARENT_SETTID, 0, bad(0xC0000000), 0, 0), EFAULT,
		    "clone with a kernel PARENT_SETTID pointer");
	check_fails(waitpid(-1, NULL, WNOHANG), ECHILD, "no child left");
}

/* ---- execve ---- */
static void test_exec(const char *self)
{
	extern char **environ;
	char *ok_argv[] = { (char *)self, NULL };
	check_fails(execve("/no/such/program", ok_argv, environ), ENOENT, "execve of a missing file");
	check_fails(execve("/", ok_argv, environ), EACCES, "execve of a folder");
	check_fails(execve("", ok_argv, environ), ENOENT, "execve of an empty path");
	/* A bare name is in the working directory, as Linux has it (not the initrd's program of that name). */
	check(chdir("/proc") == 0, "chdir /proc");
	check_fails(execve("echo", ok_argv, environ), ENOENT, "execve of a bare name not in the working directory");
	check(chdir("/") == 0, "chdir / again");
	check_fails(execve(bad(16), ok_argv, environ), EFAULT, "execve with a bad path pointer");
	check_fails(execve(self, bad(16), environ), EFAULT, "execve with a bad argv pointer");
	char *bad_arg[] = { (char *)self, bad(0xC0001000), NULL };
	check_fails(execve(self, bad_arg, environ), EFAULT, "execve with a kernel pointer in argv");
	char *bad_env[] = { "A=1", bad(16), NULL };
	check_fails(execve(self, ok_argv, bad_env), EFAULT, "execve with a bad pointer in envp");
	/*
	 * Linux's limits: a string of 32 pages (Linux's MAX_ARG_STRLEN, a kernel
	 * constant no user header gives) with its NUL is one over; and strings of
	 * one fewer past sysconf(_SC_ARG_MAX) (glibc: a quarter of RLIMIT_STACK).
	 */
	enum { STRLEN_MAX = 32 * 4096 };
	static char big[STRLEN_MAX + 1];
	memset(big, 'x', STRLEN_MAX);
	char *too_long[] = { (char *)self, big, NULL };
	check_fails(execve(self, too_long, environ), E2BIG, "execve with an argument of MAX_ARG_STRLEN characters");
	long arg_max = sysconf(_SC_ARG_MAX);
	int n = (int)(arg_max / STRLEN_MAX) + 1;
	char **many = malloc((size_t)(n + 1) * sizeof *many);
	for (int i = 0; i < n; i++)
		many[i] = big + 1;
	many[n] = NULL;
	check(arg_max == 2 * 1024 * 1024, "sysconf(_SC_ARG_MAX) is a quarter of the 8 MiB RLIMIT_STACK");
	check_fails(execve(self, many, environ), E2BIG, "execve with more than sysconf(_SC_ARG_MAX) of arguments");
	free(many);
	check(1, "the old image goes on after every failed execve");

	int kept = open("/README", O_RDONLY), cloexec = open("/README", O_RDONLY | O_CLOEXEC);
	char k[12], c[12];
	snprintf(k, sizeof k, "%d", kept);
	snprintf(c, sizeof c, "%d", cloexec);
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { "lxproc", "again", k, c, NULL };
		char *env[] = { "ONE=1", "PATH=/bin", NULL };
		execve("/proc/self/exe", args, env);
		_exit(127);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	check(exited_with(status, 5), "execve /proc/self/exe: the program again, its descriptor kept, the close-on-exec one closed");
	close(kept);
	close(cloexec);

	pid = fork();
	if (pid == 0) {
		char *args[] = { "echo", "lxproc-native-echo", NULL };
		execve("echo", args, NULL);   /* a bare name: /echo, from the working directory "/" */
		_exit(127);
	}
	status = -1;
	waitpid(pid, &status, 0);
	check(exited_with(status, 0), "execve of a native program (echo, a bare name in the working directory) from a Linux one");
}

/* ---- signals ---- */
static volatile sig_atomic_t hits, last_sig;
static void handler(int sig) { hits++; last_sig = sig; }

/*
 * A sleep is never restarted (signal(7)), SA_RESTART or not: nanosleep
 * returns EINTR and the time left (all of it when the signal came first:
 * its handler has not run yet, it runs at the next tick). The child
 * signals every 10 ms, so that one finds the parent asleep in any order.
 */
static void test_sleep_not_restarted(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR2, &sa, NULL);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };
		for (int i = 0; i < 500; i++) {
			kill(parent, SIGUSR2);
			nanosleep(&tick, NULL);
		}
		_exit(0);
	}
	struct timespec ts = { 5, 0 }, rem = { 0, 0 };
	errno = 0;
	int r = nanosleep(&ts, &rem);
	check(r == -1 && errno == EINTR && (rem.tv_sec < 5 || (rem.tv_sec == 5 && rem.tv_nsec == 0)),
	      "nanosleep with an SA_RESTART handler: EINTR and the time left (never restarted)");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	signal(SIGUSR2, SIG_DFL);
}

static void test_signals(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = handler;
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");
	raise(SIGUSR1);
	check(hits == 1 && last_sig == SIGUSR1, "raise: the handler ran before raise returned");
	kill(getpid(), SIGUSR1);
	check(hits == 2, "kill to oneself: the handler ran before kill returned");

	sigset_t block, old, pend;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	sigpending(&pend);
	check(hits == 2 && sigismember(&pend, SIGUSR1), "blocked: pending, not run");
	sigprocmask(SIG_SETMASK, &old, NULL);
	check(hits == 3, "unblocked: the handler ran before sigprocmask returned");

	sigprocmask(SIG_BLOCK, &block, &old);
	kill(getpid(), SIGUSR1);
	sigset_t none;
	sigemptyset(&none);
	errno = 0;
	int r = sigsuspend(&none);
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	check(r == -1 && errno == EINTR && hits == 4 && sigismember(&now, SIGUSR1), "sigsuspend: the handler, EINTR, the mask back");
	sigprocmask(SIG_SETMASK, &old, NULL);

	check(kill(getpid(), 0) == 0, "kill with signal 0 probes");
	check_fails(kill(getpid(), 65), EINVAL, "kill with signal 65");
	check_fails(syscall(SYS_tgkill, getpid(), getpid() + 1000, SIGUSR1), ESRCH, "tgkill with another thread id");
	check(getpgrp() == getpgid(0) && getpgid(getpid()) == getpgrp(), "getpgrp is getpgid(0) and getpgid(own pid)");
	check(setpgid(0, 0) == 0 && getpgrp() == getpid(), "setpgid(0, 0): a group of its own, led by itself");
	check(getsid(0) > 0 && getsid(0) == getsid(getpid()), "getsid(0) is its session's id");
	check_fails(setsid(), EPERM, "setsid of a group leader");
	check_fails(getpgid(0x7FFF), ESRCH, "getpgid of no process");
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	check(nanosleep(&ts, NULL) == 0, "nanosleep 10 ms");
	check(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) == 0, "clock_nanosleep 10 ms");
	test_sleep_not_restarted();
}

/* A child that waits in sigsuspend for what its parent sends. */
static void wait_for_signal(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigsuspend(&none);
	_exit(0);
}

static void test_kill_child(void)
{
	pid_t pid = fork();
	if (pid == 0)
		wait_for_signal();
	kill(pid, SIGTERM);
	int status = -1;
	waitpid(pid, &status, 0);
	check(killed_by(status, SIGTERM), "kill SIGTERM to a child: WTERMSIG 15 (Linux's status, no kill reason)");
}

/* ---- the FPU state across a handler ---- */
static void fpu_clobber(int sig)
{
	(void)sig;
	hits++;
	__asm__ volatile("pxor %%xmm7, %%xmm7\n\tfninit\n\tfldz\n\tfldz" ::: "memory");   /* (the compiler uses no SSE here) */
}

/* Linux restores the x87 state from the _fpstate's fnsave-layout header: ST0 set to 1.0 there is ST0 after the return. */
static void fpu_edit(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	struct _libc_fpreg *st0 = &((ucontext_t *)ucv)->uc_mcontext.fpregs->_st[0];
	st0->significand[0] = st0->significand[1] = st0->significand[2] = 0;
	st0->significand[3] = 0x8000;   /* the explicit integer bit */
	st0->exponent = 0x3FFF;         /* 2^0 */
	hits++;
}

/* kill(getpid(), sig) by the gate, with ST0 = in before it and *out = ST0 after it. */
static double x87_across_kill(int sig, double in)
{
	long pid = getpid();
	double out = 0;
	__asm__ volatile(
		"fldl %[in]\n\t"
		"mov %[pid], %%edx\n\t"   /* before the push: the operands may be ESP-relative */
		"mov %[sig], %%ecx\n\t"
		"push %%ebx\n\t"
		"mov %%edx, %%ebx\n\t"
		"mov $37, %%eax\n\t"
		"call *%%gs:0x10\n\t"
		"pop %%ebx\n\t"
		"fstpl %[out]\n\t"
		: [out] "=m"(out)
		: [in] "m"(in), [pid] "m"(pid), [sig] "m"(sig)
		: "eax", "ecx", "edx", "memory");
	return out;
}

static void test_fpu(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = fpu_clobber;
	sigaction(SIGUSR2, &sa, NULL);
	static const uint32_t pattern[4] __attribute__((aligned(16))) = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	uint32_t out[4] __attribute__((aligned(16)));
	double in = 3.25, x87 = 0;
	long pid = getpid(), before = hits;
	/* kill(pid, SIGUSR2) by the gate (__kernel_vsyscall): delivered on its way out, between the two halves. */
	__asm__ volatile(
		"movaps %[pat], %%xmm7\n\t"
		"fldl %[in]\n\t"
		"mov %[pid], %%edx\n\t"   /* before the push: the operands may be ESP-relative */
		"push %%ebx\n\t"
		"mov %%edx, %%ebx\n\t"
		"mov $37, %%eax\n\t"
		"mov $12, %%ecx\n\t"
		"call *%%gs:0x10\n\t"
		"pop %%ebx\n\t"
		"movaps %%xmm7, %[out]\n\t"
		"fstpl %[x87]\n\t"
		: [out] "=m"(out), [x87] "=m"(x87)
		: [pat] "m"(pattern), [in] "m"(in), [pid] "m"(pid)
		: "eax", "ecx", "edx", "memory");
	check(hits == before + 1, "the FPU test's handler ran inside the call");
	check(!memcmp(out, pattern, sizeof out), "XMM7 kept across a handler that cleared it (the frame's fxsave image)");
	check(x87 == 3.25, "x87 ST0 kept across a handler that ran fninit (the frame's fnsave-layout header)");

	struct sigaction edit = { 0 };
	edit.sa_sigaction = fpu_edit;
	edit.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &edit, NULL);
	before = hits;
	x87 = x87_across_kill(SIGUSR2, 3.25);
	check(hits == before + 1 && x87 == 1.0, "ST0 edited in the frame's fnsave-layout header is ST0 after the return (Linux's rule)");
}

/* ---- faults to handlers ---- */
static sigjmp_buf jump;
static void segv_handler(int sig) { siglongjmp(jump, sig); }

static void skip_ud2(int sig, siginfo_t *si, void *ucv)
{
	(void)si;
	ucontext_t *uc = ucv;
	last_sig = sig;
	uc->uc_mcontext.gregs[REG_EIP] += 2;   /* past ud2 */
}

static void test_faults(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = segv_handler;
	sigaction(SIGSEGV, &sa, NULL);
	int sig = sigsetjmp(jump, 1);
	if (sig == 0) {
		*(volatile int *)bad(16) = 1;
		check(0, "a write to page 0 faulted");
	} else {
		check(sig == SIGSEGV, "SIGSEGV to a Linux handler, left by siglongjmp");
	}
	struct sigaction ill = { 0 };
	ill.sa_sigaction = skip_ud2;
	ill.sa_flags = SA_SIGINFO;
	sigaction(SIGILL, &ill, NULL);
	last_sig = 0;
	__asm__ volatile("ud2");
	check(last_sig == SIGILL, "SIGILL's handler moved EIP past ud2 in its ucontext, and the program goes on");
}

/* ---- forged frames: each child must be killed with a report ---- */
static int forge;
enum { FORGE_RING0_CS, FORGE_IOPL, FORGE_KERNEL_EIP, FORGE_OLD_FRAME_CS, FORGE_COUNT };

static void forge_rt(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
	if (forge == FORGE_RING0_CS)
		g[REG_CS] = 0x08;
	else if (forge == FORGE_IOPL)
		g[REG_EFL] |= 0x3000;
	else
		g[REG_EIP] = 0xC0100000;
}

/* The old sigframe: struct sigcontext follows sig on the handler's stack (the pointer laundered: the compiler would call the write past sig undefined). */
static void forge_old(int sig)
{
	int *volatile at = &sig;
	volatile struct sigcontext *sc = (volatile struct sigcontext *)(void *)(at + 1);
	sc->cs = 0x08;
}

static void forger(void)
{
	struct sigaction sa = { 0 };
	if (forge == FORGE_OLD_FRAME_CS) {
		sa.sa_handler = forge_old;
	} else {
		sa.sa_sigaction = forge_rt;
		sa.sa_flags = SA_SIGINFO;
	}
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	_exit(1);   /* sigreturn came back: the forgery was taken */
}

static void test_forged(void)
{
	static const char *const what[FORGE_COUNT] = {
		"an rt_sigframe forged to ring 0's CS", "an rt_sigframe forged to IOPL 3",
		"an rt_sigframe forged to a kernel EIP", "a sigframe forged to ring 0's CS",
	};
	for (forge = 0; forge < FORGE_COUNT; forge++) {
		char line[128];
		snprintf(line, sizeof line, "%s: the child is killed (SIGSEGV; Linux's raw status, the signal alone)", what[forge]);
		int status = run_child(forger);
		check(killed_by(status, SIGSEGV) && status == SIGSEGV, line);
	}
}

/* One byte from fd if there is one: 1, else 0. */
static int read_nonblock_drain(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	char c;
	long n = read(fd, &c, 1);
	fcntl(fd, F_SETFL, fl);
	return n == 1;
}

static volatile int alarms, wake_fd = -1;
static void on_alarm(int sig) { (void)sig; alarms++; if (wake_fd >= 0) write(wake_fd, "w", 1); }

/* A read by int 0x80 (glibc's own door), as the gate's read is: the restart path of that door. */
static long read_by_int80(int fd, void *buf, unsigned long n)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(SYS_read), "b"(fd), "c"(buf), "d"(n) : "memory");
	return r;
}

/*
 * The time calls with hostile arguments, setitimer's interval, and a
 * SA_RESTART handler that ends a blocking read's sleep: the read is made
 * again after the handler (which writes what it waits for), by the gate and
 * by int 0x80.
 */
static void test_time(void)
{
	struct timespec ts;
	check_fails(syscall(SYS_clock_gettime64, 12345, &ts), EINVAL, "clock_gettime64 of an unknown clock");
	check_fails(syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, bad(0xC0000000)), EFAULT, "clock_gettime64 into the kernel");
	check_fails(syscall(SYS_clock_gettime, CLOCK_REALTIME, bad(16)), EFAULT, "clock_gettime into nothing");
	check_fails(syscall(SYS_clock_getres, CLOCK_MONOTONIC, bad(0xC0000000)), EFAULT, "clock_getres into the kernel");
	check_fails(syscall(SYS_clock_getres_time64, -7, NULL), EINVAL, "clock_getres_time64 of an unknown clock");
	check(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL) == 0, "clock_getres with no result: 0");
	check_fails(syscall(SYS_time, bad(0xC0000000)), EFAULT, "time into the kernel");
	long t = syscall(SYS_time, NULL);
	/* The CMOS clock, not a count from 1970: bochsrc starts Bochs' at 2000-01-01 (time0, for counts that repeat). */
	check(t >= 946684800, "time: the CMOS clock's (2000 or later)");
	check_fails(syscall(SYS_gettimeofday, bad(16), NULL), EFAULT, "gettimeofday into nothing");
	check_fails(syscall(SYS_gettimeofday, NULL, bad(0xC0000000)), EFAULT, "gettimeofday's zone into the kernel");
	struct itimerval it = { { 0, 0 }, { 5, 0 } }, old;
	check_fails(syscall(SYS_setitimer, ITIMER_VIRTUAL, &it, NULL), EINVAL, "setitimer ITIMER_VIRTUAL (not kept)");
	check_fails(syscall(SYS_setitimer, 9, &it, NULL), EINVAL, "setitimer of timer 9");
	check_fails(syscall(SYS_setitimer, ITIMER_REAL, bad(16), NULL), EFAULT, "setitimer from nothing");
	struct itimerval wrong = { { 0, 0 }, { 0, 1000000 } };
	check_fails(syscall(SYS_setitimer, ITIMER_REAL, &wrong, NULL), EINVAL, "setitimer with tv_usec 1000000");
	check_fails(syscall(SYS_getitimer, ITIMER_REAL, bad(0xC0000000)), EFAULT, "getitimer into the kernel");
	struct sigaction sa = { 0 };
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	check(setitimer(ITIMER_REAL, &it, NULL) == 0 && getitimer(ITIMER_REAL, &old) == 0 &&
	      old.it_value.tv_sec <= 5 && (old.it_value.tv_sec > 0 || old.it_value.tv_usec > 0) && !old.it_interval.tv_sec,
	      "setitimer 5 s, getitimer: at most 5 s left");
	check(alarm(0) == 5, "alarm(0) after setitimer 5 s: 5 seconds were left");
	check(getitimer(ITIMER_REAL, &old) == 0 && !old.it_value.tv_sec && !old.it_value.tv_usec, "alarm(0) disarmed it");
	struct itimerval every = { { 0, 10000 }, { 0, 10000 } };
	setitimer(ITIMER_REAL, &every, NULL);
	while (alarms < 3)
		pause();
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	check(setitimer(ITIMER_REAL, &off, &old) == 0 && old.it_interval.tv_usec == 10000, "an interval timer comes back (3 SIGALRMs)");

	int p[2];
	pipe(p);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	wake_fd = p[1];
	for (int door = 0; door < 2; door++) {
		char c = 0;
		alarms = 0;
		struct itimerval once = { { 0, 20000 }, { 0, 20000 } };   /* again while the read is not yet asleep */
		setitimer(ITIMER_REAL, &once, NULL);
		long n = door ? read_by_int80(p[0], &c, 1) : read(p[0], &c, 1);
		setitimer(ITIMER_REAL, &off, NULL);
		check(n == 1 && c == 'w' && alarms >= 1, door ? "SA_RESTART: int 0x80's read made again after the handler"
		                                             : "SA_RESTART: the gate's read made again after the handler");
		while (read_nonblock_drain(p[0]))
			;
	}
	wake_fd = -1;
	close(p[0]);
	close(p[1]);
	signal(SIGALRM, SIG_DFL);
}

static char alt_stack[4 * 4096] __attribute__((aligned(16)));
static volatile uintptr_t alt_local;
static volatile int alt_flags_inside = -1, alt_eperm, alt_uc_ok;

static void on_alt(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	volatile int here = 0;
	alt_local = (uintptr_t)&here;
	stack_t cur, again = { alt_stack, 0, sizeof alt_stack };
	if (sigaltstack(NULL, &cur) == 0)
		alt_flags_inside = cur.ss_flags;
	alt_eperm = sigaltstack(&again, NULL) == -1 && errno == EPERM;
	ucontext_t *uc = ucv;
	alt_uc_ok = uc->uc_stack.ss_sp == alt_stack && uc->uc_stack.ss_size == sizeof alt_stack && uc->uc_stack.ss_flags == 0;
}

/* sigaltstack and SA_ONSTACK: its errors, a handler that runs on it (and knows it), and one without SA_ONSTACK that does not. */
static void test_altstack(void)
{
	stack_t cur, ss = { alt_stack, 0, 1024 };
	check(sigaltstack(NULL, &cur) == 0 && cur.ss_flags == SS_DISABLE, "sigaltstack: none at first (SS_DISABLE)");
	check_fails(sigaltstack(&ss, NULL), ENOMEM, "sigaltstack below MINSIGSTKSZ");
	ss.ss_size = sizeof alt_stack;
	ss.ss_flags = 0x40;
	check_fails(sigaltstack(&ss, NULL), EINVAL, "sigaltstack with unknown flags");
	ss.ss_flags = 0;
	check_fails(sigaltstack(bad(16), NULL), EFAULT, "sigaltstack from nothing");
	check_fails(sigaltstack(NULL, bad(0xC0000000)), EFAULT, "sigaltstack into the kernel");
	check(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &cur) == 0 && cur.ss_sp == alt_stack &&
	      cur.ss_size == sizeof alt_stack && cur.ss_flags == 0, "sigaltstack set and read back");
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_alt;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	check(alt_local >= (uintptr_t)alt_stack && alt_local < (uintptr_t)alt_stack + sizeof alt_stack,
	      "SA_ONSTACK: the handler ran on the sigaltstack");
	check(alt_flags_inside == SS_ONSTACK && alt_eperm && alt_uc_ok,
	      "on it: SS_ONSTACK, changing it is EPERM, the frame's uc_stack names it");
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	check(!(alt_local >= (uintptr_t)alt_stack && alt_local < (uintptr_t)alt_stack + sizeof alt_stack),
	      "without SA_ONSTACK: the handler ran on the usual stack");
	pid_t pid = fork();
	if (pid == 0) {
		stack_t c;
		_exit(sigaltstack(NULL, &c) == 0 && c.ss_sp == alt_stack ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a fork's child has its parent's sigaltstack");
	ss.ss_flags = SS_DISABLE;
	check(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &cur) == 0 && cur.ss_flags == SS_DISABLE, "SS_DISABLE takes it away");
	signal(SIGUSR1, SIG_DFL);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "again"))
		return again(argc, argv);
	test_fork();
	test_exec(argv[0]);
	test_signals();
	test_time();
	test_altstack();
	test_kill_child();
	test_fpu();
	test_faults();
	test_forged();
	printf("lxproc: done, %d failure(s)\n", failures);
	return failures;
}
