/*
 * Files for Linux programs over src/vfs: open and openat (Linux's flags, as
 * Linux takes them: below), _llseek (64-bit offsets), and the stat family,
 * fstat64, stat64, lstat64 and fstatat64 (struct stat64, from the VFS's
 * pf_stat); the (dirfd, path) pairs of the *at calls (linux_at_path).
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "vfs/vfs.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

/* Linux's open flags beyond the native ones (pfgate/abi.h holds those, with Linux's values). */
#define LINUX_O_NOCTTY    00000400
#define LINUX_O_DSYNC     00010000
#define LINUX_O_ASYNC     00020000
#define LINUX_O_DIRECT    00040000
#define LINUX_O_LARGEFILE 00100000
#define LINUX_O_NOATIME   01000000
#define LINUX_O_SYNC      04000000
#define LINUX_O_PATH      010000000
#define LINUX_O_TMPFILE   020000000
#define LINUX_MODE_BITS   07777

long linux_at_path(int dirfd, uint32_t upath, char *out)
{
	char first;
	if (copy_from_user(&first, UPTR(upath), 1))
		return -EFAULT;
	if (!first)
		return -ENOENT;   /* "" names nothing (AT_EMPTY_PATH is its callers' business) */
	if (first == '/' || dirfd == LINUX_AT_FDCWD)
		return vfs_path_from_user(UPTR(upath), out);
	struct file *f = fd_file(dirfd);
	if (!f)
		return -EBADF;
	if (!f->ops->dir_entry)
		return -ENOTDIR;
	return vfs_path_from_user_in(f->path, UPTR(upath), out);
}

/*
 * Linux's open flags, as Linux takes them: O_NOCTTY (no terminal is ever
 * made controlling here), O_NOATIME, O_ASYNC, O_DIRECT, O_DSYNC and O_SYNC
 * (writes go through the disk cache, as fsync's are) mean nothing here;
 * O_NOFOLLOW makes a symbolic link at the end -ELOOP (vfs/vfs.h); O_NONBLOCK and O_LARGEFILE are kept on the open file (F_GETFL
 * shows them; a pipe or the console honour O_NONBLOCK, files and
 * directories ignore it, as Linux's do); O_PATH opens for reading only;
 * O_TMPFILE is -EOPNOTSUPP (no file system here has it); bits Linux does
 * not know it ignores, and so does this. The mode loses the umask's bits.
 */
static long open_at(int dirfd, uint32_t upath, uint32_t flags, uint32_t mode)
{
	if ((flags & LINUX_O_TMPFILE) == LINUX_O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & LINUX_O_PATH)
		flags &= O_DIRECTORY | O_CLOEXEC;   /* and O_RDONLY */
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;   /* Linux's "ioctl only" access: not served */
	PATH_BUF(path);
	long n = linux_at_path(dirfd, upath, path);
	if (n < 0)
		return n;
	mode &= LINUX_MODE_BITS & ~(uint32_t)current_proc()->umask;
	long fd = vfs_open_fd(path, flags & (O_OPEN_FLAGS | VFS_O_NOFOLLOW), mode);
	if (fd >= 0) {
		struct file *f = fd_file((int)fd);
		f->flags |= flags & (O_NONBLOCK | LINUX_O_LARGEFILE);
		if (!f->ops->dir_entry)   /* what /proc/PID/maps names a mapping of it by (a directory's is kept already) */
			strlcpy_k(f->path, path, sizeof f->path);
	}
	return fd;
}

long linux_sys_open(const struct linux_args *a) { return open_at(LINUX_AT_FDCWD, a->ebx, a->ecx, a->edx); }
long linux_sys_openat(const struct linux_args *a) { return open_at((int)a->ebx, a->ecx, a->edx, a->esi); }

