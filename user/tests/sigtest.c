/* help: sigtest: signals (TAP): handlers, masks, sigreturn's refusals, EINTR and SA_RESTART */
/*
 * Signals from outside, as a program sees them: each case that may end a
 * process runs in a forked child, whose wait status the parent judges;
 * testexit checks at the end that every frame came back.
 */
#include "ulib.h"
#include "tap.h"

#define CHILD_OK   7
#define CHILD_BAD  8

volatile int sig_got, sig_depth, sig_max_depth, sig_last;
uint32_t sig_regs_out[8];
uint32_t sig_fpu_out[2];
uint32_t sig_handler_eflags;

static int reap(long pid)
{
	int st;
	return sys_wait((int)pid, &st, 0) == pid ? st : -1;
}

static void install(int sig, void *handler, unsigned long flags, unsigned long mask)
{
	struct pf_sigaction act = { (unsigned long)handler, mask, flags, 0 };
	sigaction(sig, &act, NULL);
}

static void count(int sig)
{
	sig_got++;
	sig_last = sig;
	if (++sig_depth > sig_max_depth)
		sig_max_depth = sig_depth;
	sig_depth--;
}

/* Spin in user mode until the handler ran or ms passed (a signal waits at most a tick for this door; ms is generous, for a loaded host). */
static bool spin_until_got(int want, unsigned long ms)
{
	unsigned long end = sys_uptime_ms() + ms;
	while (sig_got < want && sys_uptime_ms() < end)
		;
	return sig_got >= want;
}

static void test_raise(void)
{
	sig_got = 0;
	install(SIGUSR1, count, 0, 0);
	int r = raise(SIGUSR1);
	bool ran = sig_got == 1;   /* read right after the call: the handler ran before kill returned */
	tap_ok(r == 0 && ran && sig_last == SIGUSR1, "a signal to oneself runs its handler before kill returns (r %d, got %d)", r, ran);
	install(SIGUSR1, (void *)SIG_IGN, 0, 0);
	raise(SIGUSR1);
	tap_ok(sig_got == 1, "SIG_IGN: nothing happens");
	install(SIGUSR1, (void *)SIG_DFL, 0, 0);
}

/*
 * The handler leaves every register, EBP and the callee-saved ones too, and
 * the x87 stack as garbage, and DF clear: written in assembly, so that no compiler
 * saves anything for it; its `ret` is the sigreturn gate's call.
 */
void clobber_all(int sig);
__asm__(".globl clobber_all\n"
	"clobber_all:\n\t"
	"pushf\n\tpopl sig_handler_eflags\n\t"
	"incl sig_got\n\t"
	"fninit\n\tfldz\n\tfldz\n\t"
	"mov $0xdead0001, %eax\n\tmov $0xdead0002, %ebx\n\tmov $0xdead0003, %ecx\n\t"
	"mov $0xdead0004, %edx\n\tmov $0xdead0005, %esi\n\tmov $0xdead0006, %edi\n\t"
	"mov $0xdead0007, %ebp\n\tcld\n\t"
	"ret");

