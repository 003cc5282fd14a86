/*
 * Signals (the ABI: pfgate/signal.h): per-process dispositions, mask and
 * pending set; sending; delivery on the way back to user mode, which builds
 * a frame on the user stack whose return address is the sigreturn gate; and
 * sigreturn, which restores it and refuses what ring 3 could not have set.
 *
 * When a sent signal takes effect: a default action that ends the process
 * is a kill (exits where kills exit: its next sleep, tick in user mode or
 * preemption point). A handled one waits in the pending set and runs at the
 * next return to user mode through a full frame: a full-frame gate (the
 * sender's own killsig for a signal to itself, sigreturn, sigsuspend), an
 * interrupt or fault taken in user mode (the next timer tick at the latest).
 * A sleeping receiver is woken: its call returns -EINTR, or (a read, write
 * or wait whose handler has SA_RESTART, or a signal that runs no handler)
 * is made again after the handler, as Linux's are; a timed sleep is never
 * made again. The handler runs before the caller sees the return: the calls
 * that can make a signal deliverable leave through a full frame when one is
 * (signal_call_return: native INTR_GATEs, Linux calls, int 0x80).
 */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

#include <stdint.h>
#include <stdbool.h>
#include <pfgate/signal.h>
#include <pfgate/abi.h>
#include "arch/trap_frame.h"
#include "pfgate/upcalls.h"   /* signal_deliver(tf), which full-frame gates call */

struct sig_action {
	uint32_t handler;   /* SIG_DFL, SIG_IGN or a user address */
	uint32_t mask;      /* added to the mask while it runs */
	uint32_t flags;     /* SA_* */
};

struct proc_signals {
	uint32_t pending, blocked;   /* SIGMASK(sig) bits */
	uint32_t suspend_mask;       /* sigsuspend: the mask to give back after the handler */
	bool suspended;              /* suspend_mask is the one to restore */
	bool restart;                /* the last interrupted sleep's call may be made again (signal_call_return decides) */
	uint16_t sender[NSIG_MAX + 1];   /* the pid that sent each pending signal (0: the kernel) */
	struct sig_action action[NSIG_MAX + 1];
};

struct proc;

/* Where a handler starts: its ESP (at the frame's pretcode) and its second and third regparm arguments. */
struct sig_entry { uint32_t sp, edx, ecx; };

/* What a stopped or continued child's parent has not been told yet (struct proc's wait_report). */
enum { WAIT_REPORT_NONE, WAIT_REPORT_STOP, WAIT_REPORT_CONT };

/*
 * Send sig to p (why: the kill reason its default action records, 0 for none). No permission check.
 * Stop and continue (POSIX): a stop signal whose action is the default one
 * pends, and the process stops at its next stop point: a sleep (before it
 * sleeps, and where it wakes: the sleep goes on after SIGCONT, as if never
 * interrupted), a background read of the console, or its way back to user
 * mode through a full frame (signal_deliver: the tick that finds it in user
 * mode at the latest). A stopped process is P_STOPPED, on no list; its
 * parent is told (wait's WUNTRACED, SIGCHLD unless SA_NOCLDSTOP). SIGCONT,
 * whatever its disposition, discards pending stops and makes a stopped
 * process runnable (WCONTINUED, SIGCHLD); a stop signal discards a pending
 * SIGCONT. A signal that ends the process ends a stopped one too (SIGKILL
 * and any default-terminating one, as Linux); a handled one waits for
 * SIGCONT.
 */
void signal_post(struct proc *p, int sig, int from_pid, enum kill_reason why);
/* The current process stops here if a stop signal is pending (see signal_post); it returns once continued. */
void signal_stop_point(void);
/* p ignores sig now (SIG_IGN, or SIG_DFL whose default is to ignore): a sender may tell nobody acts on it. */
bool signal_ignored(const struct proc *p, int sig);
/* p blocks sig or handles it (neither ignored nor its default action). */
bool signal_blocked(const struct proc *p, int sig);
bool signal_handled(const struct proc *p, int sig);
/*
 * alarm(seconds) for p at uptime now: SIGALRM then (0: none); returns the
 * whole seconds left of the alarm it replaces (rounded up; 0: there was none).
 * Longer than about 46 days is 46 days (signal.c's ALARM_MAX_SECONDS).
 */
