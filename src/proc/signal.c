/*
 * Signals: sending, delivery through a frame on the user stack, sigreturn
 * (proc/signal.h says when each takes effect).
 */
#include "proc/signal.h"
#include "proc/sched.h"
#include "proc/fpu.h"
#include "proc/fault_report.h"
#include "proc/linux_upcalls.h"
#include "pfgate/decode.h"
#include "mm/uaccess.h"
#include "arch/x86.h"
#include "arch/segments.h"
#include "lib/string.h"
#include "lib/kprintf.h"
#include <pfgate/layout.h>
#include <pfgate/gates.h>

/*
 * What ring 3 changes in EFLAGS by itself (popf): CF PF AF ZF SF TF DF OF,
 * NT, AC, ID. NT among them: a user's NT comes back from every gate too
 * (docs/design.md), and it only means a task return to the user's own next
 * iret (a #TS in ring 3); the kernel's iret looks at its own NT, cleared on
 * entry, not at the image's.
 */
#define EFLAGS_USER_CHANGEABLE 0x00244DD5u
/* What a sigreturn frame may not hold: ring 3 can set none of them (IF = 0 is refused apart). */
#define EFLAGS_REFUSED (EFLAGS_IOPL | EFLAGS_VM)
/* The handler starts with these clear, as a function called with a clean slate: no single step, DF = 0 (the ABI), no AC. */
#define EFLAGS_HANDLER_CLEARS (EFLAGS_TF | EFLAGS_DF | EFLAGS_AC | EFLAGS_NT)
/* Where the sigreturn gate is: the handler's `ret` calls it. */
#define SIGRETURN_GATE_ADDR ((uint32_t)GATE_BASE + (uint32_t)GATE_NR_sigreturn * PAGE_SIZE)

static bool valid_sig(int sig) { return sig > 0 && sig <= NSIG_MAX; }

/* What p does with sig now: SIG_DFL_* for a default action, 0 for a handler. SIG_IGN is SIG_DFL_IGN. */
static unsigned action_kind(const struct proc *p, int sig)
{
	uint32_t h = p->sig.action[sig].handler;
	if (h == SIG_IGN)
		return SIG_DFL_IGN;
	if (h == SIG_DFL)
		return signal_default_action(sig);
	return 0;
}

bool signal_ignored(const struct proc *p, int sig) { return valid_sig(sig) && action_kind(p, sig) == SIG_DFL_IGN; }
bool signal_blocked(const struct proc *p, int sig) { return valid_sig(sig) && (p->sig.blocked & SIGMASK(sig)); }
bool signal_handled(const struct proc *p, int sig) { return valid_sig(sig) && action_kind(p, sig) == 0; }

/* The parent of p hears that p stopped or went on: its wait, and SIGCHLD unless it asked for none (SA_NOCLDSTOP). */
static void tell_parent(struct proc *p, uint8_t report)
{
	p->wait_report = report;
	struct proc *parent = p->parent;
	if (!parent)
		return;
	wakeup(parent);
	if (!(parent->sig.action[SIGCHLD].flags & SA_NOCLDSTOP))
		signal_post(parent, SIGCHLD, p->pid, 0);
}

void signal_post(struct proc *p, int sig, int from_pid, enum kill_reason why)
{
	if (!valid_sig(sig) || p->state == P_UNUSED || p->state == P_ZOMBIE || p->killed)
		return;
	uint32_t bit = SIGMASK(sig);
	if (sig == SIGCONT) {   /* continues even when ignored or blocked (POSIX) */
		p->sig.pending &= ~SIG_STOP_SIGNALS;
		if (p->state == P_STOPPED) {
			sched_make_runnable(p);
			tell_parent(p, WAIT_REPORT_CONT);
		}
	} else if (bit & SIG_STOP_SIGNALS) {
		p->sig.pending &= ~SIGMASK(SIGCONT);
	}
	unsigned kind = action_kind(p, sig);
	/* A blocked SIGCONT pends, as Linux's does: a handler may be installed before it is unblocked. */
	if (kind == SIG_DFL_IGN || (kind == SIG_DFL_CONT && !(p->sig.blocked & bit)))
		return;
	if ((kind == SIG_DFL_TERM || kind == SIG_DFL_CORE) && !(p->sig.blocked & bit)) {
		proc_kill_signal(p, sig, why);   /* ends it where kills end it, a stopped one too */
		return;
	}
	p->sig.pending |= bit;
	p->sig.sender[sig] = (uint16_t)from_pid;
	if (!(p->sig.blocked & bit) && p->state != P_STOPPED)
		sched_wake_sleeper(p);   /* its sleep decides: stop, -EINTR, or on with SA_RESTART */
}

