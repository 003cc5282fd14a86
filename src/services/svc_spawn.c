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
 * child can never gain a gate. Everything is copied in before anything is
 * created: a bad pointer creates nothing.
 */
/*
 * A NULL-terminated user array of user strings into strs (ARG_MAX_LEN bytes
 * in all, *used of them taken already) and ptrs (at most ARGV_MAX): the
 * count, or -EFAULT, -E2BIG.
 */
static int copy_in_strings(const char __user *const __user *uarr, char *strs, uint32_t *used, const char **ptrs)
{
	for (int n = 0;; n++) {
		uint32_t word;   /* the pointer uarr[n], itself a user pointer */
		if (get_user_u32(&word, (const uint32_t __user *)&uarr[n]))
			return -EFAULT;
		const char __user *ustr = (const char __user *)word;
		if (!ustr)
			return n;
		if (n == ARGV_MAX || *used >= ARG_MAX_LEN)
			return -E2BIG;
		long len = strncpy_from_user(strs + *used, ustr, ARG_MAX_LEN - *used);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return (int)len;
		ptrs[n] = strs + *used;
		*used += (uint32_t)len + 1;
	}
}

long svc_spawn(const char __user *upath, const char __user *const __user *uargv,
	       const unsigned long __user *ugates)
{
	PATH_BUF(path);
	long n = strncpy_from_user(path, upath, PATH_MAX_LEN);
	if (n < 0)
		return n;

	char strings[ARG_MAX_LEN];   /* per call: the loader yields between its pieces */
	const char *argv[ARGV_MAX + 1];
	int argc = 0;
	uint32_t used = 0;
	if (uargv) {
		argc = copy_in_strings(uargv, strings, &used, argv);
		if (argc < 0)
			return argc;
	} else {
		argv[argc++] = path;
	}

	struct proc *self = current_proc();
	struct gate_set set = self->gates;
	if (ugates) {
		struct gate_set want;
		if (copy_from_user(&want, ugates, sizeof want))
			return -EFAULT;
		for (unsigned i = 0; i < GATE_SET_WORDS; i++)
			set.bits[i] &= want.bits[i];
	}
	long pid = proc_spawn(path, argv, argc, &set, self);
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
 * NULL-terminated array or NULL (none); the strings of both together within
 * ARG_MAX_LEN, each list within ARGV_MAX (-E2BIG). Everything is copied in
 * before the old image is touched; on any error it is as it was. Reached
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
	char strings[ARG_MAX_LEN];
	const char *argv[ARGV_MAX + 1], *envp[ARGV_MAX + 1];
	uint32_t used = 0;
	struct proc_args args = { argv, 1, envp, 0 };
	argv[0] = path;
	if (uargv && (args.argc = copy_in_strings(uargv, strings, &used, argv)) < 0)
		return args.argc;
	if (uenvp && (args.envc = copy_in_strings(uenvp, strings, &used, envp)) < 0)
		return args.envc;
	long r = proc_exec(path, &args);
	long_work_point();   /* as spawn: the loader's last piece may have ended the slice, or a kill come */
	return r;
}

/* fork(): through its full-frame thunk; the child's pid here, 0 in the child (its frame). */
long svc_fork(void)
{
	return proc_fork();
}
