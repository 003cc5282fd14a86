#include "tty/foreground.h"
#include "proc/sched.h"
#include "tty/input.h"
#include <pfgate/errno.h>

/* Pids are never reused (a counter), so a stale pid just finds nobody. */
static int fg_pid;

int foreground_pid(void)
{
	return proc_find_live(fg_pid) ? fg_pid : 0;
}

long foreground_set(int pid)
{
	struct proc *self = current_proc();
	struct proc *fg = proc_find_live(fg_pid);
	if (fg && !proc_descends_from(fg, self))
		return -EPERM;
	if (pid != 0) {
		struct proc *target = proc_find_live(pid);
		if (!target)
			return -ESRCH;
		if (target != self && target->parent != self)
			return -EPERM;
	}
	fg_pid = pid;
	/* A ^C typed after the command line but before this call was meant for the program. */
	if (pid && input_take_interrupt())
		proc_kill_tree(proc_find_live(pid), KILL_INTERRUPTED);
	return 0;
}

bool foreground_interrupt(void)
{
	struct proc *fg = proc_find_live(fg_pid);
	if (!fg)
		return false;
	proc_kill_tree(fg, KILL_INTERRUPTED);
	return true;
}