bool signal_interrupts_sleep(bool restartable)
{
	struct proc *p = current_proc();
	uint32_t ready = p->sig.pending & ~p->sig.blocked;
	for (int sig = 1; ready; sig++, ready >>= 1) {
		if (!(ready & 1))
			continue;
		unsigned kind = action_kind(p, sig);
		if (kind == SIG_DFL_TERM || kind == SIG_DFL_CORE || !kind) {
			p->sig.restart = restartable;
			return true;   /* stops are taken at the stop point, ignored ones interrupt nothing */
		}
	}
	return false;
}

/*
 * Whether a call interrupted for the signal signal_deliver takes next is
 * made again: its handler has SA_RESTART, or no handler runs (a stop, or
 * what was ignored meanwhile), Linux's rule for a restartable call.
 */
static bool next_signal_restarts(const struct proc *p)
{
	for (uint32_t ready = p->sig.pending & ~p->sig.blocked; ready; ready &= ready - 1) {
		int sig = __builtin_ctz(ready) + 1;
		unsigned kind = action_kind(p, sig);
		if (!kind)
			return p->sig.action[sig].flags & SA_RESTART;
		if (kind == SIG_DFL_TERM || kind == SIG_DFL_CORE)
			return false;   /* it ends the process: nothing is made again */
	}
	return true;
}

void signal_call_return(struct trap_frame *tf, const struct call_again *again)
{
	struct proc *p = current_proc();
	if ((int32_t)tf->eax == -EINTR && p->sig.restart && next_signal_restarts(p)) {
		tf->eip = again->eip;
		tf->esp = again->esp;   /* the handler's frame goes below the call's return address, which stays */
		tf->eax = again->eax;
		tf->ecx = again->ecx;
		tf->edx = again->edx;
	}
	signal_deliver(tf);
}

void signal_gate_return(struct trap_frame *tf, long result, uint32_t ret_addr)
{
	const struct call_again again = { tf->eip, tf->esp, tf->eax, tf->ecx, tf->edx };
	tf->eip = ret_addr;   /* the emulated `ret` the stub did not do */
	tf->esp += 4;
	tf->eax = (uint32_t)result;
	tf->ecx = tf->edx = 0;   /* nothing of the kernel, as from any gate */
	signal_call_return(tf, &again);
}

/* The current process stops by sig until SIGCONT; a kill ends it here (sched). */
static void stop(struct proc *p, int sig)
{
	p->stop_sig = (uint8_t)sig;
	p->state = P_STOPPED;
	tell_parent(p, WAIT_REPORT_STOP);
	sched();
}

/* The stop signals p now takes by their default action, not blocked. */
static uint32_t stops_due(const struct proc *p)
{
	uint32_t due = 0;
	for (uint32_t ready = p->sig.pending & ~p->sig.blocked & SIG_STOP_SIGNALS; ready; ready &= ready - 1) {
		int sig = __builtin_ctz(ready) + 1;
		if (action_kind(p, sig) == SIG_DFL_STOP)
			due |= SIGMASK(sig);
	}
	return due;
}

void signal_stop_point(void)
{
	struct proc *p = current_proc();
	for (uint32_t due; (due = stops_due(p));) {
		int sig = __builtin_ctz(due) + 1;
		p->sig.pending &= ~SIGMASK(sig);
		stop(p, sig);
	}
}

#define ALARM_MAX_SECONDS (SIGNAL_TIMER_MAX_MS / 1000)   /* about 46 days: the milliseconds still fit 32 bits */
static uint64_t next_alarm;   /* the earliest alarm of any process, 0: none */

void signal_itimer(struct proc *p, uint64_t now, uint32_t value_ms, uint32_t interval_ms,
                   uint32_t *old_value_ms, uint32_t *old_interval_ms)
{
	/* Timers reach at most SIGNAL_TIMER_MAX_MS ahead, so what is left fits 32 bits (no 64-bit division here). */
	*old_value_ms = p->alarm_ms > now ? (uint32_t)(p->alarm_ms - now) : p->alarm_ms ? 1 : 0;   /* due this tick: still set */
	*old_interval_ms = p->alarm_ms ? p->alarm_interval_ms : 0;
	if (value_ms > SIGNAL_TIMER_MAX_MS)
		value_ms = SIGNAL_TIMER_MAX_MS;
	if (interval_ms > SIGNAL_TIMER_MAX_MS)
		interval_ms = SIGNAL_TIMER_MAX_MS;
	p->alarm_ms = value_ms ? now + value_ms : 0;
	p->alarm_interval_ms = value_ms ? interval_ms : 0;
	if (p->alarm_ms && (!next_alarm || p->alarm_ms < next_alarm))
		next_alarm = p->alarm_ms;
}

