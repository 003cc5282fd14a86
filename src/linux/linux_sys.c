/*
 * The first Linux calls: most are the native services under Linux's
 * register order (errno numbers and open flags are Linux's already); the rest
 * answer as Linux would for a single-threaded program (signals are
 * linux_signal.c's, processes linux_proc.c's).
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

long linux_sys_exit(const struct linux_args *a)
{
	linux_report_exit((int)a->ebx);
	return svc_exit((int)a->ebx);
}
/* One thread per process: the group is the process. */
long linux_sys_exit_group(const struct linux_args *a) { return linux_sys_exit(a); }
long linux_sys_read(const struct linux_args *a) { return svc_read((int)a->ebx, UPTR(a->ecx), a->edx); }
long linux_sys_write(const struct linux_args *a) { return svc_write((int)a->ebx, UPTR(a->ecx), a->edx); }
long linux_sys_close(const struct linux_args *a) { return svc_close((int)a->ebx); }
long linux_sys_getpid(const struct linux_args *a) { (void)a; return svc_getpid(); }
long linux_sys_gettid(const struct linux_args *a) { (void)a; return svc_getpid(); }
long linux_sys_getppid(const struct linux_args *a) { (void)a; return svc_getppid(); }
/* Every process is root's: the ids are 0. */
long linux_sys_getuid32(const struct linux_args *a) { (void)a; return 0; }
long linux_sys_getgid32(const struct linux_args *a) { (void)a; return 0; }
long linux_sys_geteuid32(const struct linux_args *a) { (void)a; return 0; }
long linux_sys_getegid32(const struct linux_args *a) { (void)a; return 0; }
/* ... in no supplementary group (root's in an initramfs on Linux: id prints none): the count, 0, whatever the size. */
long linux_sys_getgroups32(const struct linux_args *a) { return (int32_t)a->ebx < 0 ? -EINVAL : 0; }
/* No clear_child_tid without threads: the caller's tid is all it needs. */
long linux_sys_set_tid_address(const struct linux_args *a) { (void)a; return svc_getpid(); }

/* brk(addr): the break moves to addr if it can; the answer is the break, moved or not (Linux's rule). */
long linux_sys_brk(const struct linux_args *a)
{
	struct proc *p = current_proc();
	uint32_t want = a->ebx;
	if (want >= p->heap_base && want <= LINUX_HEAP_LIMIT)
		svc_sbrk((long)(want - p->brk));
	return (long)p->brk;
}

#define UTS_LEN 65
struct linux_utsname { char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN], version[UTS_LEN], machine[UTS_LEN], domainname[UTS_LEN]; };

long linux_sys_uname(const struct linux_args *a)
{
	static const struct linux_utsname u = {
		"Linux", "pfgate", "6.1.0-pfgate", "pfgate (the Linux personality)", "i686", "(none)",
	};
	return copy_to_user(UPTR(a->ebx), &u, sizeof u) ? -EFAULT : 0;
}

#define LINUX_PR_SET_NAME 15
#define LINUX_PR_GET_NAME 16

/*
 * prctl: the name only (what /proc/PID/stat and status show; busybox's sh
 * names a forked applet so): cut at PROC_NAME_LEN - 1 as Linux cuts at its
 * TASK_COMM_LEN (the same 16). Other options: -EINVAL, Linux's answer to
 * one it does not know.
 */
long linux_sys_prctl(const struct linux_args *a)
{
	struct proc *p = current_proc();
	char name[PROC_NAME_LEN];
	switch (a->ebx) {
	case LINUX_PR_SET_NAME:
		for (size_t i = 0; i < sizeof name; i++) {
			if (i == sizeof name - 1) {
				name[i] = '\0';
				break;
			}
			if (copy_from_user(&name[i], UPTR(a->ecx + i), 1))
				return -EFAULT;
			if (!name[i])
				break;
		}
		strlcpy_k(p->name, name, sizeof p->name);
		return 0;
	case LINUX_PR_GET_NAME:
		memcpy(name, p->name, sizeof name);
		name[sizeof name - 1] = '\0';
		return copy_to_user(UPTR(a->ecx), name, sizeof name) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

long linux_sys_sched_yield(const struct linux_args *a) { (void)a; return svc_yield(); }