long linux_sys__llseek(const struct linux_args *a)
{
	struct file *f = fd_file((int)a->ebx);
	if (!f)
		return -EBADF;
	int64_t to;
	long r = file_seek_target(f, (int64_t)((uint64_t)a->ecx << 32 | a->edx), a->edi, &to);
	if (r)
		return r;
	if (copy_to_user(UPTR(a->esi), &to, sizeof to))
		return -EFAULT;   /* the offset stays, as Linux's does */
	f->offset = (uint64_t)to;
	return 0;
}

/* Linux i386's struct stat64 (96 bytes), in 32-bit words: the 64-bit fields split low, high. */
struct linux_stat64 {
	uint32_t dev_lo, dev_hi, pad0, ino32, mode, nlink, uid, gid;
	uint32_t rdev_lo, rdev_hi, pad3, size_lo, size_hi, blksize, blocks_lo, blocks_hi;
	uint32_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns, ino_lo, ino_hi;
};
_Static_assert(sizeof(struct linux_stat64) == 96, "Linux i386's struct stat64");

#define STAT_BLOCK 512
#define STAT_BLKSIZE 4096
#define CONSOLE_RDEV ((5u << 8) | 1u)   /* /dev/console's 5:1 */

static void fill_stat64(const struct pf_stat *st, struct linux_stat64 *sp)
{
	struct linux_stat64 s;
	memset(&s, 0, sizeof s);
	switch (st->type) {
	case PF_TYPE_DIR: s.mode = S_IFDIR | 0755; break;
	case PF_TYPE_PIPE: s.mode = S_IFIFO | 0600; break;
	case PF_TYPE_CONSOLE: s.mode = S_IFCHR | 0620; s.rdev_lo = CONSOLE_RDEV; break;
	case PF_TYPE_CHAR: s.mode = S_IFCHR; s.rdev_lo = st->rdev; break;
	default: s.mode = S_IFREG | 0644; break;
	}
	if (st->mode)
		s.mode = (s.mode & S_IFMT) | (st->mode & ~S_IFMT);
	if ((st->mode & VFS_MODE_TYPE) == VFS_MODE_LINK)
		s.mode = st->mode;   /* lstat's link: Linux's S_IFLNK is the VFS's */
	s.ino32 = s.ino_lo = st->ino;
	s.nlink = st->nlink ? st->nlink : 1;
	s.size_lo = st->size;
	s.blksize = STAT_BLKSIZE;
	s.blocks_lo = (st->size + STAT_BLOCK - 1) / STAT_BLOCK;
	s.atime = s.mtime = s.ctime = st->mtime;   /* a file system that keeps only one time */
	if (st->atime)
		s.atime = st->atime;
	if (st->ctime)
		s.ctime = st->ctime;
	*sp = s;
}

static long put_stat64(const struct pf_stat *st, uint32_t out)
{
	struct linux_stat64 s;
	fill_stat64(st, &s);
	return copy_to_user(UPTR(out), &s, sizeof s) ? -EFAULT : 0;
}

static long fstat_fd(int fd, uint32_t out)
{
	struct pf_stat st;
	long r = fd_stat(fd, &st);
	return r ? r : put_stat64(&st, out);
}

long linux_sys_fstat64(const struct linux_args *a) { return fstat_fd((int)a->ebx, a->ecx); }

static long stat_path_at(int dirfd, uint32_t upath, struct pf_stat *st, bool follow)
{
	PATH_BUF(path);
	long n = linux_at_path(dirfd, upath, path);
	if (n < 0)
		return n;
	memset(st, 0, sizeof *st);
	return follow ? vfs_stat(path, st) : vfs_lstat(path, st);
}

long linux_stat_at(int dirfd, uint32_t upath, struct pf_stat *st) { return stat_path_at(dirfd, upath, st, true); }

/* stat64 follows a symbolic link at the end, lstat64 (and AT_SYMLINK_NOFOLLOW) tells of the link itself. */
static long stat_at(int dirfd, uint32_t upath, uint32_t out, bool follow)
{
	struct pf_stat st;
	long r = stat_path_at(dirfd, upath, &st, follow);
	return r < 0 ? r : put_stat64(&st, out);
}