unsigned long signal_alarm(struct proc *p, uint64_t now, unsigned long seconds)
{
	uint32_t left_ms, interval_ms;
	signal_itimer(p, now, seconds > ALARM_MAX_SECONDS ? SIGNAL_TIMER_MAX_MS : (uint32_t)seconds * 1000,
	              0, &left_ms, &interval_ms);
	return (left_ms + 999) / 1000;
}

void signal_alarm_tick(uint64_t now)
{
	if (!next_alarm || now < next_alarm)
		return;
	next_alarm = 0;
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++) {
		if (!p->alarm_ms || p->state == P_UNUSED || p->state == P_ZOMBIE)
			continue;
		if (p->alarm_ms <= now) {
			/* An interval timer comes back one interval after it was due; one that fell behind, one after now. */
			p->alarm_ms = !p->alarm_interval_ms ? 0 : p->alarm_ms + p->alarm_interval_ms > now
				? p->alarm_ms + p->alarm_interval_ms : now + p->alarm_interval_ms;
			signal_post(p, SIGALRM, 0, 0);
		}
		if (p->alarm_ms && (!next_alarm || p->alarm_ms < next_alarm))
			next_alarm = p->alarm_ms;
	}
}

void signal_take_fpu(struct proc *p, uint8_t *out)
{
	if (cpu0.fpu_owner == p)
		fpu_save(p->fpu);   /* into its own image: fxsave wants its 16-byte alignment */
	memcpy(out, p->fpu, FPU_STATE_SIZE);
	fpu_reset(p);
}

static uint32_t read_fs(void) { uint32_t v; __asm__ volatile("mov %%fs, %0" : "=r"(v)); return v & 0xFFFF; }
static uint32_t read_gs(void) { uint32_t v; __asm__ volatile("mov %%gs, %0" : "=r"(v)); return v & 0xFFFF; }

void signal_fill_info(struct pf_siginfo *info, int sig, int code, uint32_t detail)
{
	info->si_signo = sig;
	info->si_code = code;
	if (code == SI_USER)
		info->fields.kill.pid = (int)detail;
	else
		info->fields.fault.addr = detail;
}

void signal_fill_context(struct pf_sigcontext *sc, const struct trap_frame *tf, uint32_t fpstate, uint32_t oldmask,
			 int code, uint32_t detail)
{
	sc->gs = read_gs();
	sc->fs = read_fs();
	sc->es = tf->es & 0xFFFF;
	sc->ds = tf->ds & 0xFFFF;
	sc->edi = tf->edi; sc->esi = tf->esi; sc->ebp = tf->ebp; sc->esp = tf->esp;
	sc->ebx = tf->ebx; sc->edx = tf->edx; sc->ecx = tf->ecx; sc->eax = tf->eax;
	sc->trapno = tf->vector; sc->err = tf->err; sc->eip = tf->eip;
	sc->cs = tf->cs & 0xFFFF; sc->eflags = tf->eflags; sc->esp_at_signal = tf->esp; sc->ss = tf->ss & 0xFFFF;
	sc->fpstate = fpstate;
	sc->oldmask = oldmask;
	sc->cr2 = code == SI_USER ? 0 : detail;
}

/* pfgate's own frame (pfgate/signal.h): an rt_sigframe whose fpstate is the kernel's image. */
static bool native_frame(struct proc *p, const struct trap_frame *tf, int sig, int code, uint32_t detail,
			 uint32_t oldmask, struct sig_entry *out)
{
	struct pf_sigframe f;
	uint32_t sp = tf->esp - sizeof f;
	sp = (sp & ~15u) - 4;   /* ESP + 4 16-byte aligned at the handler's entry, as after a call */
	if (sp >= tf->esp || !user_addr_range_ok(sp, sizeof f))
		return false;
	memset(&f, 0, sizeof f);
	f.pretcode = SIGRETURN_GATE_ADDR;
	f.sig = sig;
	f.pinfo = sp + offsetof(struct pf_sigframe, info);
	f.puc = sp + offsetof(struct pf_sigframe, uc);
	signal_fill_info(&f.info, sig, code, detail);
	signal_fill_context(&f.uc.uc_mcontext, tf, sp + offsetof(struct pf_sigframe, fpstate), oldmask, code, detail);
	f.uc.uc_sigmask[0] = oldmask;
	signal_take_fpu(p, f.fpstate);
	if (copy_to_user((void __user *)sp, &f, sizeof f))
		return false;
	*out = (struct sig_entry){ sp, f.pinfo, f.puc };
	return true;
}

