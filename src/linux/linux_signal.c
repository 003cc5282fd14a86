/*
 * Signals for Linux programs, on the kernel's own (proc/signal.c): the
 * calls in Linux's layouts (k_sigaction with sa_restorer, a 64-bit mask
 * passed with sigsetsize 8, of which the kernel keeps signals 1-31), and the
 * frames Linux's i386 handlers expect: sigframe, or rt_sigframe with
 * SA_SIGINFO, each with Linux's _fpstate (the x87 state in fnsave's layout,
 * magic 0, then the fxsave image). Whatever sa_restorer says, a frame's
 * return address is the sigreturn or rt_sigreturn gate; the frame comes back
 * through signal_restore, which refuses what ring 3 could not have set (the
 * native sigreturn's checks, the same code).
 */
#include "linux/linux_calls.h"
#include "proc/sched.h"
#include "proc/linux_upcalls.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include <pfgate/errno.h>
#include <pfgate/signal.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

#define LINUX_NSIG         64
#define LINUX_SIGSET_BYTES (LINUX_NSIG / 8)
#define LINUX_NR_sigreturn     119
#define LINUX_NR_rt_sigreturn  173
#define LINUX_GATE_ADDR(nr) ((uint32_t)GATE_BASE + ((uint32_t)LINUX_GATE_FIRST + (nr)) * PAGE_SIZE)

/* sigaltstack's stack_t and flags (Linux i386). */
struct linux_stack { uint32_t sp; int32_t flags; uint32_t size; };
#define LINUX_SS_ONSTACK   1
#define LINUX_SS_DISABLE   2
#define LINUX_MINSIGSTKSZ  2048

/* struct sigaction as rt_sigaction reads it (Linux's k_sigaction on i386). */
struct linux_sigaction { uint32_t handler, flags, restorer; uint32_t mask[2]; };

/*
 * Linux's i386 _fpstate: the x87 environment and registers in fnsave's
 * layout (7 words, 8 registers of 10 bytes), the status word again and a
 * magic (0: the fxsave image follows; 0xffff: fnsave's state only), then
 * fxsave's 512 bytes, of which Linux reads MXCSR and the XMM registers back
 * (the x87 part comes from the header).
 */
#define X87_ENV_WORDS 7
#define X87_REGS      8
#define X87_REG_BYTES 10
#define FXSAVE_REG_STRIDE 16
#define FP_MAGIC_FXSR 0x0000
#define FP_MAGIC_X87  0xFFFF
#define FNSAVE_BYTES  (X87_ENV_WORDS * 4 + X87_REGS * X87_REG_BYTES)   /* 108 */
struct linux_fpstate {
	uint32_t env[X87_ENV_WORDS];   /* cw, sw, tag, ipoff, cssel, dataoff, datasel */
	uint8_t st[X87_REGS][X87_REG_BYTES];
	uint16_t status, magic;
	uint8_t fxsave[FPU_STATE_SIZE];
};
_Static_assert(sizeof(struct linux_fpstate) == 624, "Linux's struct _fpstate_32");
_Static_assert(FNSAVE_BYTES == offsetof(struct linux_fpstate, status), "fnsave's image is the header");
#define FXSAVE_ALIGN 64   /* where Linux puts the fxsave image (xsave wants 64) */

/* The fxsave image's fields (Intel SDM, FXSAVE): 16-bit words at 0, 2, 4 (abridged tag), 6 (opcode). */
enum { FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_FOP = 6, FX_FIP = 8, FX_FCS = 12, FX_FDP = 16, FX_FDS = 20, FX_ST = 32 };
enum { TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3 };
#define ENV_HIGH_ONES 0xFFFF0000u   /* fnsave's 16-bit fields read back with their upper half set */

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, sizeof v); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, sizeof v); return v; }
static void wr16(uint8_t *p, uint16_t v) { memcpy(p, &v, sizeof v); }
static void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof v); }

/* The full tag of a register fxsave marks in use, from its value (fnsave's rules). */
static uint32_t reg_tag(const uint8_t *reg)
{
	uint16_t exponent = rd16(reg + 8) & 0x7FFF;
	uint32_t lo = rd32(reg), hi = rd32(reg + 4);
	if (exponent == 0x7FFF)
		return TAG_SPECIAL;
	if (exponent == 0)
		return lo || hi ? TAG_SPECIAL : TAG_ZERO;
	return hi & 0x80000000u ? TAG_VALID : TAG_SPECIAL;   /* the explicit integer bit */
}