/* A child interrupts this process's user-mode loop; every register comes back. */
static void test_registers_intact(void)
{
	sig_got = 0;
	install(SIGUSR2, clobber_all, 0, 0);
	long me = sys_getpid();
	long pid = sys_fork();
	if (pid == 0) {
		sys_sleep_ms(20);
		sys_exit(kill((int)me, SIGUSR2) == 0 ? CHILD_OK : CHILD_BAD);
	}
	__asm__ volatile(
		"push %%ebp\n\t"
		"fldpi\n\t"
		"mov $0x11111111, %%eax\n\tmov $0x22222222, %%ebx\n\tmov $0x33333333, %%ecx\n\t"
		"mov $0x44444444, %%edx\n\tmov $0x55555555, %%esi\n\tmov $0x66666666, %%edi\n\t"
		"mov $0x77777777, %%ebp\n\tstd\n"
		"1:\tcmpl $0, sig_got\n\tje 1b\n\t"
		"pushf\n\tpopl sig_regs_out+28\n\tcld\n\t"
		"mov %%ebp, sig_regs_out+24\n\tpop %%ebp\n\t"
		"mov %%eax, sig_regs_out\n\tmov %%ebx, sig_regs_out+4\n\tmov %%ecx, sig_regs_out+8\n\t"
		"mov %%edx, sig_regs_out+12\n\tmov %%esi, sig_regs_out+16\n\tmov %%edi, sig_regs_out+20\n\t"
		"fstpl sig_fpu_out"
		::: "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
	const uint32_t want[7] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666, 0x77777777 };
	bool same = true;
	for (int i = 0; i < 7; i++)
		same &= sig_regs_out[i] == want[i];
	tap_ok(same, "a handler that clobbers every register: EAX..EBP come back (eax %x ebx %x ebp %x)",
	       sig_regs_out[0], sig_regs_out[1], sig_regs_out[6]);
	tap_ok(!(sig_handler_eflags & 0x400), "the handler starts with DF clear (eflags %x)", sig_handler_eflags);
	tap_ok(sig_regs_out[7] & 0x400, "DF set before the signal, clear when the handler returns, is set after it (eflags %x)", sig_regs_out[7]);
	/* pi as a double: 0x400921fb54442d18 */
	tap_ok(sig_fpu_out[1] == 0x400921fb && sig_fpu_out[0] == 0x54442d18, "the x87 stack comes back (top %x%08x, want pi)",
	       sig_fpu_out[1], sig_fpu_out[0]);
	tap_ok(reap(pid) == CHILD_OK << 8, "the sender (a child signalling its parent) exited 0");
	install(SIGUSR2, (void *)SIG_DFL, 0, 0);
}

/* Which field the hostile handler forges in its saved frame. */
enum forge { FORGE_CS_RING0, FORGE_SS_KERNEL, FORGE_EIP_KERNEL, FORGE_IOPL3, FORGE_VM, FORGE_IF0, FORGE_GS_KERNEL, FORGE_DS_LDT, FORGE_COUNT };
static const char *const forge_names[FORGE_COUNT] = {
	"CS of ring 0", "SS of the kernel", "EIP in the kernel", "IOPL 3", "VM86", "IF = 0", "GS of the kernel", "DS in an LDT",
};
static enum forge forging;

static void forger(int sig, struct pf_siginfo *info, struct pf_ucontext *uc)
{
	(void)sig;
	(void)info;
	struct pf_sigcontext *sc = &uc->uc_mcontext;
	switch (forging) {
	case FORGE_CS_RING0:   sc->cs = 0x08; break;
	case FORGE_SS_KERNEL:  sc->ss = 0x10; break;
	case FORGE_EIP_KERNEL: sc->eip = KERNEL_BASE + 0x100000; break;
	case FORGE_IOPL3:      sc->eflags |= 0x3000; break;
	case FORGE_VM:         sc->eflags |= 0x20000; break;
	case FORGE_IF0:        sc->eflags &= ~0x200u; break;
	case FORGE_GS_KERNEL:  sc->gs = 0x10; break;
	case FORGE_DS_LDT:     sc->ds = 0x0F; break;
	default: break;
	}
}

static void test_forged_frames(void)
{
	for (forging = 0; forging < FORGE_COUNT; forging++) {
		long pid = sys_fork();
		if (pid == 0) {
			install(SIGUSR1, forger, SA_SIGINFO, 0);
			raise(SIGUSR1);
			sys_exit(CHILD_BAD);   /* the forged frame was taken */
		}
		int st = reap(pid);
		tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WKILLREASON(st) == KILL_BAD_SIGFRAME,
		       "sigreturn refuses a frame with %s: killed with a report (status %x)", forge_names[forging], st);
	}
}

/*
 * A frame's FPU image is the user's to forge too. Where the CPU has FXSR and
 * SSE it is fxsave's, and fxrstor of an MXCSR with a reserved bit set faults
 * (#GP); the kernel restores it lazily, in ring 0, at the process's next x87
 * instruction: sigreturn must mask it, and the process live on.
 */
#define CPUID_EDX_FXSR_SSE  0x03000000u
#define FXSAVE_MXCSR_OFFSET 24
#define MXCSR_RESERVED      0xFFFF0000u   /* reserved on every CPU (bit 6, DAZ, only on some) */

static bool cpu_has_fxsr_sse(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	return (d & CPUID_EDX_FXSR_SSE) == CPUID_EDX_FXSR_SSE;
}

