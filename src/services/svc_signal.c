/* Signal services: dispositions, the mask, the pending set, sending, waiting for one, returning from a handler. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "proc/pgrp.h"
#include <pfgate/signal.h>
#include <pfgate/errno.h>

long svc_sigaction(int sig, const struct pf_sigaction __user *uact, struct pf_sigaction __user *uold)
{
	if (sig <= 0 || sig > NSIG_MAX)
		return -EINVAL;
	struct proc *p = current_proc();
	struct sig_action *cur = &p->sig.action[sig];
	struct pf_sigaction act, old = { cur->handler, cur->mask, cur->flags, 0 };
	if (uact) {
		if (copy_from_user(&act, uact, sizeof act))
			return -EFAULT;
		if ((SIGMASK(sig) & SIG_UNBLOCKABLE) || (act.sa_flags & ~SA_KNOWN_FLAGS))
			return -EINVAL;
	}
	if (uold && copy_to_user(uold, &old, sizeof old))
		return -EFAULT;
	if (uact) {
		*cur = (struct sig_action){ act.sa_handler, act.sa_mask & ~SIG_UNBLOCKABLE, act.sa_flags };
		if (act.sa_handler == SIG_IGN || (act.sa_handler == SIG_DFL && signal_default_action(sig) == SIG_DFL_IGN))
			p->sig.pending &= ~SIGMASK(sig);   /* POSIX: a pending signal set to be ignored is discarded */
	}
	return 0;
}

long svc_sigprocmask(int how, const unsigned long __user *uset, unsigned long __user *uold)
{
	struct proc *p = current_proc();
	unsigned long old = p->sig.blocked, set = 0;
	if (uset && copy_from_user(&set, uset, sizeof set))
		return -EFAULT;
	if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	if (uold && copy_to_user(uold, &old, sizeof old))
		return -EFAULT;
	if (!uset)
		return 0;
	unsigned long now = how == SIG_BLOCK ? old | set : how == SIG_UNBLOCK ? old & ~set : set;
	p->sig.blocked = (uint32_t)now & ~SIG_UNBLOCKABLE;
	/* What this unblocked runs at the next tick in user mode (a lean gate returns without looking). */
	return 0;
}

long svc_sigpending(unsigned long __user *uset)
{
	unsigned long set = current_proc()->sig.pending & current_proc()->sig.blocked;
	return copy_to_user(uset, &set, sizeof set) ? -EFAULT : 0;
}

/* Through its full-frame thunk: the handler that woke it runs on the way out, with this mask given back after. */
long svc_sigsuspend(unsigned long mask)
{
	struct proc *p = current_proc();
	p->sig.suspend_mask = p->sig.blocked;
	p->sig.suspended = true;
	p->sig.blocked = (uint32_t)mask & ~SIG_UNBLOCKABLE;
	while (!(p->sig.pending & ~p->sig.blocked))
		sleep_on(&p->sig, 0);   /* signal_post wakes it; a kill exits here */
	p->sig.restart_due = false;   /* never made again (Linux's -ERESTARTNOHAND): the handler ran, it is done */
	return -EINTR;
}

/*
 * kill(pid, sig) with POSIX's targets and who may signal whom
 * (proc/pgrp.h, proc_send_signal). Through its full-frame thunk: a signal
 * to oneself (or to one's own group) runs its handler, or stops the caller,
 * before the call returns.
 */
long svc_killsig(int pid, int sig)
{
	return proc_send_signal(pid, sig);
}

long svc_sigreturn(void)
{
	signal_return(current_proc()->tf);
	return 0;   /* the thunk writes nothing back: the frame is the restored one */
}
