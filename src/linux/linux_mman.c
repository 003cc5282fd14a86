/*
 * Memory calls for Linux programs: mmap2 and the old mmap (a pointer to its
 * six values, the offset in bytes) onto the mmap service (mmap_request,
 * proc/mmap.c), munmap and mprotect (the native ones), madvise, and the resource limits (ugetrlimit,
 * getrlimit, prlimit64). Linux's mmap flags that change nothing here
 * (below) are dropped before the service, which refuses any it does not
 * know; MAP_FIXED_NOREPLACE is MAP_FIXED where nothing is mapped.
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "services/mmap_request.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "mm/vma.h"
#include "lib/params.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

#define LINUX_MAP_SHARED_VALIDATE 0x03
#define LINUX_MAP_GROWSDOWN       0x00100
#define LINUX_MAP_DENYWRITE       0x00800
#define LINUX_MAP_EXECUTABLE      0x01000
#define LINUX_MAP_LOCKED          0x02000
#define LINUX_MAP_NORESERVE       0x04000
#define LINUX_MAP_POPULATE        0x08000
#define LINUX_MAP_NONBLOCK        0x10000
#define LINUX_MAP_STACK           0x20000
#define LINUX_MAP_FIXED_NOREPLACE 0x100000
/*
 * Hints about how pages are used, which a kernel that never swaps, never
 * locks and makes no huge pages may take as said and done (MAP_GROWSDOWN:
 * the area does not grow, as one with no room below would not).
 */
#define LINUX_MAP_HINTS (LINUX_MAP_GROWSDOWN | LINUX_MAP_DENYWRITE | LINUX_MAP_EXECUTABLE | LINUX_MAP_LOCKED | \
			 LINUX_MAP_NORESERVE | LINUX_MAP_POPULATE | LINUX_MAP_NONBLOCK | LINUX_MAP_STACK)