static void mxcsr_forger(int sig, struct pf_siginfo *info, struct pf_ucontext *uc)
{
	(void)sig;
	(void)info;
	uint32_t all = 0xFFFFFFFFu;
	memcpy((char *)uc->uc_mcontext.fpstate + FXSAVE_MXCSR_OFFSET, &all, sizeof all);
}

static void test_forged_mxcsr(void)
{
	if (!cpu_has_fxsr_sse()) {
		tap_skip("this CPU has no FXSR and SSE: the frame holds fnsave's image, which has no MXCSR",
			 "a frame's forged MXCSR is masked");
		return;
	}
	long pid = sys_fork();
	if (pid == 0) {
		__asm__ volatile("fld1\n\tfstp %%st(0)" ::: "memory");   /* the FPU is this process's */
		install(SIGUSR1, mxcsr_forger, SA_SIGINFO, 0);
		raise(SIGUSR1);
		__asm__ volatile("fld1\n\tfstp %%st(0)" ::: "memory");   /* the lazy restore of the forged image */
		uint32_t mxcsr;
		__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
		sys_exit(mxcsr & MXCSR_RESERVED ? CHILD_BAD : CHILD_OK);
	}
	int st = reap(pid);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == CHILD_OK,
	       "a frame's MXCSR with every bit set: masked by sigreturn, the process goes on, no reserved bit set (status %x)", st);
}

static void skip_write(int sig, struct pf_siginfo *info, struct pf_ucontext *uc)
{
	sig_got++;
	sig_last = sig;
	sig_regs_out[0] = info->fields.fault.addr;
	uc->uc_mcontext.eip += 10;   /* past `movl $1, 0` (C7 05 imm32 imm32) */
}

static void test_fault_handled(void)
{
	sig_got = 0;
	install(SIGSEGV, skip_write, SA_SIGINFO, 0);
	__asm__ volatile("movl $1, 0" ::: "memory");
	tap_ok(sig_got == 1 && sig_last == SIGSEGV && sig_regs_out[0] == 0,
	       "a null write with a SIGSEGV handler: the handler runs (si_addr %x) and skips it", sig_regs_out[0]);
	install(SIGSEGV, (void *)SIG_DFL, 0, 0);
	long pid = sys_fork();
	if (pid == 0) {
		unsigned long block = SIGMASK(SIGSEGV);
		install(SIGSEGV, skip_write, SA_SIGINFO, 0);
		sigprocmask(SIG_BLOCK, &block, NULL);
		__asm__ volatile("movl $1, 0" ::: "memory");
		sys_exit(CHILD_BAD);
	}
	int st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WKILLREASON(st) == KILL_PAGE_FAULT,
	       "a fault whose signal is blocked kills with today's report (status %x)", st);
}

/* The other fault signals: SIGILL (ud2) and SIGFPE (a division by zero), each 2 bytes the handler skips. */
static void skip_two(int sig, struct pf_siginfo *info, struct pf_ucontext *uc)
{
	(void)info;
	sig_got++;
	sig_last = sig;
	uc->uc_mcontext.eip += 2;   /* ud2 (0F 0B), divl %ecx (F7 F1) */
}

static uint32_t divide_by_zero(void)
{
	uint32_t q;
	__asm__ volatile("xorl %%edx, %%edx\n\txorl %%ecx, %%ecx\n\tmovl $7, %%eax\n\tdivl %%ecx" : "=a"(q) : : "ecx", "edx");
	return q;
}

static void test_ill_fpe(void)
{
	sig_got = 0;
	install(SIGILL, skip_two, SA_SIGINFO, 0);
	__asm__ volatile("ud2");
	tap_ok(sig_got == 1 && sig_last == SIGILL, "ud2 with a SIGILL handler: the handler runs and skips it (%d)", sig_last);
	install(SIGILL, (void *)SIG_DFL, 0, 0);
	sig_got = 0;
	install(SIGFPE, skip_two, SA_SIGINFO, 0);
	uint32_t q = divide_by_zero();
	tap_ok(sig_got == 1 && sig_last == SIGFPE && q == 7,
	       "a division by zero with a SIGFPE handler: the handler runs and skips it (%d, eax %u)", sig_last, q);
	install(SIGFPE, (void *)SIG_DFL, 0, 0);
	long pid = sys_fork();
	if (pid == 0) {
		__asm__ volatile("ud2");
		sys_exit(CHILD_BAD);
	}
	int st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGILL && WKILLREASON(st) == KILL_ILLEGAL,
	       "an unhandled ud2 kills with SIGILL and today's report (status %x)", st);
	pid = sys_fork();
	if (pid == 0) {
		divide_by_zero();
		sys_exit(CHILD_BAD);
	}
	st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGFPE && WKILLREASON(st) == KILL_ARITHMETIC,
	       "an unhandled division by zero kills with SIGFPE and today's report (status %x)", st);
}