unsigned long signal_alarm(struct proc *p, uint64_t now, unsigned long seconds);
/*
 * setitimer(ITIMER_REAL) for p at uptime now: SIGALRM in value_ms (0: none),
 * then every interval_ms (0: once); alarm()'s timer, so either replaces the
 * other. *old_value_ms and *old_interval_ms get what it replaces (the value
 * left, 0 when none). Millisecond counts above SIGNAL_TIMER_MAX_MS are that.
 */
#define SIGNAL_TIMER_MAX_MS 4000000000u
void signal_itimer(struct proc *p, uint64_t now, uint32_t value_ms, uint32_t interval_ms,
                   uint32_t *old_value_ms, uint32_t *old_interval_ms);
/* From the timer: SIGALRM to every process whose alarm is due (looks at the table only when one is). */
void signal_alarm_tick(uint64_t now);
/*
 * signal_deliver(tf) (declared in pfgate/upcalls.h): on the way back to
 * user mode with a full frame tf of the current process, take the first
 * deliverable signal (default actions: exit or nothing) and, for a handler,
 * build its frame and point tf at the handler.
 */
/* A user fault: if its signal has a handler (not blocked), the handler runs (true); else the caller kills. */
bool signal_fault(struct trap_frame *tf, uint32_t cr2, enum kill_reason why);
/* sigreturn: the frame the handler returned past, restored into tf, or a kill with a report. */
void signal_return(struct trap_frame *tf);
/*
 * sigreturn's common half, for both personalities' frames (frame: its user
 * address, for the report): the registers of sc into tf, the mask, the FPU
 * state (NULL: the fresh one); a kill with a report if sc holds what ring 3
 * could not have set itself.
 */
void signal_restore(struct trap_frame *tf, const struct pf_sigcontext *sc, uint32_t mask, const uint8_t *fpu,
		    uint32_t frame);
/* For a frame builder (the Linux personality's): the siginfo (zeroed by the caller, with its frame), the saved registers, the FPU image (p then starts from the fresh state). */
void signal_fill_info(struct pf_siginfo *info, int sig, int code, uint32_t detail);
void signal_fill_context(struct pf_sigcontext *sc, const struct trap_frame *tf, uint32_t fpstate, uint32_t oldmask,
			 int code, uint32_t detail);
void signal_take_fpu(struct proc *p, uint8_t *out);
/*
 * A sleeper of the current process should stop sleeping: a deliverable
 * signal that ends it or is handled. Its caller gives up with -EINTR;
 * restartable (a read, write or wait, not a timed sleep): its call may be
 * made again, which its way back to user mode decides (signal_call_return).
 */
bool signal_interrupts_sleep(bool restartable);
/* How to make an interrupted call again: its gate (or int 0x80) and its registers as called. */
struct call_again { uint32_t eip, esp, eax, ecx, edx; };
/*
 * A call's way back to user mode with a full frame tf that holds its return
 * (EAX the result): a call that an SA_RESTART handler's signal interrupted
 * (-EINTR from a restartable sleep), or one no handler's signal
 * interrupted, takes again's registers instead, so that it is made again
 * once the handler returns; then signal_deliver(tf).
 */
void signal_call_return(struct trap_frame *tf, const struct call_again *again);
/* The INTR_GATEs' way out when a signal is deliverable (proc/intr_gate.asm): tf at the gate, as called. */
void signal_gate_return(struct trap_frame *tf, long result, uint32_t ret_addr);
/* fork: the child's copy (dispositions, mask; nothing pending). exec: handled ones back to default. */
void signal_fork(struct proc *child, const struct proc *parent);
void signal_exec(struct proc *p);

#endif