static long map(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, uint32_t fd, uint32_t pgoff)
{
	flags &= ~(uint32_t)LINUX_MAP_HINTS;
	if ((flags & MAP_TYPE) == LINUX_MAP_SHARED_VALIDATE)
		flags = (flags & ~(uint32_t)MAP_TYPE) | MAP_SHARED;   /* what is left is checked below in any case */
	if (flags & LINUX_MAP_FIXED_NOREPLACE) {
		flags = (flags & ~(uint32_t)LINUX_MAP_FIXED_NOREPLACE) | MAP_FIXED;
		uint32_t end = addr + ((len + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK);
		if (end > addr && vma_overlaps(&current_proc()->maps, addr, end))
			return -EEXIST;
	}
	struct pf_mmap req = { addr, len, prot, flags, (int32_t)fd, pgoff };
	return mmap_request(&req);
}

long linux_sys_mmap2(const struct linux_args *a) { return map(a->ebx, a->ecx, a->edx, a->esi, a->edi, a->ebp); }

/* The old mmap: its six values in memory, the offset in bytes (a page's multiple). */
long linux_sys_mmap(const struct linux_args *a)
{
	uint32_t v[6];
	if (copy_from_user(v, UPTR(a->ebx), sizeof v))
		return -EFAULT;
	if (v[5] & PAGE_OFFSET_MASK)
		return -EINVAL;
	return map(v[0], v[1], v[2], v[3], v[4], v[5] >> PAGE_SHIFT);
}

long linux_sys_munmap(const struct linux_args *a) { return svc_munmap(UPTR(a->ebx), a->ecx); }

#define LINUX_PROT_SEM 0x8   /* atomic operations may be used on it: they may on any page here */

/* The one mprotect (proc/mmap.c), over the image, heap, stack, vDSO and mappings alike. */
long linux_sys_mprotect(const struct linux_args *a)
{
	return svc_mprotect(UPTR(a->ebx), a->ecx, a->edx & ~(uint32_t)LINUX_PROT_SEM);
}

/*
 * Advice Linux takes on i386 (its MADV_* numbers; huge pages are not among
 * them there) is taken and changes nothing: pages are never swapped, merged
 * or dumped. MADV_DONTNEED and MADV_FREE leave the pages as they are, which
 * Linux allows for MADV_FREE; for MADV_DONTNEED, a private page reads as
 * zeros after it on Linux and keeps its bytes here (design.md).
 */
#define LINUX_MADV_NORMAL         0
#define LINUX_MADV_DONTNEED       4
#define LINUX_MADV_FREE           8
#define LINUX_MADV_KEEPONFORK     19
#define LINUX_MADV_POPULATE_WRITE 23
#define LINUX_MADV_HUGEPAGE       14
#define LINUX_MADV_NOHUGEPAGE     15
#define LINUX_MADV_UNMERGEABLE    13

long linux_sys_madvise(const struct linux_args *a)
{
	uint32_t addr = a->ebx, len = a->ecx, advice = a->edx;
	bool known = advice <= LINUX_MADV_DONTNEED || (advice >= LINUX_MADV_FREE && advice <= LINUX_MADV_UNMERGEABLE) ||
		     (advice > LINUX_MADV_NOHUGEPAGE && advice <= LINUX_MADV_POPULATE_WRITE);
	if (!known || (addr & PAGE_OFFSET_MASK))
		return -EINVAL;
	uint32_t end = addr + ((len + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK);
	if (end < addr)
		return -EINVAL;
	return 0;
}

/* Resource limits: Linux's RLIMIT_* numbers; what this kernel bounds, the rest without a limit. */
#define LINUX_RLIMIT_CORE   4
#define LINUX_RLIMIT_STACK  3
#define LINUX_RLIMIT_NPROC  6
#define LINUX_RLIMIT_NOFILE 7
#define LINUX_RLIM_NLIMITS  16
#define LINUX_RLIM_INFINITY 0xFFFFFFFFu

struct linux_rlimit { uint32_t cur, max; };

static struct linux_rlimit limit_of(uint32_t resource)
{
	switch (resource) {
	case LINUX_RLIMIT_STACK: return (struct linux_rlimit){ LINUX_STACK_LIMIT, LINUX_STACK_LIMIT };
	case LINUX_RLIMIT_NOFILE: return (struct linux_rlimit){ FD_MAX, FD_MAX };
	case LINUX_RLIMIT_NPROC: return (struct linux_rlimit){ NPROC, NPROC };
	case LINUX_RLIMIT_CORE: return (struct linux_rlimit){ 0, 0 };   /* no core dumps */
	default: return (struct linux_rlimit){ LINUX_RLIM_INFINITY, LINUX_RLIM_INFINITY };
	}
}

long linux_sys_ugetrlimit(const struct linux_args *a)
{
	if (a->ebx >= LINUX_RLIM_NLIMITS)
		return -EINVAL;
	struct linux_rlimit r = limit_of(a->ebx);
	return copy_to_user(UPTR(a->ecx), &r, sizeof r) ? -EFAULT : 0;
}

/* The old getrlimit answers as ugetrlimit does: no limit here is past 2^31 but "none". */
long linux_sys_getrlimit(const struct linux_args *a) { return linux_sys_ugetrlimit(a); }

struct linux_rlimit64 { uint64_t cur, max; };

/*
 * prlimit64(pid, resource, new, old): the caller's own (pid 0 or its own);
 * the limits are fixed: a new one equal to them is taken, any other -EPERM.
 */
long linux_sys_prlimit64(const struct linux_args *a)
{
	int pid = (int)a->ebx;
	if (pid && pid != current_proc()->pid)
		return -ESRCH;
	if (a->ecx >= LINUX_RLIM_NLIMITS)
		return -EINVAL;
	struct linux_rlimit r = limit_of(a->ecx);
	uint64_t inf64 = ~(uint64_t)0;
	struct linux_rlimit64 now = {
		r.cur == LINUX_RLIM_INFINITY ? inf64 : r.cur, r.max == LINUX_RLIM_INFINITY ? inf64 : r.max,
	};
	if (a->edx) {
		struct linux_rlimit64 want;
		if (copy_from_user(&want, UPTR(a->edx), sizeof want))
			return -EFAULT;
		if (want.cur > want.max)
			return -EINVAL;
		if (want.cur != now.cur || want.max != now.max)
			return -EPERM;
	}
	if (a->esi && copy_to_user(UPTR(a->esi), &now, sizeof now))
		return -EFAULT;
	return 0;
}