/* The header from the fxsave image: what fnsave would have written. */
static void x87_header_from_fxsave(struct linux_fpstate *f)
{
	const uint8_t *fx = f->fxsave;
	uint16_t sw = rd16(fx + FX_FSW);
	unsigned top = (sw >> 11) & 7;
	uint32_t tag = ENV_HIGH_ONES;
	for (unsigned phys = 0; phys < X87_REGS; phys++) {   /* the tag word is by physical register, the image by ST(i) */
		unsigned st = (phys - top) & 7;
		uint32_t t = (fx[FX_FTW] >> phys) & 1 ? reg_tag(fx + FX_ST + st * FXSAVE_REG_STRIDE) : TAG_EMPTY;
		tag |= t << (2 * phys);
	}
	f->env[0] = rd16(fx + FX_FCW) | ENV_HIGH_ONES;
	f->env[1] = sw | ENV_HIGH_ONES;
	f->env[2] = tag;
	f->env[3] = rd32(fx + FX_FIP);
	f->env[4] = rd16(fx + FX_FCS) | ((uint32_t)(rd16(fx + FX_FOP) & 0x7FF) << 16);
	f->env[5] = rd32(fx + FX_FDP);
	f->env[6] = rd16(fx + FX_FDS) | ENV_HIGH_ONES;
	for (unsigned i = 0; i < X87_REGS; i++)
		memcpy(f->st[i], fx + FX_ST + i * FXSAVE_REG_STRIDE, X87_REG_BYTES);
	f->status = sw;
	f->magic = FP_MAGIC_FXSR;
}

/* The header back into the fxsave image (Linux restores the x87 state from the header). */
static void x87_header_into_fxsave(const struct linux_fpstate *f, uint8_t *fx)
{
	uint8_t abridged = 0;
	for (unsigned phys = 0; phys < X87_REGS; phys++)
		if (((f->env[2] >> (2 * phys)) & 3) != TAG_EMPTY)
			abridged |= (uint8_t)(1u << phys);
	wr16(fx + FX_FCW, (uint16_t)f->env[0]);
	wr16(fx + FX_FSW, (uint16_t)f->env[1]);
	fx[FX_FTW] = abridged;
	fx[FX_FTW + 1] = 0;
	wr16(fx + FX_FOP, (uint16_t)((f->env[4] >> 16) & 0x7FF));
	wr32(fx + FX_FIP, f->env[3]);
	wr16(fx + FX_FCS, (uint16_t)f->env[4]);
	wr32(fx + FX_FDP, f->env[5]);
	wr16(fx + FX_FDS, (uint16_t)f->env[6]);
	for (unsigned i = 0; i < X87_REGS; i++)
		memcpy(fx + FX_ST + i * FXSAVE_REG_STRIDE, f->st[i], X87_REG_BYTES);
}

/* The process's FPU state as Linux's _fpstate (the handler then starts from the fresh state). */
static void take_fpstate(struct proc *p, struct linux_fpstate *f)
{
	memset(f, 0, sizeof *f);
	signal_take_fpu(p, f->fxsave);
	if (fpu_fxsr) {
		x87_header_from_fxsave(f);
	} else {   /* the kernel's image is fnsave's: it is the header */
		memcpy(f, f->fxsave, FNSAVE_BYTES);
		memset(f->fxsave, 0, sizeof f->fxsave);
		f->status = (uint16_t)f->env[1];
		f->magic = FP_MAGIC_X87;
	}
}

/* The kernel's image from a frame's _fpstate. */
static void give_fpstate(const struct linux_fpstate *f, uint8_t *image)
{
	if (fpu_fxsr) {
		memcpy(image, f->fxsave, FPU_STATE_SIZE);   /* MXCSR is masked by fpu_replace_state */
		x87_header_into_fxsave(f, image);
	} else {
		memset(image, 0, FPU_STATE_SIZE);
		memcpy(image, f, FNSAVE_BYTES);
	}
}

