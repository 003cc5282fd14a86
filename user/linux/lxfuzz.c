/*
 * The Linux-personality fuzzer (make fuzz FUZZ_LINUX=1; a short seeded run
 * in make test): every Linux call the kernel serves (the list is
 * include/pfgate/linux_calls.def, the table the kernel is built from), each
 * in its own forked child, with hostile arguments: kernel addresses, the
 * gate window, the vDSO, unmapped pages, NULL, -1, huge lengths, bad
 * descriptors and flags, and seeded random mixes; alternately through the
 * vDSO's __kernel_vsyscall and by int 0x80. Then garbage numbers by both
 * doors and a direct call to every Linux gate page with no service.
 *   lxfuzz SEED CALLS     CALLS calls per Linux call; TAP out, one line per
 *                         call (named), exit 0 when every child ended as
 *                         the ABI says
 * A child checks Linux's register promise after every call (all but EAX as
 * they went in) and exits 0, or with the code of the broken promise. The
 * calls that end the caller (exit, exit_group, sigreturn, rt_sigreturn) are
 * not skipped: each child makes one of them, and the parent checks the end
 * (the exit status given, or a kill). The child closes the console first:
 * no fuzzed call can read it (block) or write garbage into the TAP.
 * Arguments are tamed only where a call would wait for ever or end the
 * fuzzer by design, each named in tame() below.
 */
#include "lxcalls.h"
#include <pfgate/layout.h>

#define NR_fork 2
#define NR_open 5
#define NR_pipe 42
#define NR_close 6
#define NR_waitpid 7
#define NR_kill 37
#define NR_sigreturn 119
#define NR_clone 120
#define NR_rt_sigreturn 173
#define NR_rt_sigaction 174
#define NR_vfork 190
#define CLONE_VM 0x00000100ul
#define NR_mmap2 192
#define NR_fstat64 197
#define NR_tkill 238
#define NR_tgkill 270
#define NR_wait4 114

#define SIGKILL 9
#define SIGSEGV 11
#define SIGPIPE 13
#define SIGALRM 14
#define SIGCHLD 17
#define SIGUSR2 12
#define SIGURG 23
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIG_IGN 1
#define WNOHANG 1
#define ECHILD 10
#define S_IFMT 0170000
#define S_IFIFO 0010000
#define ST_MODE_OFFSET 16   /* struct stat64's st_mode on i386 */

struct lx_call {
	unsigned nr;
	const char *name;
	unsigned nargs;
};

/* Every served call, from the one table. */
static const struct lx_call calls[] = {
#define LINUX_CALL(nr, name, nargs) { nr, #name, nargs },
#include <pfgate/linux_calls.def>
#undef LINUX_CALL
};
#define NCALLS (sizeof calls / sizeof calls[0])

/*
 * Set while the call fz_call makes is vfork: the child runs in this
 * process's memory, on its stack, below the frame the parent sleeps in, so
 * it must end without writing a word there (fz_call's own stores would
 * wreck the parent's frame, as on Linux): fz_call ends it at once.
 */
volatile int fz_vforking __attribute__((used));   /* fz_call reads it by name */

/* One call's registers in and out (fz_call's offsets). */
struct fz {
	unsigned long nr, a[6];
	unsigned long target;        /* __kernel_vsyscall or a gate page; 0: int 0x80 */
	unsigned long out[6];        /* EBX, ECX, EDX, ESI, EDI, EBP after */
	long ret;
};

