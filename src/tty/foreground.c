#include "tty/foreground.h"
#include "proc/sched.h"
#include "tty/input.h"
#include <pfgate/errno.h>

#define FG_MAX 16   /* processes of one foreground pipeline */

/* Pids are never reused (a counter), so a stale pid just finds nobody. */
static int fg_pids[FG_MAX];
static unsigned fg_count;

/* The first live process of the foreground (NULL: none). */
static struct proc *first_live(void)
{
	for (unsigned i = 0; i < fg_count; i++) {
		struct proc *p = proc_find_live(fg_pids[i]);
		if (p)
			return p;
	}
	return NULL;
}

int foreground_pid(void)
{
	struct proc *p = first_live();
	return p ? p->pid : 0;
}

/* May the current process name pid as foreground? 0, -ESRCH or -EPERM. */
static long may_take(int pid)
{
	struct proc *self = current_proc();
	for (unsigned i = 0; i < fg_count; i++) {
		struct proc *fg = proc_find_live(fg_pids[i]);
		if (fg && !proc_descends_from(fg, self))
			return -EPERM;
	}
	if (pid != 0) {
		struct proc *target = proc_find_live(pid);
		if (!target)
			return -ESRCH;
		if (target != self && target->parent != self)
			return -EPERM;
	}
	return 0;
}

/* A ^C typed after the command line but before the foreground was named was meant for it. */
static void deliver_early_interrupt(int pid)
{
	if (pid && input_take_interrupt())
		foreground_interrupt();
}

long foreground_set(int pid)
{
	long r = may_take(pid);
	if (r < 0)
		return r;
	fg_pids[0] = pid;
	fg_count = pid != 0;
	deliver_early_interrupt(pid);
	return 0;
}

long foreground_add(int pid)
{
	if (pid == 0)
		return -ESRCH;
	long r = may_take(pid);
	if (r < 0)
		return r;
	if (fg_count == FG_MAX)
		return -EBUSY;
	fg_pids[fg_count++] = pid;
	deliver_early_interrupt(pid);
	return 0;
}

bool foreground_interrupt(void)
{
	bool any = false;
	for (unsigned i = 0; i < fg_count; i++) {
		struct proc *fg = proc_find_live(fg_pids[i]);
		if (fg) {
			proc_kill_tree(fg, KILL_INTERRUPTED);
			any = true;
		}
	}
	return any;
}
