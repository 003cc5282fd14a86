/*
 * Signals, shared by kernel and user: THE table. Numbers are Linux i386's
 * (the Linux personality reuses them). The constants, the kernel's default
 * actions and abi.json's signal group (src/kernel/abi_export.c) are all
 * expanded from this one list.
 */
#ifndef PFGATE_SIGNAL_H
#define PFGATE_SIGNAL_H

/* What a signal does when nobody handles it (POSIX's default actions). */
#define SIG_DFL_TERM 1   /* the process ends */
#define SIG_DFL_CORE 2   /* it ends with a report (pfgate's core dump), WCOREDUMP set */
#define SIG_DFL_IGN  3   /* nothing happens */
#define SIG_DFL_STOP 4   /* it stops until SIGCONT */
#define SIG_DFL_CONT 5   /* a stopped process goes on */

/* X(name, number, default action, what it means) */
#define PFGATE_SIGNALS(X) \
	X(SIGHUP,     1, SIG_DFL_TERM, "hangup") \
	X(SIGINT,     2, SIG_DFL_TERM, "interrupt") \
	X(SIGQUIT,    3, SIG_DFL_CORE, "quit") \
	X(SIGILL,     4, SIG_DFL_CORE, "illegal instruction") \
	X(SIGTRAP,    5, SIG_DFL_CORE, "trace trap") \
	X(SIGABRT,    6, SIG_DFL_CORE, "aborted") \
	X(SIGBUS,     7, SIG_DFL_CORE, "bus error") \
	X(SIGFPE,     8, SIG_DFL_CORE, "arithmetic exception") \
	X(SIGKILL,    9, SIG_DFL_TERM, "killed") \
	X(SIGUSR1,   10, SIG_DFL_TERM, "user signal 1") \
	X(SIGSEGV,   11, SIG_DFL_CORE, "segmentation fault") \
	X(SIGUSR2,   12, SIG_DFL_TERM, "user signal 2") \
	X(SIGPIPE,   13, SIG_DFL_TERM, "broken pipe") \
	X(SIGALRM,   14, SIG_DFL_TERM, "alarm clock") \
	X(SIGTERM,   15, SIG_DFL_TERM, "terminated") \
	X(SIGSTKFLT, 16, SIG_DFL_TERM, "stack fault") \
	X(SIGCHLD,   17, SIG_DFL_IGN,  "child status changed") \
	X(SIGCONT,   18, SIG_DFL_CONT, "continued") \
	X(SIGSTOP,   19, SIG_DFL_STOP, "stopped (signal)") \
	X(SIGTSTP,   20, SIG_DFL_STOP, "stopped") \
	X(SIGTTIN,   21, SIG_DFL_STOP, "stopped (tty input)") \
	X(SIGTTOU,   22, SIG_DFL_STOP, "stopped (tty output)") \
	X(SIGURG,    23, SIG_DFL_IGN,  "urgent I/O condition") \
	X(SIGXCPU,   24, SIG_DFL_CORE, "CPU time limit exceeded") \
	X(SIGXFSZ,   25, SIG_DFL_CORE, "file size limit exceeded") \
	X(SIGVTALRM, 26, SIG_DFL_TERM, "virtual timer expired") \
	X(SIGPROF,   27, SIG_DFL_TERM, "profiling timer expired") \
	X(SIGWINCH,  28, SIG_DFL_IGN,  "window changed") \
	X(SIGIO,     29, SIG_DFL_TERM, "I/O possible") \
	X(SIGPWR,    30, SIG_DFL_TERM, "power failure") \
	X(SIGSYS,    31, SIG_DFL_CORE, "bad system call")

enum {
#define SIGNAL_ENUM(name, num, dfl, text) name = (num),
	PFGATE_SIGNALS(SIGNAL_ENUM)
#undef SIGNAL_ENUM
};
#define NSIG_MAX 31   /* the highest signal number (no real-time signals yet) */

/*
 * A wait status, as POSIX's W* macros read it (Linux's layout):
 *   exited:    the exit code in bits 8-15, bits 0-6 zero;
 *   signalled: the signal in bits 0-6, WCOREFLAG for a core action and,
 *              pfgate's addition, the kernel's kill reason (abi.h,
 *              KILL_REASONS) in bits 8-14 when the kernel ended it
 *              (0 for a plain signal; Linux always has 0 there);
 *   stopped:   0x7f, the signal in bits 8-15; continued: 0xffff.
 */
#define WCOREFLAG            0x80
#define W_EXITCODE(code)     (((code) & 0xFF) << 8)
#define W_SIGNALLED(sig, core, reason) ((sig) | ((core) ? WCOREFLAG : 0) | (((reason) & 0x7F) << 8))
#define W_STOPCODE(sig)      (((sig) << 8) | 0x7F)
#define W_CONTINUED          0xFFFF
#define WIFEXITED(s)         (((s) & 0x7F) == 0)
#define WEXITSTATUS(s)       (((s) >> 8) & 0xFF)
#define WIFSIGNALED(s)       (((s) & 0x7F) != 0 && ((s) & 0x7F) != 0x7F)
#define WTERMSIG(s)          ((s) & 0x7F)
#define WCOREDUMP(s)         ((s) & WCOREFLAG)
#define WIFSTOPPED(s)        (((s) & 0xFF) == 0x7F)
#define WSTOPSIG(s)          WEXITSTATUS(s)
#define WIFCONTINUED(s)      ((s) == W_CONTINUED)
/* pfgate's: the kernel's reason for a kill (0: a plain signal, or not signalled). */
#define WKILLREASON(s)       (WIFSIGNALED(s) ? ((s) >> 8) & 0x7F : 0)