void fz_call(struct fz *p);
__asm__(".text\n.globl fz_call\nfz_call:\n"
	"\tpush %ebp\n\tpush %ebx\n\tpush %esi\n\tpush %edi\n"
	"\tmov 20(%esp), %eax\n\tpush %eax\n\tpushl 28(%eax)\n"
	"\tmov 4(%eax), %ebx\n\tmov 8(%eax), %ecx\n\tmov 12(%eax), %edx\n"
	"\tmov 16(%eax), %esi\n\tmov 20(%eax), %edi\n\tmov 24(%eax), %ebp\n"
	"\tmov 0(%eax), %eax\n"
	"\tcmpl $0, (%esp)\n\tje 1f\n\tcall *(%esp)\n\tjmp 2f\n1:\tint $0x80\n"
	"2:\ttest %eax, %eax\n\tjnz 3f\n\tcmpl $0, fz_vforking\n\tje 3f\n"
	"\tmov $252, %eax\n\txor %ebx, %ebx\n\tint $0x80\n"   /* a vfork child: exit_group(0), by registers alone */
	"3:\tadd $4, %esp\n\txchg %eax, (%esp)\n"
	"\tmov %ebx, 32(%eax)\n\tmov %ecx, 36(%eax)\n\tmov %edx, 40(%eax)\n"
	"\tmov %esi, 44(%eax)\n\tmov %edi, 48(%eax)\n\tmov %ebp, 52(%eax)\n"
	"\tpop %ecx\n\tmov %ecx, 56(%eax)\n"
	"\tpop %edi\n\tpop %esi\n\tpop %ebx\n\tpop %ebp\n\tret\n");

/* sigreturn (NR) of a frame forged at SP, through TARGET (0: int 0x80); never comes back here. */
void fz_forged(unsigned long nr, unsigned long sp, unsigned long target) __attribute__((noreturn));
__asm__(".text\n.globl fz_forged\nfz_forged:\n"
	"\tmov 4(%esp), %eax\n\tmov 12(%esp), %ecx\n\tmov 8(%esp), %esp\n"
	"\ttest %ecx, %ecx\n\tjz 1f\n\tcall *%ecx\n\tud2\n1:\tint $0x80\n\tud2\n");

static long sys6(unsigned long target, long nr, long a, long b, long c, long d, long e, long f)
{
	struct fz z = { .nr = (unsigned long)nr, .a = { a, b, c, d, e, f }, .target = target };
	fz_call(&z);
	return z.ret;
}

static long lx(long nr, long a, long b, long c) { return sys6(lx_sysinfo, nr, a, b, c, 0, 0, 0); }

/*
 * Output (the parent's only: a child closes the console), a line at a time:
 * one write per line, so that gatelog's and linuxlog's lines about the write
 * never fall inside one of ours.
 */
static char line[256];
static unsigned long line_len;

static void out(const char *s)
{
	for (; *s; s++) {
		if (line_len < sizeof line)
			line[line_len++] = *s;
		if (*s == '\n') {
			lx_call3(NR_write, 1, (long)line, (long)line_len);
			line_len = 0;
		}
	}
}

static void put_num(unsigned long v)
{
	char b[12];
	int i = sizeof b - 1;
	b[i] = 0;
	do
		b[--i] = (char)('0' + v % 10);
	while (v /= 10);
	out(b + i);
}

