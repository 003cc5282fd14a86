/* Process groups and sessions (proc/pgrp.h). */
#include "proc/pgrp.h"
#include "proc/sched.h"
#include <pfgate/errno.h>

static bool live(const struct proc *p)
{
	return p->state != P_UNUSED && p->state != P_EMBRYO && p->state != P_ZOMBIE;
}

/* A zombie stays in its group until it is reaped, as on Linux: a pipeline's later members join a leader that has ended already. */
static bool in_a_group(const struct proc *p)
{
	return p->state != P_UNUSED && p->state != P_EMBRYO;
}

bool proc_group_in_session(int pgid, int sid)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (in_a_group(p) && p->pgid == pgid && p->sid == sid)
			return true;
	return false;
}

bool proc_session_alive(int sid)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (live(p) && p->sid == sid)
			return true;
	return false;
}

long proc_setpgid(int pid, int pgid)
{
	struct proc *self = current_proc();
	if (pgid < 0)
		return -EINVAL;
	struct proc *p = pid == 0 ? self : proc_find_live(pid);
	if (!p || (p != self && p->parent != self))
		return -ESRCH;
	if (p->sid != self->sid)
		return -EPERM;
	if (p != self && p->execed)
		return -EACCES;   /* POSIX: a child that has exec'd (here: or was spawned) is out of its parent's reach */
	if (p->sid == p->pid)
		return -EPERM;
	if (pgid == 0)
		pgid = p->pid;
	if (pgid != p->pid && !proc_group_in_session(pgid, self->sid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

long proc_getpgid(int pid)
{
	struct proc *p = pid == 0 ? current_proc() : proc_find_live(pid);
	return p ? p->pgid : -ESRCH;
}

long proc_setsid(void)
{
	struct proc *self = current_proc();
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (live(p) && p->pgid == self->pid)
			return -EPERM;   /* it leads a group already (it may be the only member) */
	self->pgid = self->sid = self->pid;
	return self->sid;
}

bool proc_group_acts(int pgid, int sig)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (live(p) && p->pgid == pgid && !signal_ignored(p, sig))
			return true;
	return false;
}

unsigned proc_signal_group(int pgid, int sig, enum kill_reason why)
{
	unsigned acting = 0;
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (live(p) && p->pgid == pgid) {
			acting += !signal_ignored(p, sig);
			signal_post(p, sig, 0, why);
		}
	return acting;
}

/* Has group pgid a live member whose parent (not except) is outside the group but in its session? */
static bool group_has_outside_parent(int pgid, const struct proc *except)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++) {
		const struct proc *up = p->parent;
		if (live(p) && p->pgid == pgid && up && up != except && up->pgid != pgid && up->sid == p->sid)
			return true;
	}
	return false;
}

bool proc_group_orphaned(int pgid)
{
	return !group_has_outside_parent(pgid, NULL);
}

static bool group_has_stopped(int pgid)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (p->state == P_STOPPED && p->pgid == pgid)
			return true;
	return false;
}

void proc_orphan_groups(const struct proc *dying)
{
	for (const struct proc *c = dying->children; c; c = c->sibling) {
		if (!live(c) || c->pgid == dying->pgid || c->sid != dying->sid)
			continue;
		if (group_has_stopped(c->pgid) && !group_has_outside_parent(c->pgid, dying)) {
			proc_signal_group(c->pgid, SIGHUP, 0);
			proc_signal_group(c->pgid, SIGCONT, 0);
		}
	}
}

static bool may_signal(const struct proc *self, const struct proc *p, int sig)
{
	return proc_descends_from(p, self) || p == self->parent || (sig == SIGCONT && p->sid == self->sid);
}

long proc_send_signal(int pid, int sig)
{
	struct proc *self = current_proc();
	if (sig < 0 || sig > NSIG_MAX || -(pid + 1) == 0x7FFFFFFF)   /* INT_MIN: no group -pid */
		return -EINVAL;
	if (pid > 0) {   /* one process: found without a scan of the whole table (raise's path) */
		struct proc *p = proc_find_live(pid);
		if (!p)
			return -ESRCH;
		if (!may_signal(self, p, sig))
			return -EPERM;
		if (sig)
			signal_post(p, sig, self->pid, 0);
		return 0;
	}
	int pgid = pid == 0 ? self->pgid : -pid;
	bool found = false, sent = false;
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++) {
		if (!live(p))
			continue;
		bool target = pid == -1 ? p != self : p->pgid == pgid;
		if (!target)
			continue;
		found = true;
		if (!may_signal(self, p, sig))
			continue;
		sent = true;
		if (sig)
			signal_post(p, sig, self->pid, 0);
	}
	return sent ? 0 : found ? -EPERM : -ESRCH;
}