/*
 * SIGTRAP and SIGBUS, as Linux raises them: int3 (a #GP naming vector 3 here,
 * EIP past it), a single step (#DB with TF), and a misaligned load with
 * EFLAGS.AC (#AC, CR0.AM set as Linux sets it). The handler records the
 * signal, si_code, si_addr and EIP and clears TF and AC in the saved flags.
 */
#define FLAG_TF 0x100u
#define FLAG_AC 0x40000u
static void note_trap(int sig, struct pf_siginfo *info, struct pf_ucontext *uc)
{
	sig_got++;
	sig_last = sig;
	sig_regs_out[0] = (uint32_t)info->si_code;
	sig_regs_out[1] = info->fields.fault.addr;
	sig_regs_out[2] = uc->uc_mcontext.eip;
	uc->uc_mcontext.eflags &= ~(FLAG_TF | FLAG_AC);
}

extern const char after_int3[], after_int_3[], after_step[];
static uint32_t misaligned_load_with_ac(void)
{
	static uint32_t words[2] = { 0x44332211u, 0x88776655u };
	uint32_t v;
	__asm__ volatile("pushf\n\torl %[ac], (%%esp)\n\tpopf\n\t"
			 "movl 1(%[w]), %[v]\n\t"
			 "pushf\n\tandl %[noac], (%%esp)\n\tpopf"
			 : [v] "=r"(v) : [w] "r"(words), [ac] "i"(FLAG_AC), [noac] "i"(~FLAG_AC) : "memory", "cc");
	return v;
}

static void test_trap_bus(bool alignment_checked)
{
	install(SIGTRAP, note_trap, SA_SIGINFO, 0);
	sig_got = 0;
	__asm__ volatile("int3\n\t.globl after_int3\nafter_int3:" ::: "memory");
	tap_ok(sig_got == 1 && sig_last == SIGTRAP && sig_regs_out[0] == SI_KERNEL && sig_regs_out[1] == 0 &&
		       sig_regs_out[2] == (uint32_t)(uintptr_t)after_int3,
	       "int3 with a SIGTRAP handler: SI_KERNEL, no address, EIP past it (code %x, addr %x, eip %x)",
	       sig_regs_out[0], sig_regs_out[1], sig_regs_out[2]);
	sig_got = 0;
	__asm__ volatile(".byte 0xCD, 0x03\n\t.globl after_int_3\nafter_int_3:" ::: "memory");
	tap_ok(sig_got == 1 && sig_last == SIGTRAP && sig_regs_out[2] == (uint32_t)(uintptr_t)after_int_3,
	       "`int $3` (CD 03) with a SIGTRAP handler: EIP past both bytes (eip %x)", sig_regs_out[2]);
	sig_got = 0;
	__asm__ volatile("pushf\n\torl %0, (%%esp)\n\tpopf\n\tnop\n\t.globl after_step\nafter_step:"
			 : : "i"(FLAG_TF) : "memory", "cc");
	tap_ok(sig_got == 1 && sig_last == SIGTRAP && sig_regs_out[0] == TRAP_TRACE &&
		       sig_regs_out[1] == sig_regs_out[2] && sig_regs_out[2] == (uint32_t)(uintptr_t)after_step,
	       "a single step with TF set: SIGTRAP TRAP_TRACE at the next instruction, once (got %d, code %x, addr %x, eip %x)",
	       sig_got, sig_regs_out[0], sig_regs_out[1], sig_regs_out[2]);
	install(SIGTRAP, (void *)SIG_DFL, 0, 0);
	if (!alignment_checked) {
		const char *why = "QEMU's TCG does not model #AC (bochs sigtest checks it)";
		tap_skip(why, "a misaligned load with EFLAGS.AC: SIGBUS BUS_ADRALN");
		tap_skip(why, "an unhandled misaligned load with EFLAGS.AC kills with SIGBUS");
		return;
	}
	install(SIGBUS, note_trap, SA_SIGINFO, 0);
	sig_got = 0;
	uint32_t v = misaligned_load_with_ac();
	tap_ok(sig_got == 1 && sig_last == SIGBUS && sig_regs_out[0] == BUS_ADRALN && sig_regs_out[1] == 0 && v == 0x55443322u,
	       "a misaligned load with EFLAGS.AC: SIGBUS BUS_ADRALN, the load done once AC is cleared (code %x, value %x)",
	       sig_regs_out[0], v);
	install(SIGBUS, (void *)SIG_DFL, 0, 0);
	long pid = sys_fork();
	if (pid == 0) {
		__asm__ volatile("int3");
		sys_exit(CHILD_BAD);
	}
	int st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTRAP && WKILLREASON(st) == KILL_BREAKPOINT,
	       "an unhandled int3 kills with SIGTRAP and a report (status %x)", st);
	pid = sys_fork();
	if (pid == 0) {
		misaligned_load_with_ac();
		sys_exit(CHILD_BAD);
	}
	st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS && WKILLREASON(st) == KILL_ALIGNMENT,
	       "an unhandled misaligned load with EFLAGS.AC kills with SIGBUS and a report (status %x)", st);
}