long linux_sys_stat64(const struct linux_args *a) { return stat_at(LINUX_AT_FDCWD, a->ebx, a->ecx, true); }
long linux_sys_lstat64(const struct linux_args *a) { return stat_at(LINUX_AT_FDCWD, a->ebx, a->ecx, false); }

/* fstatat64(dirfd, path, buf, flags): "" with AT_EMPTY_PATH is fstat64 of dirfd. */
long linux_sys_fstatat64(const struct linux_args *a)
{
	if (a->esi & ~(uint32_t)(LINUX_AT_EMPTY_PATH | LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_NO_AUTOMOUNT))
		return -EINVAL;
	char first;
	if (copy_from_user(&first, UPTR(a->ecx), 1))
		return -EFAULT;
	if (!first && (a->esi & LINUX_AT_EMPTY_PATH))
		return fstat_fd((int)a->ebx, a->edx);
	return stat_at((int)a->ebx, a->ecx, a->edx, !(a->esi & LINUX_AT_SYMLINK_NOFOLLOW));
}

/* Linux's struct statx (256 bytes) and its flags. */
struct linux_statx_time { int64_t sec; uint32_t nsec; int32_t reserved; };
struct linux_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct linux_statx_time atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id, spare2, spare3[12];
};
_Static_assert(sizeof(struct linux_statx) == 256, "Linux's struct statx");
#define LINUX_STATX_BASIC_STATS   0x7FFu      /* type, mode, nlink, uid, gid, times, ino, size, blocks (no btime) */
#define LINUX_STATX_RESERVED      0x80000000u
#define LINUX_AT_STATX_SYNC_TYPE  0x6000u     /* FORCE_SYNC | DONT_SYNC: asking both is refused */
#define DEV_MINOR_BITS 8

/*
 * statx(dirfd, path, flags, mask, buf): what stat64 says, in statx's
 * layout; the basic fields are always filled (Linux may fill more than
 * asked), btime is not kept. "" with AT_EMPTY_PATH is dirfd itself.
 */
long linux_sys_statx(const struct linux_args *a)
{
	uint32_t flags = a->edx, mask = a->esi;
	if (flags & ~(uint32_t)(LINUX_AT_EMPTY_PATH | LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_NO_AUTOMOUNT | LINUX_AT_STATX_SYNC_TYPE) ||
	    (flags & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_SYNC_TYPE || (mask & LINUX_STATX_RESERVED))
		return -EINVAL;
	char first;
	if (copy_from_user(&first, UPTR(a->ecx), 1))
		return -EFAULT;
	struct pf_stat st;
	long r = !first && (flags & LINUX_AT_EMPTY_PATH) ? fd_stat((int)a->ebx, &st)
		: stat_path_at((int)a->ebx, a->ecx, &st, !(flags & LINUX_AT_SYMLINK_NOFOLLOW));
	if (r)
		return r;
	struct linux_stat64 s;
	fill_stat64(&st, &s);
	struct linux_statx x;
	memset(&x, 0, sizeof x);
	x.mask = LINUX_STATX_BASIC_STATS;
	x.blksize = s.blksize;
	x.nlink = s.nlink;
	x.mode = (uint16_t)s.mode;
	x.ino = s.ino_lo;
	x.size = s.size_lo;
	x.blocks = s.blocks_lo;
	x.atime.sec = s.atime;
	x.ctime.sec = s.ctime;
	x.mtime.sec = s.mtime;
	x.rdev_major = s.rdev_lo >> DEV_MINOR_BITS;
	x.rdev_minor = s.rdev_lo & ((1u << DEV_MINOR_BITS) - 1);
	return copy_to_user(UPTR(a->edi), &x, sizeof x) ? -EFAULT : 0;
}
