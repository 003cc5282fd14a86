/*
 * Linux's process calls on the kernel's own fork, exec, wait and signals:
 * fork, vfork and clone (fork-like clones only), execve, wait4 and waitpid
 * in Linux's status encoding, kill, tkill and tgkill, the process-group
 * queries (each process its own group until the kernel has groups), and the
 * sleeps. One thread per process: a clone that would share memory, files or
 * signal handlers (a thread) gets -ENOSYS (docs/design.md, "Personalities",
 * lists what threads would need).
 */
#include "linux/linux_calls.h"
#include "linux/linux_time.h"
#include "proc/sched.h"
#include "services/exec.h"
#include "services/wait.h"
#include "mm/uaccess.h"
#include "vfs/vfs.h"
#include "mm/direct_map.h"
#include "drivers/pit.h"
#include "drivers/rtc.h"
#include "lib/string.h"
#include <pfgate/errno.h>
#include <pfgate/signal.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

/* clone's flags (Linux's include/uapi/linux/sched.h). */
#define CSIGNAL              0x000000FFu   /* the signal the parent gets at the child's end */
#define CLONE_VM             0x00000100u
#define CLONE_FS             0x00000200u
#define CLONE_FILES          0x00000400u
#define CLONE_SIGHAND        0x00000800u
#define CLONE_VFORK          0x00004000u
#define CLONE_THREAD         0x00010000u
#define CLONE_SYSVSEM        0x00040000u
#define CLONE_SETTLS         0x00080000u
#define CLONE_PARENT_SETTID  0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_DETACHED       0x00400000u
#define CLONE_UNTRACED       0x00800000u
#define CLONE_CHILD_SETTID   0x01000000u
/* What a thread would share: not served (one thread per process). */
#define CLONE_SHARING (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS)
/*
 * What a fork-like clone may carry. CHILD_CLEARTID is accepted and has
 * nothing to do: its word is in the child's own memory, which nobody reads
 * after the child ends (a thread's joiner would). DETACHED and UNTRACED are
 * ignored by Linux too.
 */
#define CLONE_FORK_FLAGS (CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | \
			  CLONE_DETACHED | CLONE_UNTRACED)
#define LINUX_NSIG 64

/*
 * CLONE_CHILD_SETTID: the child's pid into the child's memory, which shares
 * the parent's pages copy-on-write (a vfork child's is the parent's own):
 * the page is made the child's own first.
 * A word Linux could not write either (unmapped, read-only, or a page the
 * child has not touched yet) is left alone, as Linux leaves a failed write.
 */
static void put_child_word(struct proc *child, uint32_t va, uint32_t value)
{
	if ((va & 3) || !user_addr_range_ok(va, sizeof value))
		return;
	pte_t *pte = vm_lookup(child->pgdir, va);
	if (!pte || !(*pte & PTE_P))
		return;
	if (*pte & PTE_COW)
		vm_cow_fault(child->pgdir, va & ~PAGE_OFFSET_MASK);
	if ((*pte & (PTE_U | PTE_W)) == (PTE_U | PTE_W))
		memcpy((uint8_t *)P2V(*pte & PTE_ADDR_MASK) + (va & PAGE_OFFSET_MASK), &value, sizeof value);
}

/*
 * A vfork's parent sleeps until its child, running in the parent's own
 * address space, gives it back by exec or exit (proc/vm_loan.h). Only what
 * ends the parent ends the wait, as Linux's killable wait: a handled signal
 * waits until after. Killed, the parent leaves the space to the child.
 */
static void wait_for_vfork_child(struct proc *self)
{
	while (self->vm_borrower) {
		proc_check_killed();
		sleep_on_nokill(self, 0);   /* a kill wakes it; a handled signal's wakeup is looked past */
	}
}

/* CLONE_VFORK without CLONE_VM: the child has a copy, and the parent sleeps as for vfork until it execs or ends. */
static void wait_for_vfork_copy(struct proc *c, int pid)
{
	while (c->pid == pid && c->state != P_ZOMBIE && c->state != P_UNUSED && c->linux.vfork_pending) {
		proc_check_killed();
		sleep_on_nokill(current_proc(), 0);
	}
}

/* clone(flags, newsp, parent_tid, tls, child_tid) as fork: the child's pid, or a negative errno. */
static long fork_like(uint32_t flags, uint32_t newsp, uint32_t parent_tid, uint32_t child_tid)
{
	bool vfork = (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);
	uint32_t sharing = flags & CLONE_SHARING & ~(vfork ? CLONE_VM : 0);
	if (sharing)
		return -ENOSYS;   /* a thread, or part of one */
	if ((flags & ~(CLONE_FORK_FLAGS | CLONE_VM | CLONE_VFORK)) || (flags & CSIGNAL) > LINUX_NSIG)
		return -EINVAL;
	if ((flags & CLONE_PARENT_SETTID) && !user_addr_range_ok(parent_tid, sizeof(uint32_t)))
		return -EFAULT;
	int err;
	struct proc *c = proc_fork_copy(&err, vfork);
	if (!c)
		return err;
	int pid = c->pid;
	if (newsp)
		c->tf->esp = newsp;
	if (flags & CLONE_CHILD_SETTID)
		put_child_word(c, child_tid, (uint32_t)pid);
	long ret = pid;
	if ((flags & CLONE_PARENT_SETTID) && copy_to_user(UPTR(parent_tid), &pid, sizeof pid))
		ret = -EFAULT;   /* the child runs all the same (a vfork's parent still waits: two in one space would share a stack) */
	if (vfork) {
		wait_for_vfork_child(current_proc());
	} else if (flags & CLONE_VFORK) {
		c->linux.vfork_pending = true;
		wait_for_vfork_copy(c, pid);
	} else {
		yield();   /* the child runs first, the parent goes on in a fresh slice (docs/design.md, "fork: the child first") */
	}
	return ret;
}