static void test_default_actions(void)
{
	long pid = sys_fork();
	if (pid == 0) {
		raise(SIGTERM);
		sys_exit(CHILD_BAD);
	}
	int st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM && !WCOREDUMP(st) && WKILLREASON(st) == 0,
	       "SIGTERM's default: terminated, WTERMSIG SIGTERM (status %x)", st);
	pid = sys_fork();
	if (pid == 0) {
		install(SIGUSR1, count, SA_RESETHAND, 0);
		raise(SIGUSR1);
		raise(SIGUSR1);   /* back at SIG_DFL: ends it */
		sys_exit(CHILD_BAD);
	}
	st = reap(pid);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "SA_RESETHAND: the second SIGUSR1 takes the default action (status %x)", st);
	pid = sys_fork();
	if (pid == 0) {
		raise(SIGCHLD);   /* default: ignored */
		raise(SIGWINCH);
		sys_exit(CHILD_OK);
	}
	TAP_EQ(reap(pid), CHILD_OK << 8, "SIGCHLD and SIGWINCH are ignored by default");
}

static void nested(int sig)
{
	sig_got++;
	if (++sig_depth > sig_max_depth)
		sig_max_depth = sig_depth;
	if (sig_got == 1)
		raise(sig);
	sig_depth--;
}

static void test_defer(void)
{
	sig_got = sig_depth = sig_max_depth = 0;
	install(SIGUSR1, nested, 0, 0);
	raise(SIGUSR1);
	spin_until_got(2, 2000);
	tap_ok(sig_got == 2 && sig_max_depth == 1, "without SA_NODEFER the signal raised in its handler runs after it (depth %d, runs %d)", sig_max_depth, sig_got);
	sig_got = sig_depth = sig_max_depth = 0;
	install(SIGUSR1, nested, SA_NODEFER, 0);
	raise(SIGUSR1);
	tap_ok(sig_got == 2 && sig_max_depth == 2, "SA_NODEFER: it nests (depth %d)", sig_max_depth);
	install(SIGUSR1, (void *)SIG_DFL, 0, 0);
}

static void test_mask(void)
{
	sig_got = 0;
	install(SIGUSR1, count, 0, 0);
	unsigned long block = SIGMASK(SIGUSR1), old = 0, pend = 0;
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	sys_sigpending(&pend);
	tap_ok(sig_got == 0 && pend == SIGMASK(SIGUSR1), "blocked: pending, not run (pending %lx)", pend);
	unsigned long kill_stop = SIGMASK(SIGKILL) | SIGMASK(SIGSTOP), now = 0;
	sigprocmask(SIG_BLOCK, &kill_stop, NULL);
	sigprocmask(SIG_BLOCK, NULL, &now);
	tap_ok(!(now & kill_stop), "SIGKILL and SIGSTOP cannot be blocked (mask %lx)", now);
	TAP_EQ(sys_sigaction(SIGKILL, &(struct pf_sigaction){ SIG_IGN, 0, 0, 0 }, NULL), -EINVAL, "nor ignored or handled");
	sigprocmask(SIG_SETMASK, &old, NULL);
	tap_ok(sig_got == 1, "unblocked by sigprocmask: it runs before sigprocmask returns (got %d)", sig_got);
	install(SIGUSR1, (void *)SIG_DFL, 0, 0);
}