/* Build sig's frame for handler act on the user stack (the personality's layout) and point tf at the handler. False: no room (the caller kills). */
static bool push_frame(struct proc *p, struct trap_frame *tf, int sig, const struct sig_action *act,
		       int code, uint32_t detail)
{
	uint32_t old = p->sig.suspended ? p->sig.suspend_mask : p->sig.blocked;
	struct sig_entry e;
	bool built = p->linux.abi ? linux_signal_frame(p, tf, sig, act->flags, code, detail, old, &e)
				  : native_frame(p, tf, sig, code, detail, old, &e);
	if (!built)
		return false;
	p->sig.suspended = false;
	p->sig.blocked = (old | act->mask | (act->flags & SA_NODEFER ? 0 : SIGMASK(sig))) & ~SIG_UNBLOCKABLE;
	if (act->flags & SA_RESETHAND)
		p->sig.action[sig] = (struct sig_action){ SIG_DFL, 0, 0 };
	tf->esp = e.sp;
	tf->eip = act->handler;
	tf->eax = (uint32_t)sig;   /* regparm handlers get the arguments in registers too */
	tf->edx = e.edx;
	tf->ecx = e.ecx;
	tf->eflags &= ~EFLAGS_HANDLER_CLEARS;
	tf->cs = SEG_UCODE;
	tf->ss = tf->ds = tf->es = SEG_UDATA;
	return true;
}

/* The process ends by sig's default action: a core action with a report first. */
static void __attribute__((noreturn)) die_of(struct proc *p, struct trap_frame *tf, int sig)
{
	if (signal_default_action(sig) == SIG_DFL_CORE) {
		kprintf("killed: pid %d (%s) eip=%08x: signal %d\n", p->pid, p->name, tf->eip, sig);
		fault_report(tf, 0, "  ");
	}
	proc_exit(proc_signalled_status(sig, 0));
}

void signal_deliver(struct trap_frame *tf)
{
	struct proc *p = current_proc();
	proc_check_killed();   /* a default action that ends it (a SIGTERM to oneself) ends it before kill returns */
	p->sig.restart = false;   /* an interrupted call's chance to be made again was signal_call_return's */
	for (;;) {
		uint32_t ready = p->sig.pending & ~p->sig.blocked;
		if (!ready)
			break;
		int sig = __builtin_ctz(ready) + 1;
		p->sig.pending &= ~SIGMASK(sig);
		unsigned kind = action_kind(p, sig);
		if (kind == SIG_DFL_TERM || kind == SIG_DFL_CORE)
			die_of(p, tf, sig);
		if (kind == SIG_DFL_STOP)
			stop(p, sig);   /* back here once continued: whatever came meanwhile is next */
		if (kind)
			continue;   /* ignored meanwhile, or a stop done */
		struct sig_action act = p->sig.action[sig];
		if (!push_frame(p, tf, sig, &act, SI_USER, p->sig.sender[sig]))
			proc_kill_fault(tf, tf->esp, KILL_NO_SIGFRAME);
		return;
	}
	if (p->sig.suspended) {   /* sigsuspend woke for nothing deliverable: its mask goes back */
		p->sig.blocked = p->sig.suspend_mask;
		p->sig.suspended = false;
	}
}

static const uint8_t fault_signals[] = {
#define FAULT_SIGNAL(code, name, sig, text) [code] = sig,
	KILL_REASONS(FAULT_SIGNAL)
#undef FAULT_SIGNAL
};

/* si_code and si_addr as Linux 6.1's traps.c tells them apart. */
static int fault_code(const struct trap_frame *tf, uint32_t cr2, enum kill_reason why, uint32_t *addr)
{
	*addr = tf->eip;
	switch (why) {
	case KILL_PAGE_FAULT:
		*addr = cr2;
		return (tf->err & PF_ERR_P) ? SEGV_ACCERR : SEGV_MAPERR;
	case KILL_ILLEGAL:
		return ILL_ILLOPN;
	case KILL_ARITHMETIC:
		if (tf->vector == T_DIVIDE)
			return FPE_INTDIV;
		return SI_KERNEL;
	case KILL_OTHER_FAULT:
		if (tf->vector == T_DEBUG)
			return TRAP_TRACE;
		return SI_KERNEL;
	case KILL_PROTECTION:   /* force_sig: no address */
	case KILL_BREAKPOINT:
	case KILL_ALIGNMENT:
		*addr = 0;
		return why == KILL_ALIGNMENT ? BUS_ADRALN : SI_KERNEL;
	default:
		return SI_KERNEL;
	}
}