static unsigned long parse(const char *s)
{
	unsigned long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

static unsigned long rng;
static unsigned long rnd(void)
{
	unsigned long x = rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng = x;
}

/* The child's sacrificial memory (mmap2'd: an overrun meets unmapped pages, not the fuzzer's own data). */
#define SCRATCH_PAGES 4
static unsigned long scratch;
static unsigned long vdso_base;
static const char *const paths[] = { "/dev/null", "/dev/zero", "/proc/self/maps", "/", ".", "/nonexistent", "",
				      "/tmp/lxfuzz", "/tmp/lxfuzz/d", "/tmp", "/tmp/lxfuzz.f" };
static const unsigned long zero_time[4];   /* a timespec64 (and a timespec, a timeval) of 0: never waits */

static unsigned long hostile(void)
{
	const unsigned long pool[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 0xff, 0xfff, PAGE_SIZE, 0x7fffffff, 0x80000000ul, 0xffffffff, 0xfffffffe,
		0xfffff000, (unsigned long)-100 /* AT_FDCWD */, 1023, 1024, 65535,
		KERNEL_BASE, KERNEL_BASE - 1, KERNEL_BASE - 4, KERNEL_BASE + 0x100000, 0xfffffff0,
		GATE_BASE, GATE_BASE - 1, GATE_BASE - 4, GATE_ADDR(LINUX_GATE_FIRST), GATE_ADDR(LINUX_GATE_FIRST + NR_write),
		GATE_BASE + GATE_WINDOW_SIZE - 1, vdso_base, vdso_base + LINUX_VDSO_BOUND_OFFSET, vdso_base + PAGE_SIZE - 1,
		vdso_base + PAGE_SIZE, lx_sysinfo, USER_STACK_TOP - 4, LINUX_STACK_BOTTOM, LINUX_STACK_BOTTOM - 4,
		LINUX_HEAP_LIMIT, 0x10000000, 0x08048000, (unsigned long)hostile,
		scratch, scratch + 1, scratch + PAGE_SIZE - 2, scratch + SCRATCH_PAGES * PAGE_SIZE - 4,
	};
	switch (rnd() % 15) {
	case 0:
		return rnd();
	case 1:
		return rnd() % 4096;
	case 2:
		return 1ul << (rnd() % 32);
	case 3:
		return (unsigned long)paths[rnd() % (sizeof paths / sizeof paths[0])];
	case 4: case 5:   /* a descriptor child_setup opened (or one more), a small flag or length */
		return rnd() % 8;
	case 6: case 7:   /* anywhere in the scratch */
		return scratch + rnd() % (SCRATCH_PAGES * PAGE_SIZE);
	case 8:
		return rnd() % 600;
	case 9:   /* anywhere in the kernel's first 16 MiB: its image, its data, the frames it hands out */
		return KERNEL_BASE + rnd() % 0x1000000;
	default:
		return pool[rnd() % (sizeof pool / sizeof pool[0])];
	}
}

/* A pointer that is never good: the kernel, the gate window, NULL, unmapped. */
static unsigned long bad_pointer(void)
{
	const unsigned long pool[] = { 0, 1, KERNEL_BASE, KERNEL_BASE - 4, 0xfffffff0, GATE_BASE, GATE_BASE - 1, 0x10000000 };
	return pool[rnd() % (sizeof pool / sizeof pool[0])];
}

/* A timeout: zero, or a pointer the kernel must refuse (never NULL: that waits for ever). */
static unsigned long tame_timeout(void)
{
	unsigned long p = bad_pointer();
	return rnd() % 2 && p ? p : (unsigned long)zero_time;
}

/* A signal to send: ignored by default and never given a handler here (see tame_action), or 0, or out of range. */
static unsigned long tame_signal(unsigned long sig)
{
	return sig == 0 || sig > 64 ? sig : (sig % 2 ? SIGURG : SIGWINCH);
}

/* Signals the fuzz keeps as they are: the ones it sends, SIGCHLD, SIGPIPE and the timers' (ignored). */
static unsigned long tame_action(unsigned long sig)
{
	switch (sig) {
	case SIGURG: case SIGWINCH: case SIGCHLD: case SIGPIPE: case SIGALRM: case SIGVTALRM: case SIGPROF:
		return SIGUSR2;
	default:
		return sig;
	}
}

/*
 * Tamed arguments, each because the call would otherwise wait for ever or
 * end the fuzzer by design (the rest stay hostile):
 * - timeouts (nanosleep's, poll's, the selects' and ppolls'): zero or bad;
 * - rt_sigsuspend's mask: bad only (a good one waits for a signal);
 * - signals sent (kill, tkill, tgkill): ones ignored by default;
 * - rt_sigaction: never the signals above;
 * - clone: SIGCHLD or none as the exit signal, the caller's stack or a bad one, no CLONE_VM.
 * Returns 0 when the call is left out this time: a read or write on a pipe
 * (this process may hold both ends).
 */
static int tame(unsigned nr, unsigned long *a)
{
	switch (nr) {
	case 162:   /* nanosleep */
		a[0] = tame_timeout();
		break;
	case 267: case 407:   /* clock_nanosleep(_time64) */
		a[2] = tame_timeout();
		break;
	case 168:   /* poll */
		a[2] = 0;
		break;
	case 142:   /* _newselect */
		a[4] = tame_timeout();
		break;
	case 308: case 413:   /* pselect6(_time64) */
		a[4] = tame_timeout();
		break;
	case 309: case 414:   /* ppoll(_time64) */
		a[2] = tame_timeout();
		break;
	case 179:   /* rt_sigsuspend */
		a[0] = bad_pointer();
		break;
	case NR_kill: case NR_tkill:
		a[1] = tame_signal(a[1]);
		break;
	case NR_tgkill:
		a[2] = tame_signal(a[2]);
		break;
	case NR_rt_sigaction:
		a[0] = tame_action(a[0]);
		break;
	case NR_clone:   /* never CLONE_VM: a vfork child (CLONE_VM | CLONE_VFORK) would run on this stack (vfork's own case does that) */
		a[0] = (a[0] & ~(0xfful | CLONE_VM)) | (rnd() % 2 ? SIGCHLD : 0);
		a[1] = rnd() % 2 ? 0 : bad_pointer();
		break;
	case 3: case 4: case 145: case 146: case 180: case 181: {   /* read, write, readv, writev, pread64, pwrite64 */
		unsigned long st[24];
		if (lx(NR_fstat64, (long)a[0], (long)st, 0) == 0 && (st[ST_MODE_OFFSET / 4] & S_IFMT) == S_IFIFO)
			return 0;
		break;
	}
	}
	return 1;
}

static int ends_caller(unsigned nr) { return nr == NR_exit || nr == NR_exit_group || nr == NR_sigreturn || nr == NR_rt_sigreturn; }

/* A kill is a clean end for these: memory calls may take the fuzzer's own text or stack away. */
static int may_kill(unsigned nr)
{
	return nr == NR_sigreturn || nr == NR_rt_sigreturn || nr == NR_mprotect || nr == 91 /* munmap */ ||
	       nr == 90 /* mmap */ || nr == NR_mmap2 || nr == 219 /* madvise */ || nr == NR_brk || nr == 11 /* execve */;
}

/* exit's status, known to the parent: the low byte counts, the rest is dropped. */
static unsigned long exit_value(unsigned long seed)
{
	const unsigned long v[] = { 0, 255, 256 + 7, 0xffffffff, 0x80000001ul, 42 };
	return v[seed % (sizeof v / sizeof v[0])];
}

static int is_fork(unsigned nr) { return nr == NR_fork || nr == NR_vfork || nr == NR_clone; }

/* Exit codes of a child whose calls all came back, but not as the ABI says. */
#define BROKE_REGS_VDSO 10
#define BROKE_REGS_INT80 11
#define BROKE_ENOSYS 12
#define BROKE_SETUP 13
#define BROKE_REGS_GATE 14

static void child_setup(unsigned long seed)
{
	rng = seed * 2654435761ul + 1;
	for (int fd = 0; fd < 3; fd++)
		lx(NR_close, fd, 0, 0);
	/* SIGPIPE and the timers' signals ignored: a fuzzed pipe write or itimer must not end the child. */
	const unsigned long ign[4] = { SIG_IGN, 0, 0, 0 };
	const unsigned long quiet[] = { SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF };
	for (unsigned i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
		sys6(lx_sysinfo, NR_rt_sigaction, (long)quiet[i], (long)ign, 0, 8 /* sigset size */, 0, 0);
	scratch = (unsigned long)sys6(lx_sysinfo, NR_mmap2, 0, SCRATCH_PAGES * PAGE_SIZE, 3, 0x22 /* PRIVATE|ANONYMOUS */, -1, 0);
	if (scratch >= (unsigned long)-4095)
		lx_int80(NR_exit_group, BROKE_SETUP, 0, 0);
	for (unsigned long i = 0; i < SCRATCH_PAGES * PAGE_SIZE / 4; i++)
		((unsigned long *)scratch)[i] = rnd();
	/*
	 * Something good among the garbage, for calls that would otherwise stop
	 * at their first check: at the scratch's start four iovecs of small
	 * lengths into the scratch (one past its end), then a path; and real
	 * descriptors of each kind at 0-5 (the console's numbers, now free): a
	 * pipe, /dev/null, the root directory, a file on the disk (when there is
	 * one), /proc/self/maps.
	 */
	unsigned long *iov = (unsigned long *)scratch;
	for (int k = 0; k < 4; k++) {
		iov[2 * k] = scratch + 1024 + (unsigned long)k * 512;
		iov[2 * k + 1] = rnd() % 600;
	}
	iov[7] = SCRATCH_PAGES * PAGE_SIZE;
	char *s = (char *)scratch + 64;
	for (const char *p = "/dev/null"; (*s++ = *p++);)
		;
	long fds[2];
	lx(NR_pipe, (long)fds, 0, 0);
	lx(NR_open, (long)"/dev/null", 2 /* O_RDWR */, 0);
	lx(NR_open, (long)"/", 0, 0);
	lx(NR_open, (long)"/tmp/lxfuzz.f", 0102 /* O_RDWR|O_CREAT */, 0644);
	lx(NR_open, (long)"/proc/self/maps", 0, 0);
}

static int regs_kept(const struct fz *z)
{
	for (int i = 0; i < 6; i++)
		if (z->out[i] != z->a[i])
			return 0;
	return 1;
}

/* One call, CALLS times, alternate doors; or, if it ends the caller, once. */
static int fuzz_call(const struct lx_call *c, unsigned long seed, unsigned long n, int door)
{
	child_setup(seed);
	unsigned long me = (unsigned long)lx(NR_getpid, 0, 0, 0);
	for (unsigned long i = 0; i < n; i++) {
		struct fz z = { .nr = c->nr };
		for (int k = 0; k < 6; k++)
			z.a[k] = hostile();
		if (!tame(c->nr, z.a))
			continue;
		if (c->nr == NR_exit || c->nr == NR_exit_group)
			z.a[0] = exit_value(seed);
		int d = ends_caller(c->nr) ? door % 2 : (int)(i % 2);
		z.target = d == 0 ? lx_sysinfo : 0;
		if ((c->nr == NR_sigreturn || c->nr == NR_rt_sigreturn) && door >= 2) {
			/* a frame of hostile words (selectors, flags, EIP, ESP as they come): refused, or a crash after */
			for (unsigned long k = 0; k < SCRATCH_PAGES * PAGE_SIZE / 4; k++)
				((unsigned long *)scratch)[k] = hostile();
			fz_forged(c->nr, scratch + 2 * PAGE_SIZE, z.target);
		}
		struct fz sent = z;
		fz_vforking = c->nr == NR_vfork;
		fz_call(&z);
		fz_vforking = 0;
		if (is_fork(c->nr) && z.ret == 0)   /* the new process: done */
			lx_int80(NR_exit_group, 0, 0, 0);
		if (is_fork(c->nr) && z.ret > 0)
			lx(NR_wait4, z.ret, 0, 0);
		if (c->nr == 11 && lx(NR_getpid, 0, 0, 0) != (long)me)
			continue;
		for (int k = 0; k < 6; k++)
			z.a[k] = sent.a[k];
		if (!regs_kept(&z))
			return d == 0 ? BROKE_REGS_VDSO : BROKE_REGS_INT80;
	}
	return 0;
}

/* Bound calls, as the kernel's table has them. */
static int bound(unsigned long nr)
{
	for (unsigned i = 0; i < NCALLS; i++)
		if (calls[i].nr == nr)
			return 1;
	return 0;
}

/* Garbage numbers by both doors: past every number, negative, between the served ones. */
static int fuzz_numbers(unsigned long seed, unsigned long n)
{
	child_setup(seed);
	for (unsigned long i = 0; i < n; i++) {
		unsigned long nr;
		switch (rnd() % 4) {
		case 0: nr = rnd(); break;
		case 1: nr = -(rnd() % 1024) - 1; break;
		case 2: nr = LINUX_CALL_COUNT + rnd() % 4096; break;
		default: nr = rnd() % LINUX_CALL_COUNT; break;
		}
		if (bound(nr))
			continue;
		struct fz z = { .nr = nr, .target = i % 2 ? 0 : lx_sysinfo };
		for (int k = 0; k < 6; k++)
			z.a[k] = hostile();
		fz_call(&z);
		if (!regs_kept(&z))
			return i % 2 ? BROKE_REGS_INT80 : BROKE_REGS_VDSO;
		if (z.ret != -ENOSYS)
			return BROKE_ENOSYS;
	}
	return 0;
}

/* A direct call to every Linux gate page with no service: -ENOSYS, registers kept. */
static int fuzz_unbound_gates(unsigned long seed)
{
	child_setup(seed);
	for (unsigned long n = 0; n < LINUX_CALL_COUNT; n++) {
		if (bound(n))
			continue;
		struct fz z = { .nr = rnd(), .target = GATE_ADDR(LINUX_GATE_FIRST + n) };
		for (int k = 0; k < 6; k++)
			z.a[k] = hostile();
		fz_call(&z);
		/* a gate page's own promise (the vDSO keeps ECX and EDX around it: sysexit returns through them) */
		if (z.out[0] != z.a[0] || z.out[3] != z.a[3] || z.out[4] != z.a[4] || z.out[5] != z.a[5])
			return BROKE_REGS_GATE;
		if (z.ret != -ENOSYS)
			return BROKE_ENOSYS;
	}
	return 0;
}

/*
 * A corrupt vDSO table: the child makes its vDSO writable (mprotect, as
 * any program may) and sets every bit of the bitmap of bound calls, so that
 * __kernel_vsyscall sends every number to its gate page: each unbound one
 * must still answer -ENOSYS, from the kernel, with EBX, ESI, EDI, EBP kept.
 */
static int fuzz_vdso_table(unsigned long seed)
{
	child_setup(seed);
	if (!vdso_base || lx(NR_mprotect, (long)vdso_base, PAGE_SIZE, 7) != 0)
		return BROKE_SETUP;
	unsigned char *bits = (unsigned char *)vdso_base + LINUX_VDSO_BOUND_OFFSET;
	for (unsigned long k = 0; k < LINUX_CALL_COUNT / 8; k++)
		bits[k] = 0xff;
	for (unsigned long n = 0; n < LINUX_CALL_COUNT; n++) {
		if (bound(n))
			continue;
		struct fz z = { .nr = n, .target = lx_sysinfo };
		for (int k = 0; k < 6; k++)
			z.a[k] = hostile();
		fz_call(&z);
		if (z.out[0] != z.a[0] || z.out[3] != z.a[3] || z.out[4] != z.a[4] || z.out[5] != z.a[5])
			return BROKE_REGS_GATE;
		if (z.ret != -ENOSYS)
			return BROKE_ENOSYS;
	}
	return 0;
}

static unsigned long tests, failures;

static void ok(int good, const char *name, unsigned long nr, const char *how)
{
	tests++;
	if (!good)
		failures++;
	out(good ? "ok " : "not ok ");
	put_num(tests);
	out(" - ");
	out(name);
	if (nr != (unsigned long)-1) {
		out(" (");
		put_num(nr);
		out(")");
	}
	out(": ");
	out(how);
	out("\n");
}

/* Runs body in a forked child; returns its wait status, or -1. */
static long in_child(int (*body)(const void *, unsigned long, unsigned long, int), const void *arg, unsigned long seed,
		     unsigned long n, int door)
{
	long pid = lx(NR_fork, 0, 0, 0);
	if (pid == 0)
		lx_int80(NR_exit_group, body(arg, seed, n, door), 0, 0);
	if (pid < 0)
		return -1;
	long st = 0;
	if (lx(NR_wait4, pid, (long)&st, 0) != pid)
		return -1;
	/* grandchildren a clone gave to this process (CLONE_PARENT) */
	while (lx(NR_wait4, -1, 0, WNOHANG) > 0)
		;
	return st;
}

static int run_call(const void *arg, unsigned long seed, unsigned long n, int door)
{
	return fuzz_call(arg, seed, n, door);
}
static int run_numbers(const void *arg, unsigned long seed, unsigned long n, int door)
{
	(void)arg, (void)door;
	return fuzz_numbers(seed, n);
}
static int run_gates(const void *arg, unsigned long seed, unsigned long n, int door)
{
	(void)arg, (void)n, (void)door;
	return fuzz_unbound_gates(seed);
}

static int run_vdso_table(const void *arg, unsigned long seed, unsigned long n, int door)
{
	(void)arg, (void)n, (void)door;
	return fuzz_vdso_table(seed);
}

static const char *verdict(long st, int killable, int exits, unsigned long want_exit, int *good)
{
	static char buf[64];
	char *p = buf;
	const char *s;
	if (st == -1) {
		*good = 0;
		return "fork or wait failed";
	}
	if ((st & 0x7f) == 0) {
		unsigned long code = ((unsigned long)st >> 8) & 0xff;
		*good = code == want_exit;
		s = code == BROKE_REGS_VDSO    ? "a register changed across the vDSO call"
		    : code == BROKE_REGS_INT80 ? "a register changed across int 0x80"
		    : code == BROKE_ENOSYS     ? "an unserved number did not answer -ENOSYS"
		    : code == BROKE_SETUP      ? "the child's set-up failed"
		    : code == BROKE_REGS_GATE  ? "EBX, ESI, EDI or EBP changed across a gate page"
		    : *good && exits           ? "exited with the status asked"
		    : *good                    ? "every call came back, registers kept"
					       : "exited with another status";
		for (; *s; s++)
			*p++ = *s;
	} else {
		*good = killable;
		for (s = "killed by signal "; *s; s++)
			*p++ = *s;
		unsigned long sig = (unsigned long)st & 0x7f;
		if (sig >= 10)
			*p++ = (char)('0' + sig / 10);
		*p++ = (char)('0' + sig % 10);
		for (s = killable ? " (a clean end)" : " (a kill where an error was due)"; *s; s++)
			*p++ = *s;
	}
	*p = 0;
	return buf;
}

int lx_main(int argc, char **argv, unsigned long *auxv)
{
	if (argc != 3) {
		out("usage: lxfuzz SEED CALLS\n");
		return 2;
	}
	unsigned long seed = parse(argv[1]), n = parse(argv[2]);
	for (unsigned long *a = auxv; a[0] != AT_NULL; a += 2)
		if (a[0] == AT_SYSINFO_EHDR)
			vdso_base = a[1];
	out("# lxfuzz: seed ");
	put_num(seed);
	out(", ");
	put_num(n);
	out(" calls to each of ");
	put_num(NCALLS);
	out(" Linux calls, half by the vDSO, half by int 0x80\n");
	out("# lxfuzz: skipped: none (exit, exit_group: one call per child, twice by each door; sigreturn, rt_sigreturn: the same, then 4 frames of hostile words)\n");
	for (unsigned i = 0; i < NCALLS; i++) {
		const struct lx_call *c = &calls[i];
		int good;
		if (ends_caller(c->nr)) {
			/* sigreturn's two: twice of what lies on the stack, then of frames of hostile words, by each door */
			for (int k = 0; k < (c->nr == NR_sigreturn || c->nr == NR_rt_sigreturn ? 8 : 4); k++) {
				unsigned long s = seed * 1000 + i * 8 + (unsigned long)k;
				unsigned long want = exit_value(s) & 0xff;
				long st = in_child(run_call, c, s, 1, k);
				int exits = c->nr == NR_exit || c->nr == NR_exit_group;
				const char *v = verdict(st, !exits, exits, want, &good);
				ok(good, c->name, c->nr, v);
			}
			continue;
		}
		long st = in_child(run_call, c, seed * 1000 + i, n, 0);
		const char *v = verdict(st, may_kill(c->nr), 0, 0, &good);
		ok(good, c->name, c->nr, v);
	}
	int good;
	long st = in_child(run_numbers, 0, seed * 1000 + 999, n * 8, 0);
	ok((verdict(st, 0, 0, 0, &good), good), "garbage numbers by both doors", (unsigned long)-1, verdict(st, 0, 0, 0, &good));
	st = in_child(run_gates, 0, seed * 1000 + 998, 0, 0);
	ok((verdict(st, 0, 0, 0, &good), good), "every Linux gate page with no service, called directly", (unsigned long)-1,
	   verdict(st, 0, 0, 0, &good));
	st = in_child(run_vdso_table, 0, seed * 1000 + 997, 0, 0);
	ok((verdict(st, 0, 0, 0, &good), good), "the vDSO's table of bound calls corrupted, every unbound number through it",
	   (unsigned long)-1, verdict(st, 0, 0, 0, &good));
	ok(lx(NR_getpid, 0, 0, 0) > 0 && lx_int80(NR_getpid, 0, 0, 0) > 0, "the kernel answers after the fuzz", (unsigned long)-1,
	   "getpid by both doors");
	out("1..");
	put_num(tests);
	out("\n# lxfuzz: ");
	put_num(failures);
	out(" failure(s)\n");
	return failures ? 1 : 0;
}