/*
 * A child's sleep or read interrupted: -EINTR without SA_RESTART; with it the
 * read goes on, the sleep does not (Linux's rule: a sleep is never restarted).
 */
static void test_eintr(void)
{
	for (int restart = 0; restart < 2; restart++) {
		int fds[2];
		sys_pipe(fds);
		long pid = sys_fork();
		if (pid == 0) {
			install(SIGUSR1, count, restart ? SA_RESTART : 0, 0);
			sys_close(fds[1]);
			long slept = sys_sleep_ms(200);
			char c;
			long r = sys_read(fds[0], &c, 1);
			bool ran = spin_until_got(2, 2000);
			if (restart)
				sys_exit(slept == -EINTR && r == 0 && ran ? CHILD_OK : CHILD_BAD);
			sys_exit(slept == -EINTR && r == -EINTR && ran ? CHILD_OK : CHILD_BAD);
		}
		sys_close(fds[0]);
		sys_sleep_ms(30);
		kill((int)pid, SIGUSR1);   /* into its sleep */
		sys_sleep_ms(restart ? 250 : 30);
		kill((int)pid, SIGUSR1);   /* into its read of the pipe */
		sys_sleep_ms(30);
		sys_close(fds[1]);         /* with SA_RESTART the read ends at end of file */
		int st = reap(pid);
		tap_ok(st == CHILD_OK << 8, restart ? "SA_RESTART: the pipe read goes on, the sleep returns -EINTR, the handlers run (status %x)"
				       : "no SA_RESTART: the sleep and the pipe read return -EINTR, the handlers run (status %x)", st);
	}
}

/* Whether pid sleeps now (procinfo's state): a child known to be in its blocking call. */
static bool child_sleeps(long pid)
{
	struct pf_procinfo info;
	for (unsigned long i = 0; sys_procinfo(i, &info) == 1; i++)
		if (info.pid == pid)
			return info.state == PF_PROC_SLEEPING;
	return false;
}

static int said_fd = -1;   /* where the handler tells the parent it ran */

static void count_and_say(int sig)
{
	count(sig);
	char c = 'h';
	sys_write(said_fd, &c, 1);
}

enum blocked_in { IN_PIPE_READ, IN_WAIT, IN_SLEEP };

/*
 * A child blocked in a read of a pipe, a wait or a timed sleep gets a
 * handled signal. The handler runs before the call returns; without
 * SA_RESTART the call returns -EINTR; with it a read or a wait is made
 * again (it returns what came after the handler: the parent's byte, the
 * grandchild it let go), a sleep is not. No timing: the parent signals once
 * procinfo says the child sleeps, and answers once the handler said it ran.
 */