/* Linux's sigframe (no SA_SIGINFO): its fpstate_unused stays zero, the state is below at sc.fpstate. */
struct linux_sigframe {
	uint32_t pretcode;
	int32_t sig;
	struct pf_sigcontext sc;
	struct linux_fpstate fpstate_unused;
	uint32_t extramask;   /* signals 33-64 of the mask to restore */
	uint8_t retcode[8];
};

/* Linux's rt_sigframe: siginfo and ucontext, whose layouts pfgate's own ABI shares. */
struct linux_rt_sigframe {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct pf_siginfo info;
	struct pf_ucontext uc;
	uint8_t retcode[8];
};

/*
 * What Linux writes in retcode, never run here (the return address is the
 * gate): debuggers recognise a signal frame by these bytes. popl %eax;
 * movl $119, %eax; int $0x80, and movl $173, %eax; int $0x80.
 */
static const uint8_t sigreturn_code[8] = { 0x58, 0xB8, LINUX_NR_sigreturn, 0, 0, 0, 0xCD, 0x80 };
static const uint8_t rt_sigreturn_code[8] = { 0xB8, LINUX_NR_rt_sigreturn, 0, 0, 0, 0xCD, 0x80, 0 };

/* ESP + 4 16-byte aligned at the handler's entry, as after a call (Linux's align_sigframe). */
static uint32_t align_frame(uint32_t sp) { return ((sp + 4) & ~15u) - 4; }

/* Whether user stack pointer sp is on p's sigaltstack. */
static bool on_altstack(const struct proc *p, uint32_t sp)
{
	return p->linux.altstack_size && sp - p->linux.altstack_sp <= p->linux.altstack_size;   /* its top included: pushes go below */
}

bool linux_signal_frame(struct proc *p, const struct trap_frame *tf, int sig, uint32_t flags, int code, uint32_t detail,
			uint32_t oldmask, struct sig_entry *out)
{
	/* SA_ONSTACK's handler starts at the top of the sigaltstack, unless it already runs there (a nested signal). */
	uint32_t top = tf->esp;
	if ((flags & SA_ONSTACK) && p->linux.altstack_size && !on_altstack(p, tf->esp))
		top = p->linux.altstack_sp + p->linux.altstack_size;
	/* As Linux lays them out: the FPU state at the top, its fxsave image 64-aligned, the frame below. */
	uint32_t fx = (top - FPU_STATE_SIZE) & ~(uint32_t)(FXSAVE_ALIGN - 1);
	uint32_t fp = fx - offsetof(struct linux_fpstate, fxsave);
	bool rt = flags & SA_SIGINFO;
	uint32_t size = rt ? sizeof(struct linux_rt_sigframe) : sizeof(struct linux_sigframe);
	uint32_t sp = align_frame(fp - size);
	if (fp >= top || sp >= fp || !user_addr_range_ok(sp, top - sp))
		return false;   /* a sigaltstack too small for the frame, or one that wraps: the caller kills, as Linux's SIGSEGV */
	static struct linux_fpstate fpstate;   /* one CPU, no sleep while it is in use: off the 8 KiB kernel stack */
	take_fpstate(p, &fpstate);
	if (copy_to_user(UPTR(fp), &fpstate, sizeof fpstate))
		return false;
	if (rt) {
		struct linux_rt_sigframe f;
		memset(&f, 0, sizeof f);
		f.pretcode = LINUX_GATE_ADDR(LINUX_NR_rt_sigreturn);
		f.sig = sig;
		f.pinfo = sp + offsetof(struct linux_rt_sigframe, info);
		f.puc = sp + offsetof(struct linux_rt_sigframe, uc);
		signal_fill_info(&f.info, sig, code, detail);
		signal_fill_context(&f.uc.uc_mcontext, tf, fp, oldmask, code, detail);
		f.uc.uc_sigmask[0] = oldmask;
		f.uc.uc_stack.ss_sp = p->linux.altstack_sp;   /* as sigaltstack would read it at the signal */
		f.uc.uc_stack.ss_size = p->linux.altstack_size;
		f.uc.uc_stack.ss_flags = !p->linux.altstack_size ? LINUX_SS_DISABLE : on_altstack(p, tf->esp) ? LINUX_SS_ONSTACK : 0;
		memcpy(f.retcode, rt_sigreturn_code, sizeof f.retcode);
		if (copy_to_user(UPTR(sp), &f, sizeof f))
			return false;
		*out = (struct sig_entry){ sp, f.pinfo, f.puc };
	} else {
		struct linux_sigframe f;
		memset(&f, 0, sizeof f);
		f.pretcode = LINUX_GATE_ADDR(LINUX_NR_sigreturn);
		f.sig = sig;
		signal_fill_context(&f.sc, tf, fp, oldmask, code, detail);
		memcpy(f.retcode, sigreturn_code, sizeof f.retcode);
		if (copy_to_user(UPTR(sp), &f, sizeof f))
			return false;
		*out = (struct sig_entry){ sp, 0, 0 };   /* Linux's sigframe: EDX and ECX zero */
	}
	return true;
}