bool signal_fault(struct trap_frame *tf, uint32_t cr2, enum kill_reason why)
{
	struct proc *p = current_proc();
	int sig = why < sizeof fault_signals ? fault_signals[why] : 0;
	if (!p || !valid_sig(sig) || trap_frame_is_lean(tf) || action_kind(p, sig) || (p->sig.blocked & SIGMASK(sig)))
		return false;   /* a blocked or unhandled fault kills, as Linux forces it */
	struct sig_action act = p->sig.action[sig];
	uint32_t addr;
	int code = fault_code(tf, cr2, why, &addr);
	if (!push_frame(p, tf, sig, &act, code, addr))
		proc_kill_fault(tf, cr2, KILL_NO_SIGFRAME);
	return true;
}

/*
 * A data segment selector ring 3 can load itself: null, its data, its
 * (readable) code, or its TLS segment while it has one (loading an empty
 * slot would fault in ring 0, below).
 */
static bool user_data_selector(const struct proc *p, uint32_t sel)
{
	return (sel & ~3u) == 0 || sel == SEG_UDATA || sel == SEG_UCODE ||
	       (sel == SEG_TLS && (p->linux.tls.access & ACC_PRESENT));
}

void signal_restore(struct trap_frame *tf, const struct pf_sigcontext *sc, uint32_t mask, const uint8_t *fpu,
		    uint32_t frame)
{
	struct proc *p = current_proc();
	/*
	 * Refused, not corrected: a frame that would give ring 3 another
	 * privilege, I/O, VM86 or IF = 0, or a selector it could
	 * not load itself. A kernel EIP or ESP would only fault in ring 3; they
	 * are refused here too, with the report that says why.
	 */
	bool bad = sc->cs != SEG_UCODE || sc->ss != SEG_UDATA ||
		!user_data_selector(p, sc->ds) || !user_data_selector(p, sc->es) ||
		!user_data_selector(p, sc->fs) || !user_data_selector(p, sc->gs) ||
		(sc->eflags & EFLAGS_REFUSED) || !(sc->eflags & EFLAGS_IF) ||
		sc->eip >= KERNEL_BASE || sc->esp >= KERNEL_BASE;
	if (bad)
		proc_kill_fault(tf, frame, KILL_BAD_SIGFRAME);
	tf->edi = sc->edi; tf->esi = sc->esi; tf->ebp = sc->ebp; tf->esp = sc->esp;
	tf->ebx = sc->ebx; tf->edx = sc->edx; tf->ecx = sc->ecx; tf->eax = sc->eax;
	tf->eip = sc->eip;
	tf->cs = SEG_UCODE;
	tf->ss = SEG_UDATA;
	tf->ds = sc->ds;
	tf->es = sc->es;
	tf->eflags = (sc->eflags & EFLAGS_USER_CHANGEABLE) | EFLAGS_IF | EFLAGS_RSVD;
	/* The user's FS and GS are live in the kernel (swtch keeps them): loaded now, checked above. */
	__asm__ volatile("mov %0, %%fs\n\tmov %1, %%gs" : : "r"(sc->fs), "r"(sc->gs));
	if (fpu)
		fpu_replace_state(p, fpu);
	else
		fpu_reset(p);
	p->sig.blocked = mask & ~SIG_UNBLOCKABLE;
}

void signal_return(struct trap_frame *tf)
{
	uint32_t frame = tf->esp - 2 * sizeof(uint32_t);   /* the handler's ret popped pretcode, the gate's sig */
	struct pf_ucontext uc;
	uint8_t fpu[FPU_STATE_SIZE];   /* fpu_replace_state copies it into p's aligned image */
	if (frame > tf->esp ||
	    copy_from_user(&uc, (const void __user *)(frame + offsetof(struct pf_sigframe, uc)), sizeof uc) ||
	    copy_from_user(fpu, (const void __user *)(frame + offsetof(struct pf_sigframe, fpstate)), sizeof fpu))
		proc_kill_fault(tf, frame, KILL_BAD_SIGFRAME);
	signal_restore(tf, &uc.uc_mcontext, uc.uc_sigmask[0], fpu, frame);
}

void signal_fork(struct proc *child, const struct proc *parent)
{
	child->sig = parent->sig;   /* not the alarm: a fork's child has none (POSIX) */
	child->sig.pending = 0;
	child->sig.suspended = false;
	child->sig.restart = false;
}

void signal_exec(struct proc *p)
{
	for (int sig = 1; sig <= NSIG_MAX; sig++)
		if (p->sig.action[sig].handler != SIG_IGN)
			p->sig.action[sig] = (struct sig_action){ SIG_DFL, 0, 0 };
}