static void test_restart(enum blocked_in in, bool restart)
{
	static const char *const what[] = { "a pipe read", "a wait", "a timed sleep" };
	int data[2], said[2];
	sys_pipe(data);
	sys_pipe(said);
	long pid = sys_fork();
	if (pid == 0) {
		sig_got = 0;
		said_fd = said[1];
		sys_close(said[0]);
		install(SIGUSR1, count_and_say, restart ? SA_RESTART : 0, 0);
		long grandchild = 0;
		if (in == IN_WAIT && (grandchild = sys_fork()) == 0) {
			char c;
			sys_exit(sys_read(data[0], &c, 1) == 1 ? 3 : 4);   /* lets go when the parent writes */
		}
		sys_close(data[1]);
		char c = 0;
		int st = 0;
		long r = in == IN_PIPE_READ ? sys_read(data[0], &c, 1) : in == IN_WAIT ? sys_wait((int)grandchild, &st, 0)
			: sys_sleep_ms(600000);
		int ran = sig_got;   /* read at once: the handler ran before the call returned */
		bool ok = ran == 1 && (!restart || in == IN_SLEEP ? r == -EINTR
				       : in == IN_PIPE_READ ? r == 1 && c == 'x' : r == grandchild && st == 3 << 8);
		if (in == IN_WAIT && r != grandchild)
			sys_wait((int)grandchild, &st, 0);
		sys_exit(ok ? CHILD_OK : CHILD_BAD);
	}
	sys_close(said[1]);
	sys_close(data[0]);
	while (!child_sleeps(pid))
		sys_yield();   /* its one sleep is the call */
	kill((int)pid, SIGUSR1);
	char c;
	long heard = sys_read(said[0], &c, 1);
	install(SIGPIPE, (void *)SIG_IGN, 0, 0);   /* a child that got -EINTR (a regression) may have left: -EPIPE, not the test's end */
	if (in == IN_WAIT || (in == IN_PIPE_READ && restart))
		sys_write(data[1], "x", 1);   /* the restarted read's byte, or the grandchild let go */
	install(SIGPIPE, (void *)SIG_DFL, 0, 0);
	sys_close(data[1]);
	sys_close(said[0]);
	int st = reap(pid);
	tap_ok(heard == 1 && st == CHILD_OK << 8, "%s interrupted by a handler %s SA_RESTART: the handler runs before it returns, %s (status %x)",
	       what[in], restart ? "with" : "without", restart && in != IN_SLEEP ? "then it is made again" : "-EINTR", st);
}

static void test_restarts(void)
{
	for (int in = IN_PIPE_READ; in <= IN_SLEEP; in++)
		for (int restart = 0; restart < 2; restart++)
			test_restart((enum blocked_in)in, restart);
}

static void test_sigsuspend(void)
{
	sig_got = 0;
	install(SIGUSR1, count, 0, 0);
	unsigned long block = SIGMASK(SIGUSR1), after = 0;
	sigprocmask(SIG_BLOCK, &block, NULL);
	long me = sys_getpid();
	long pid = sys_fork();
	if (pid == 0) {
		sys_sleep_ms(20);
		sys_exit(kill((int)me, SIGUSR1) == 0 ? CHILD_OK : CHILD_BAD);
	}
	long r = sys_sigsuspend(0);
	bool ran = sig_got == 1;
	sigprocmask(SIG_BLOCK, NULL, &after);
	tap_ok(r == -EINTR && ran && after == block, "sigsuspend: the handler runs before it returns -EINTR, the mask comes back (%lx)", after);
	reap(pid);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	install(SIGUSR1, (void *)SIG_DFL, 0, 0);
}

static void test_sigchld_and_fork(void)
{
	sig_got = 0;
	install(SIGCHLD, count, SA_RESTART, 0);
	install(SIGUSR2, count, 0, 0);
	long pid = sys_fork();
	if (pid == 0) {
		raise(SIGUSR2);   /* the handler came through fork */
		sys_exit(sig_got == 1 ? CHILD_OK : CHILD_BAD);
	}
	int st = reap(pid);
	spin_until_got(1, 2000);
	tap_ok(st == CHILD_OK << 8, "fork copies the handlers (status %x)", st);
	tap_ok(sig_got == 1 && sig_last == SIGCHLD, "SIGCHLD reaches the parent of a child that exits (%d)", sig_got);
	install(SIGCHLD, (void *)SIG_DFL, 0, 0);
	install(SIGUSR2, (void *)SIG_DFL, 0, 0);
	TAP_EQ(kill(1 << 20, SIGUSR1), -ESRCH, "kill of no such pid: -ESRCH");
	TAP_EQ(kill((int)sys_getpid(), 99), -EINVAL, "kill with no such signal: -EINVAL");
}

/* argv[1] "noac": the CPU does not raise #AC (QEMU's TCG). */
int main(int argc, char **argv)
{
	printf("# sigtest: pid %ld\n", sys_getpid());
	test_raise();
	test_registers_intact();
	test_forged_frames();
	test_forged_mxcsr();
	test_fault_handled();
	test_ill_fpe();
	test_trap_bus(!(argc > 1 && !strcmp(argv[1], "noac")));
	test_default_actions();
	test_defer();
	test_mask();
	test_eintr();
	test_restarts();
	test_sigsuspend();
	test_sigchld_and_fork();
	return tap_done();
}