/* A frame's FPU state (at the user address its sigcontext names; 0: the fresh state) restored with its registers. */
static void restore_from(struct trap_frame *tf, const struct pf_sigcontext *sc, uint32_t mask, uint32_t frame)
{
	static struct linux_fpstate fpstate;   /* as above: off the kernel stack */
	static uint8_t image[FPU_STATE_SIZE];
	const uint8_t *state = NULL;
	if (sc->fpstate) {
		if (copy_from_user(&fpstate, UPTR(sc->fpstate), sizeof fpstate))
			proc_kill_fault(tf, sc->fpstate, KILL_BAD_SIGFRAME);
		give_fpstate(&fpstate, image);
		state = image;
	}
	signal_restore(tf, sc, mask, state, frame);
}

/*
 * sigreturn, from a sigframe's handler: its `ret` went to this gate (or
 * Linux's restorer popped sig and made the call by int 0x80), so the frame
 * starts 8 bytes below ESP either way. The answer is the restored EAX.
 */
long linux_sys_sigreturn(const struct linux_args *a)
{
	(void)a;
	struct trap_frame *tf = current_proc()->tf;
	uint32_t frame = tf->esp - 2 * sizeof(uint32_t);
	struct linux_sigframe f;
	if (frame > tf->esp || copy_from_user(&f, UPTR(frame), sizeof f))
		proc_kill_fault(tf, frame, KILL_BAD_SIGFRAME);
	restore_from(tf, &f.sc, f.sc.oldmask, frame);
	return (long)tf->eax;
}

/*
 * rt_sigreturn, from an rt_sigframe's handler: by the gate its `ret` called,
 * whose emulated `ret` popped sig too (the frame 8 below ESP); by int 0x80
 * from Linux's restorer, which pops nothing (4 below).
 */
long linux_sys_rt_sigreturn(const struct linux_args *a)
{
	(void)a;
	struct proc *p = current_proc();
	struct trap_frame *tf = p->tf;
	uint32_t frame = tf->esp - (p->linux.by_int80 ? 1 : 2) * sizeof(uint32_t);
	struct linux_rt_sigframe f;
	if (frame > tf->esp || copy_from_user(&f, UPTR(frame), sizeof f))
		proc_kill_fault(tf, frame, KILL_BAD_SIGFRAME);
	restore_from(tf, &f.uc.uc_mcontext, f.uc.uc_sigmask[0], frame);
	return (long)tf->eax;
}

/* Signals 32-64 (Linux's real-time ones) have no place in the kernel's 32-bit sets: -EINVAL for them. */
static bool kernel_sig(uint32_t sig) { return sig >= 1 && sig <= NSIG_MAX; }

