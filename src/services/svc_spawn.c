/* spawn, fork, exec and wait: starting children (with a subset of one's gates), replacing one's image, reaping. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "arch/long_work.h"
#include "services/exec.h"
#include "services/wait.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

/*
 * spawn(path, argv, gates): argv is a NULL-terminated array (or NULL for
 * just the program name); gates points at GATE_COUNT bits (or is NULL to
 * inherit). The child gets the intersection with the caller's own set, so a
 * child can never gain a gate. argv has exec's limits; a bad pointer or an
 * argument past them creates nothing.
 */
long svc_spawn(const char __user *upath, const char __user *const __user *uargv,
	       const unsigned long __user *ugates)
{
	PATH_BUF(path);
	long n = strncpy_from_user(path, upath, PATH_MAX_LEN);
	if (n < 0)
		return n;

	/* The arguments stay where they lie until the child's stack takes them (proc/args.h). */
	struct proc_args args = { .user = true, .uargv = uargv };
	struct proc *self = current_proc();
	struct gate_set set = self->gates;
	if (ugates) {
		struct gate_set want;
		if (copy_from_user(&want, ugates, sizeof want))
			return -EFAULT;
		for (unsigned i = 0; i < GATE_SET_WORDS; i++)
			set.bits[i] &= want.bits[i];
	}
	long pid = proc_spawn_args(path, &args, &set, self);
	long_work_point();   /* the loader's last piece may have let a tick end the slice; a kill during it ends the caller */
	return pid;
}

/*
 * wait(pid, wstatus, options): pid -1 for any child, 0 or -pgid for one of
 * a group; WNOHANG returns 0 if none has ended; WUNTRACED and WCONTINUED
 * report a stop or a continue once (services/wait.h: wait_child).
 */
long svc_wait(int pid, int __user *uwstatus, unsigned long options)
{
	if (options & ~(unsigned long)(WNOHANG | WUNTRACED | WCONTINUED))
		return -EINVAL;
	return wait_child(pid, options, uwstatus, NULL);
}

long wait_child(int pid, unsigned long options, int __user *ustatus, int (*status_of)(int))
{
	int err;
	struct proc *c = proc_wait_child(pid, options, &err);
	if (!c)
		return err;
	bool ended = c->state == P_ZOMBIE;
	int st = ended ? (status_of ? status_of(c->wstatus) : c->wstatus)
		       : c->wait_report == WAIT_REPORT_STOP ? W_STOPCODE(c->stop_sig) : W_CONTINUED;
	if (ustatus && copy_to_user(ustatus, &st, sizeof st))
		return -EFAULT;
	if (!ended) {
		c->wait_report = WAIT_REPORT_NONE;
		return c->pid;
	}
	return proc_reap(c);
}

/*
 * exec(path, argv, envp): argv as spawn's (NULL: just the path), envp a
 * NULL-terminated array or NULL (none), within Linux's limits (-E2BIG past
 * MAX_ARG_STRLEN or ARG_MAX_BYTES: pfgate/abi.h). The strings are copied
 * into the new image's stack before the old one is touched; on any error it
 * is as it was. Reached
 * through its full-frame thunk (full_frame.asm): success rewrites the frame
 * (p->tf), and the program starts there with EAX = 0.
 */
long svc_exec(const char __user *upath, const char __user *const __user *uargv,
	      const char __user *const __user *uenvp)
{
	PATH_BUF(path);
	long n = strncpy_from_user(path, upath, PATH_MAX_LEN);
	if (n < 0)
		return n;
	return exec_user_args(path, uargv, uenvp);
}

long exec_user_args(const char *path, const char __user *const __user *uargv, const char __user *const __user *uenvp)
{
	struct proc_args args = { .user = true, .uargv = uargv, .uenvp = uenvp };
	long r = proc_exec(path, &args);
	long_work_point();   /* as spawn: the loader's last piece may have ended the slice, or a kill come */
	return r;
}

/* fork(): through its full-frame thunk; the child's pid here, 0 in the child (its frame). */
long svc_fork(void)
{
	return proc_fork();
}
