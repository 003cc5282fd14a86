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

#endif