long linux_sys_rt_sigaction(const struct linux_args *a)
{
	uint32_t sig = a->ebx;
	if (sig < 1 || sig > LINUX_NSIG || a->esi != LINUX_SIGSET_BYTES)
		return -EINVAL;
	if (!kernel_sig(sig) || (a->ecx && (SIGMASK(sig) & SIG_UNBLOCKABLE)))
		return -EINVAL;
	struct proc *p = current_proc();
	struct sig_action *cur = &p->sig.action[sig];
	struct linux_sigaction act, old = { cur->handler, cur->flags, 0, { cur->mask, 0 } };
	if (a->ecx && copy_from_user(&act, UPTR(a->ecx), sizeof act))
		return -EFAULT;
	if (a->edx && copy_to_user(UPTR(a->edx), &old, sizeof old))
		return -EFAULT;
	if (a->ecx) {   /* the flags are kept as given (SA_RESTORER among them): delivery reads the ones it knows */
		*cur = (struct sig_action){ act.handler, act.mask[0] & ~SIG_UNBLOCKABLE, act.flags };
		if (act.handler == SIG_IGN || (act.handler == SIG_DFL && signal_default_action((int)sig) == SIG_DFL_IGN))
			p->sig.pending &= ~SIGMASK(sig);   /* POSIX: a pending signal set to be ignored is discarded */
	}
	return 0;
}

/* Through the full thunk: what this unblocks runs its handler before the call returns, as on Linux. */
long linux_sys_rt_sigprocmask(const struct linux_args *a)
{
	if (a->esi != LINUX_SIGSET_BYTES)
		return -EINVAL;
	struct proc *p = current_proc();
	uint32_t set[2], old[2] = { p->sig.blocked, 0 };
	if (a->ecx) {
		if (copy_from_user(set, UPTR(a->ecx), sizeof set))
			return -EFAULT;
		if (a->ebx == SIG_BLOCK)
			p->sig.blocked |= set[0];
		else if (a->ebx == SIG_UNBLOCK)
			p->sig.blocked &= ~set[0];
		else if (a->ebx == SIG_SETMASK)
			p->sig.blocked = set[0];
		else
			return -EINVAL;
		p->sig.blocked &= ~SIG_UNBLOCKABLE;
	}
	if (a->edx && copy_to_user(UPTR(a->edx), old, sizeof old))
		return -EFAULT;
	return 0;
}

long linux_sys_rt_sigpending(const struct linux_args *a)
{
	if (a->ecx > LINUX_SIGSET_BYTES)
		return -EINVAL;
	const struct proc *p = current_proc();
	uint32_t set[2] = { p->sig.pending & p->sig.blocked, 0 };
	return copy_to_user(UPTR(a->ebx), set, a->ecx) ? -EFAULT : 0;
}

/* Through the full thunk: the handler that woke it runs on the way out, with the old mask given back after. */
long linux_sys_rt_sigsuspend(const struct linux_args *a)
{
	if (a->ecx != LINUX_SIGSET_BYTES)
		return -EINVAL;
	uint32_t set[2];
	if (copy_from_user(set, UPTR(a->ebx), sizeof set))
		return -EFAULT;
	return svc_sigsuspend(set[0]);
}

/*
 * sigaltstack(ss, old): old gets the stack as it is (SS_ONSTACK while a
 * handler runs on it, SS_DISABLE when there is none); ss, when given,
 * replaces it: -EPERM on it, -EINVAL for other flags (SS_AUTODISARM among
 * them: not kept), -ENOMEM below MINSIGSTKSZ.
 */
long linux_sys_sigaltstack(const struct linux_args *a)
{
	struct proc *p = current_proc();
	uint32_t usp = p->tf->esp;
	struct linux_stack now = { p->linux.altstack_sp, 0, p->linux.altstack_size }, want;
	now.flags = !now.size ? LINUX_SS_DISABLE : on_altstack(p, usp) ? LINUX_SS_ONSTACK : 0;
	if (a->ebx) {
		if (copy_from_user(&want, UPTR(a->ebx), sizeof want))
			return -EFAULT;
		if (now.flags == LINUX_SS_ONSTACK)
			return -EPERM;
		if (want.flags != 0 && want.flags != LINUX_SS_ONSTACK && want.flags != LINUX_SS_DISABLE)
			return -EINVAL;
		if (want.flags == LINUX_SS_DISABLE)
			want.sp = want.size = 0;
		else if (want.size < LINUX_MINSIGSTKSZ)
			return -ENOMEM;   /* any address is taken, as Linux takes it: a frame that cannot go there kills at delivery */
	}
	if (a->ecx && copy_to_user(UPTR(a->ecx), &now, sizeof now))
		return -EFAULT;
	if (a->ebx) {
		p->linux.altstack_sp = want.sp;
		p->linux.altstack_size = want.size;
	}
	return 0;
}