long linux_sys_fork(const struct linux_args *a) { (void)a; return fork_like(SIGCHLD, 0, 0, 0); }
long linux_sys_vfork(const struct linux_args *a) { (void)a; return fork_like(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0); }
/* i386's order: flags, newsp, parent_tid, tls, child_tid. */
long linux_sys_clone(const struct linux_args *a) { return fork_like(a->ebx, a->ecx, a->edx, a->edi); }

#define PROC_SELF_EXE "/proc/self/exe"

/*
 * execve(path, argv, envp), through the full thunk: success rewrites the
 * frame. The path is Linux's: a bare name is in the working directory
 * (made absolute here, since the kernel's loader takes a bare name for the
 * initrd's, as the native spawn asks), "" is -ENOENT. /proc/self/exe (how
 * Debian's sh runs its applets) is the caller's own program, the initrd's
 * one included.
 */
long linux_sys_execve(const struct linux_args *a)
{
	PATH_BUF(path);
	long n = linux_at_path(LINUX_AT_FDCWD, a->ebx, path);
	if (n < 0)
		return n;
	if (!strcmp(path, PROC_SELF_EXE))
		strlcpy_k(path, proc_exe_path(current_proc()), PATH_BUF_LEN);
	return exec_user_args(path, UPTR(a->ecx), UPTR(a->edx));
}

/* wait4's options (Linux's include/uapi/linux/wait.h). No process stops yet: WUNTRACED and WCONTINUED find nothing more. */
#define LINUX_WUNTRACED   0x00000002u
#define LINUX_WCONTINUED  0x00000008u
#define LINUX_WNOTHREAD   0x20000000u
#define LINUX_WALL        0x40000000u
#define LINUX_WCLONE      0x80000000u
#define WAIT_OPTIONS (WNOHANG | LINUX_WUNTRACED | LINUX_WCONTINUED | LINUX_WNOTHREAD | LINUX_WALL | LINUX_WCLONE)
#define RUSAGE_WORDS 18   /* i386's struct rusage: two timevals and fourteen longs */

/*
 * A status as Linux reports it: pfgate's kill reason (bits 8-14 of a
 * signalled status) is pfgate's own, and no core is ever written, so a
 * signalled status is the signal alone (Linux sets WCOREFLAG only when it
 * wrote a core: never with Debian's core limit of 0).
 */
static int linux_status(int status)
{
	return WIFSIGNALED(status) ? WTERMSIG(status) : status;
}

long linux_sys_wait4(const struct linux_args *a)
{
	int pid = (int)a->ebx;
	if (a->edx & ~WAIT_OPTIONS)
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;   /* Linux: -pid would overflow */
	long r = wait_child(pid, a->edx & (WNOHANG | WUNTRACED | WCONTINUED), UPTR(a->ecx), linux_status);
	static const uint32_t no_usage[RUSAGE_WORDS];   /* the kernel keeps no resource counts */
	if (r > 0 && a->esi && copy_to_user(UPTR(a->esi), no_usage, sizeof no_usage))
		return -EFAULT;   /* the child is reaped, as Linux's kernel_wait4 has it */
	return r;
}

long linux_sys_waitpid(const struct linux_args *a)
{
	const struct linux_args w = { a->ebx, a->ecx, a->edx, 0, 0, 0 };
	return linux_sys_wait4(&w);
}

/* Signals 32-64 exist on Linux; the kernel's sets hold 1-31: those are -EINVAL here. */
static long signal_to(int pid, int sig)
{
	if (sig < 0 || sig > LINUX_NSIG)
		return -EINVAL;
	return svc_killsig(pid, sig);   /* the kernel's rule: oneself, one's descendants, one's parent */
}

/* kill: the kernel's rule (proc_send_signal): pid > 0 that process, 0 the caller's group, -g group g, -1 every process the caller may signal but itself. */
long linux_sys_kill(const struct linux_args *a)
{
	int pid = (int)a->ebx;
	return pid == INT32_MIN ? -ESRCH : signal_to(pid, (int)a->ecx);
}

/* One thread per process: a thread id is its process's id. */
long linux_sys_tkill(const struct linux_args *a)
{
	int tid = (int)a->ebx;
	return tid <= 0 ? -EINVAL : signal_to(tid, (int)a->ecx);
}

long linux_sys_tgkill(const struct linux_args *a)
{
	int tgid = (int)a->ebx, tid = (int)a->ecx;
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	return tgid != tid ? -ESRCH : signal_to(tid, (int)a->edx);
}

