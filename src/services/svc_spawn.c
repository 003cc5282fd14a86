/* spawn and wait: starting children with a subset of one's gates, and reaping them. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "arch/long_work.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

/*
 * spawn(path, argv, gates): argv is a NULL-terminated array (or NULL for
 * just the program name); gates points at GATE_COUNT bits (or is NULL to
 * inherit). The child gets the intersection with the caller's own set, so a
 * child can never gain a gate. Everything is copied in before anything is
 * created: a bad pointer creates nothing.
 */
long svc_spawn(const char __user *upath, const char __user *const __user *uargv,
	       const unsigned long __user *ugates)
{
	char path[PATH_MAX_LEN];
	long n = strncpy_from_user(path, upath, sizeof path);
	if (n < 0)
		return n;

	char strings[ARG_MAX_LEN];   /* per call: the loader yields between its pieces */
	const char *argv[ARGV_MAX + 1];
	int argc = 0;
	uint32_t used = 0;
	if (uargv) {
		for (;; argc++) {
			uint32_t word;   /* the pointer argv[argc], itself a user pointer */
			if (get_user_u32(&word, (const uint32_t __user *)&uargv[argc]))
				return -EFAULT;
			const char __user *uarg = (const char __user *)word;
			if (!uarg)
				break;
			if (argc == ARGV_MAX || used >= ARG_MAX_LEN)
				return -E2BIG;
			long len = strncpy_from_user(strings + used, uarg, ARG_MAX_LEN - used);
			if (len == -ENAMETOOLONG)
				return -E2BIG;
			if (len < 0)
				return len;
			argv[argc] = strings + used;
			used += (uint32_t)len + 1;
		}
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
 * wait(pid, wstatus, options): pid -1 for any child; WNOHANG returns 0 if
 * none has ended. The status is written before the child is reaped, so a bad
 * pointer gets -EFAULT and the child can still be waited for.
 */
long svc_wait(int pid, int __user *uwstatus, unsigned long options)
{
	if (options & ~(unsigned long)WNOHANG)
		return -EINVAL;
	int err;
	struct proc *z = proc_wait_zombie(pid, !(options & WNOHANG), &err);
	if (!z)
		return err;
	if (uwstatus && copy_to_user(uwstatus, &z->wstatus, sizeof z->wstatus))
		return -EFAULT;
	return proc_reap(z);
}
