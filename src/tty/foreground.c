#include "tty/foreground.h"
#include "proc/sched.h"
#include "proc/pgrp.h"
#include "tty/input.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

/* Pids are never reused (a counter), so a group or session whose processes are gone stays empty. */
static int fg_pgid, fg_sid;

int foreground_pgid(void) { return fg_pgid; }

/*
 * The current process, about to use the console as only its foreground may
 * (sig: SIGTTIN to read, SIGTTOU to name the foreground): 0 if it may; sig
 * to a background caller's group, which stops it until continued and checks
 * again; -EINTR if it handles sig; refused if it ignores or blocks it;
 * -EIO if its group is orphaned (nobody would continue it).
 */
static long background_check(int sig, long refused)
{
	struct proc *p = current_proc();
	while (fg_sid && p->sid == fg_sid && p->pgid != fg_pgid) {
		proc_check_killed();   /* a killed process is sent nothing more: it must not loop here */
		if (signal_ignored(p, sig) || signal_blocked(p, sig))
			return refused;
		if (proc_group_orphaned(p->pgid))
			return -EIO;   /* a stop nobody would continue (POSIX): refused, as Linux */
		proc_signal_group(p->pgid, sig, 0);
		if (signal_handled(p, sig))
			return -EINTR;
		signal_stop_point();   /* stopped until SIGCONT (a kill ends it there) */
	}
	return 0;
}

long foreground_set_group(int pgid)
{
	struct proc *self = current_proc();
	if (pgid <= 0)
		return -EINVAL;
	if (!fg_sid || fg_sid != self->sid)
		return -ENOTTY;
	long r = background_check(SIGTTOU, 0);
	if (r)
		return r;
	if (!proc_group_in_session(pgid, self->sid))
		return -EPERM;
	fg_pgid = pgid;
	if (proc_group_acts(pgid, SIGINT) && input_take_interrupt())
		proc_signal_group(pgid, SIGINT, KILL_INTERRUPTED);
	return 0;
}

void foreground_give_console(int sid)
{
	fg_sid = fg_pgid = sid;
}

long foreground_take_console(bool steal)
{
	struct proc *self = current_proc();
	if (self->pid != self->sid)
		return -EPERM;
	if (fg_sid == self->sid)
		return 0;
	if (fg_sid && proc_session_alive(fg_sid) && !steal)
		return -EPERM;
	fg_sid = self->sid;
	fg_pgid = self->pgid;
	return 0;
}

/* The console's session ends its hold: its foreground group hears it (SIGCONT wakes a stopped one to hear it). */
static void hang_up(void)
{
	int pgid = fg_pgid;
	fg_sid = fg_pgid = 0;
	if (pgid) {
		proc_signal_group(pgid, SIGHUP, 0);
		proc_signal_group(pgid, SIGCONT, 0);
	}
}

long foreground_drop_console(void)
{
	struct proc *self = current_proc();
	if (!fg_sid || fg_sid != self->sid)
		return -ENOTTY;
	if (self->pid == self->sid)
		hang_up();
	return 0;
}

bool foreground_is_controlling(void)
{
	return fg_sid && fg_sid == current_proc()->sid;
}

void foreground_leader_exit(const struct proc *leader)
{
	if (fg_sid && leader->pid == leader->sid && leader->sid == fg_sid)
		hang_up();
}

long foreground_group(void)
{
	return fg_sid && fg_sid == current_proc()->sid ? fg_pgid : -ENOTTY;
}

bool foreground_key(int sig)
{
	return fg_pgid && proc_signal_group(fg_pgid, sig, sig == SIGINT ? KILL_INTERRUPTED : 0) != 0;
}

long foreground_read_check(void)
{
	return background_check(SIGTTIN, -EIO);
}