/* Process groups and sessions: the kernel's (proc/pgrp.c), as the native gates have them. */
long linux_sys_getpgrp(const struct linux_args *a) { (void)a; return svc_getpgid(0); }
long linux_sys_getpgid(const struct linux_args *a) { return svc_getpgid((int)a->ebx); }
long linux_sys_setpgid(const struct linux_args *a) { return svc_setpgid((int)a->ebx, (int)a->ecx); }
long linux_sys_setsid(const struct linux_args *a) { (void)a; return svc_setsid(); }

long linux_sys_getsid(const struct linux_args *a)
{
	int pid = (int)a->ebx;
	struct proc *p = pid == 0 ? current_proc() : proc_find_live(pid);
	return p ? p->sid : -ESRCH;
}

long linux_sys_alarm(const struct linux_args *a) { return svc_alarm(a->ebx); }


/* Sleep until uptime deadline: 0, or -EINTR with *left the milliseconds still to sleep. */
static long sleep_until(uint64_t deadline, uint32_t *left)
{
	for (uint64_t now; (now = uptime_ms()) < deadline;)
		if (sleep_on_any_signal(NULL, deadline)) {
			uint64_t rest = deadline - now;
			*left = rest > UINT32_MAX ? UINT32_MAX : (uint32_t)rest;
			return -EINTR;
		}
	return 0;
}

/* A duration in milliseconds, rounded up (the kernel's clock counts them). */
static uint64_t to_ms(int64_t sec, int32_t nsec)
{
	return (uint64_t)sec * MSEC_PER_SEC + ((uint32_t)nsec + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
}

/*
 * clock_nanosleep(clock, flags, req, rem): relative, or until an absolute
 * time of that clock; glibc takes the 32-bit call while the time fits in it.
 */
static long clock_sleep(uint32_t clock, uint32_t flags, int64_t sec, int32_t nsec, uint32_t *left)
{
	if (clock != LINUX_CLOCK_REALTIME && clock != LINUX_CLOCK_MONOTONIC)
		return -EINVAL;
	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	/*
	 * The tick's time may be up to a tick behind the vDSO's clocks (they add
	 * the TSC's cycles since): a relative sleep waits one tick more, so that
	 * those clocks see at least the time asked for pass, as on Linux.
	 */
	uint64_t now = uptime_ms(), asked = to_ms(sec, nsec), deadline = now + asked + (asked ? MS_PER_TICK : 0);
	if (flags & LINUX_TIMER_ABSTIME) {   /* the clock's now as clock_gettime64 tells it (linux_clock_now) */
		uint32_t real_ms, real_sec = rtc_unix_time_ms(&real_ms);
		uint64_t clock_now = clock == LINUX_CLOCK_MONOTONIC ? now : (uint64_t)real_sec * MSEC_PER_SEC + real_ms;
		uint64_t until = to_ms(sec, nsec);
		deadline = now + (until > clock_now ? until - clock_now : 0);
	}
	long r = sleep_until(deadline, left);
	if (r && !(flags & LINUX_TIMER_ABSTIME) && *left > asked)
		*left = (uint32_t)asked;   /* the tick added above is not the caller's time */
	return r;
}

long linux_sys_clock_nanosleep_time64(const struct linux_args *a)
{
	struct linux_timespec64 req;
	if (copy_from_user(&req, UPTR(a->edx), sizeof req))
		return -EFAULT;
	uint32_t left;
	long r = clock_sleep(a->ebx, a->ecx, req.sec, (int32_t)req.nsec, &left);   /* Linux on i386 reads nsec's low half only */
	if (r != -EINTR || (a->ecx & LINUX_TIMER_ABSTIME) || !a->esi)
		return r;
	struct linux_timespec64 rem = { left / MSEC_PER_SEC, (int64_t)(left % MSEC_PER_SEC) * NSEC_PER_MSEC };
	return copy_to_user(UPTR(a->esi), &rem, sizeof rem) ? -EFAULT : r;
}

long linux_sys_clock_nanosleep(const struct linux_args *a)
{
	struct linux_timespec32 req;
	if (copy_from_user(&req, UPTR(a->edx), sizeof req))
		return -EFAULT;
	uint32_t left;
	long r = clock_sleep(a->ebx, a->ecx, req.sec, req.nsec, &left);
	if (r != -EINTR || (a->ecx & LINUX_TIMER_ABSTIME) || !a->esi)
		return r;
	struct linux_timespec32 rem = { (int32_t)(left / MSEC_PER_SEC), (int32_t)((left % MSEC_PER_SEC) * NSEC_PER_MSEC) };
	return copy_to_user(UPTR(a->esi), &rem, sizeof rem) ? -EFAULT : r;
}

/* nanosleep(req, rem): clock_nanosleep's relative sleep on the monotonic clock. */
long linux_sys_nanosleep(const struct linux_args *a)
{
	const struct linux_args c = { LINUX_CLOCK_MONOTONIC, 0, a->ebx, a->ecx, 0, 0 };
	return linux_sys_clock_nanosleep(&c);
}
