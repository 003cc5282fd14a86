/*
 * Symbolic links, file times and modes for Linux programs: symlink and
 * symlinkat (the link's target kept as given, vfs_symlink), utimensat and
 * utimensat_time64 (UTIME_NOW, UTIME_OMIT, AT_SYMLINK_NOFOLLOW), chmod,
 * fchmod and fchmodat, over the VFS (ext2 keeps them; the initrd is
 * read-only: -EROFS).
 */
#include "linux/linux_calls.h"
#include "linux/linux_time.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "vfs/vfs.h"
#include "drivers/rtc.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

#define LINUX_UTIME_NOW  ((1l << 30) - 1)
#define LINUX_UTIME_OMIT ((1l << 30) - 2)

/* symlink's target from the user: its length, -EFAULT, -ENOENT (""), -ENAMETOOLONG. */
static long target_from_user(uint32_t utarget, char *out)
{
	long n = strncpy_from_user(out, UPTR(utarget), PATH_MAX_LEN);
	if (n < 0)
		return n;
	return n == 0 ? -ENOENT : n >= PATH_MAX_LEN ? -ENAMETOOLONG : n;
}

static long symlink_at(uint32_t utarget, int dirfd, uint32_t upath)
{
	PATH_BUF(target);
	PATH_BUF(path);
	long len = target_from_user(utarget, target);
	if (len < 0)
		return len;
	long r = linux_at_path(dirfd, upath, path);
	return r < 0 ? r : vfs_symlink(target, (size_t)len, path);
}

long linux_sys_symlink(const struct linux_args *a) { return symlink_at(a->ebx, LINUX_AT_FDCWD, a->ecx); }
long linux_sys_symlinkat(const struct linux_args *a) { return symlink_at(a->ebx, (int)a->ecx, a->edx); }

/* One time of utimensat's pair: *t set (and *use true) unless UTIME_OMIT; -EINVAL for a bad nsec. */
static long one_time(int64_t sec, int64_t nsec, uint32_t now, uint32_t *t, bool *use)
{
	*use = nsec != LINUX_UTIME_OMIT;
	if (nsec == LINUX_UTIME_NOW || nsec == LINUX_UTIME_OMIT) {
		*t = now;
		return 0;
	}
	if (nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*t = (uint32_t)sec;   /* ext2 keeps 32-bit seconds */
	return 0;
}

/* Whether path still names f's file (its name may have moved or gone since f was opened). */
static bool still_named(struct file *f, const char *path)
{
	struct pf_stat by_fd, by_name;
	memset(&by_fd, 0, sizeof by_fd);
	if (!f->ops->fstat || f->ops->fstat(f, &by_fd) < 0 || vfs_stat(path, &by_name) < 0)
		return false;
	return by_fd.ino == by_name.ino && by_fd.type == by_name.type;
}

/*
 * The path an open file was opened by, into path (PATH_BUF_LEN), while it
 * still names the same file: how futimens and fchmod reach it. -EBADF, or
 * -EOPNOTSUPP when it has no path or its name has moved or gone.
 */
static long path_of_fd(int fd, char *path)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->path[0] || !still_named(f, f->path))
		return -EOPNOTSUPP;
	strlcpy_k(path, f->path, PATH_BUF_LEN);
	return 0;
}

/*
 * utimensat(dirfd, path, times, flags) with both times read (NULL: now and
 * now). A NULL path (futimens: busybox touch's way once it has created the
 * file) names dirfd itself: served through the path it was opened by (a
 * directory's, or any file a Linux program opened, file.h's path) while
 * that path still names the same file; otherwise -EOPNOTSUPP.
 */
static long utimens_at(int dirfd, uint32_t upath, const struct linux_timespec64 *times, uint32_t flags)
{
	if (flags & ~(uint32_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
		return -EINVAL;
	uint32_t now = rtc_unix_time(), at = now, mt = now;
	bool set_a = true, set_m = true;
	if (times) {
		long r = one_time(times[0].sec, times[0].nsec, now, &at, &set_a);
		if (!r)
			r = one_time(times[1].sec, times[1].nsec, now, &mt, &set_m);
		if (r)
			return r;
	}
	PATH_BUF(path);
	long r = upath ? linux_at_path(dirfd, upath, path) : path_of_fd(dirfd, path);
	if (r < 0)
		return r;
	if (!set_a && !set_m)
		return 0;   /* both UTIME_OMIT: nothing changes, as Linux answers once the name is found */
	return vfs_set_times(path, !(flags & LINUX_AT_SYMLINK_NOFOLLOW), set_a ? &at : NULL, set_m ? &mt : NULL);
}

long linux_sys_utimensat_time64(const struct linux_args *a)
{
	struct linux_timespec64 t[2];
	if (a->edx && copy_from_user(t, UPTR(a->edx), sizeof t))
		return -EFAULT;
	return utimens_at((int)a->ebx, a->ecx, a->edx ? t : NULL, a->esi);
}

long linux_sys_utimensat(const struct linux_args *a)
{
	struct linux_timespec32 t32[2] = { { 0, 0 }, { 0, 0 } };
	if (a->edx && copy_from_user(t32, UPTR(a->edx), sizeof t32))
		return -EFAULT;
	struct linux_timespec64 t[2] = { { t32[0].sec, t32[0].nsec }, { t32[1].sec, t32[1].nsec } };
	return utimens_at((int)a->ebx, a->ecx, a->edx ? t : NULL, a->esi);
}

/* chmod's mode: the permission, set-id and sticky bits (Linux's S_IALLUGO); the type is the file's. */
#define LINUX_MODE_ALL 07777u

static long chmod_at(int dirfd, uint32_t upath, uint32_t mode)
{
	PATH_BUF(path);
	long r = linux_at_path(dirfd, upath, path);
	return r < 0 ? r : vfs_set_mode(path, mode & LINUX_MODE_ALL);
}

long linux_sys_chmod(const struct linux_args *a) { return chmod_at(LINUX_AT_FDCWD, a->ebx, a->ecx); }
long linux_sys_fchmodat(const struct linux_args *a) { return chmod_at((int)a->ebx, a->ecx, a->edx); }

long linux_sys_fchmod(const struct linux_args *a)
{
	PATH_BUF(path);
	long r = path_of_fd((int)a->ebx, path);
	return r < 0 ? r : vfs_set_mode(path, a->ecx & LINUX_MODE_ALL);
}