/* sigaction: Linux i386's values. */
#define SIG_DFL 0UL                 /* the default action */
#define SIG_IGN 1UL                 /* ignored */
#define SA_NOCLDSTOP 0x00000001UL   /* no SIGCHLD when a child stops */
#define SA_SIGINFO   0x00000004UL   /* handler(sig, siginfo *, ucontext *) */
#define SA_ONSTACK   0x08000000UL   /* on the sigaltstack (Linux programs only) */
#define SA_RESTART   0x10000000UL   /* a blocked call is made again after the handler (a native gate: goes on sleeping) */
#define SA_NODEFER   0x40000000UL   /* the signal is not blocked while its handler runs */
#define SA_RESETHAND 0x80000000UL   /* back to SIG_DFL once delivered */
#define SA_KNOWN_FLAGS (SA_NOCLDSTOP | SA_SIGINFO | SA_RESTART | SA_NODEFER | SA_RESETHAND)

/* sigprocmask's how */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* A set of signals: bit sig - 1 for signal sig. */
#define SIGMASK(sig) (1UL << ((sig) - 1))
/* What no mask may hold: SIGKILL and SIGSTOP cannot be blocked, handled or ignored. */
#define SIG_UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))
/* The signals whose default action stops the process; SIGCONT discards them pending, and they a pending SIGCONT. */
#define SIG_STOP_SIGNALS (SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))

/* Linux i386's old_sigaction: what the sigaction gate reads and writes. */
struct pf_sigaction {
	unsigned long sa_handler;    /* SIG_DFL, SIG_IGN or the handler's address */
	unsigned long sa_mask;       /* blocked, with the signal itself, while the handler runs */
	unsigned long sa_flags;      /* SA_* */
	unsigned long sa_restorer;   /* ignored: the handler returns to the sigreturn gate */
};

/* si_code values */
#define SI_USER   0       /* kill */
#define SI_KERNEL 0x80    /* the kernel's own (^C, a fault that is not a page's) */
#define SEGV_MAPERR 1     /* SIGSEGV from a page fault: nothing mapped there */
#define SEGV_ACCERR 2     /* SIGSEGV from a page fault: mapped, the access not allowed */
#define ILL_ILLOPN 2      /* SIGILL from #UD */
#define FPE_INTDIV 1      /* SIGFPE from a division by zero (#DE) */
#define BUS_ADRALN 1      /* SIGBUS from #AC: a misaligned access with EFLAGS.AC set */
#define TRAP_TRACE 2      /* SIGTRAP from a single step (#DB with EFLAGS.TF) */

/* Linux i386's siginfo_t, the fields pfgate fills (the rest zero). */
struct pf_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		struct { int pid; unsigned uid; } kill;   /* SI_USER: who sent it */
		struct { unsigned long addr; } fault;      /* SIGSEGV and the other faults: CR2 or EIP */
		int pad[29];
	} fields;
};

/*
 * The saved registers, Linux i386's struct sigcontext: each segment
 * register in the low half of its word.
 */
struct pf_sigcontext {
	unsigned long gs, fs, es, ds;
	unsigned long edi, esi, ebp, esp, ebx, edx, ecx, eax;
	unsigned long trapno, err, eip, cs, eflags, esp_at_signal, ss;
	unsigned long fpstate;       /* the user address of the frame's fpstate */
	unsigned long oldmask;       /* the mask to restore (as uc_sigmask) */
	unsigned long cr2;
};

/*
 * The frame's FPU state: the kernel's image of the process's FPU as it keeps
 * it (proc/fpu.h), fxsave's 512 bytes where the CPU has FXSR and SSE, else
 * fnsave's 108 at its start. (A Linux program's frames carry Linux's
 * _fpstate instead, an fnsave-layout header before the fxsave image:
 * src/linux/linux_signal.c converts.)
 */
#define PF_FPSTATE_SIZE 512

struct pf_ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct { unsigned long ss_sp; int ss_flags; unsigned long ss_size; } uc_stack;
	struct pf_sigcontext uc_mcontext;
	unsigned long uc_sigmask[2];   /* the mask to restore; word 0 holds signals 1-32 */
};

/*
 * What delivery pushes on the user stack, Linux i386's rt_sigframe layout:
 * the handler is entered with ESP at pretcode, so its own `ret` goes to the
 * sigreturn gate (a gate call), which finds the frame at ESP - 8 after the
 * gate's emulated `ret` popped sig. sigreturn restores everything from uc
 * and fpstate, refusing what ring 3 could not have set itself.
 */
struct pf_sigframe {
	unsigned long pretcode;      /* the sigreturn gate's address */
	int sig;
	unsigned long pinfo;         /* &info */
	unsigned long puc;           /* &uc */
	struct pf_siginfo info;
	struct pf_ucontext uc;
	unsigned char fpstate[PF_FPSTATE_SIZE];
};

#endif
