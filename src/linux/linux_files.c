/*
 * Files for Linux programs over src/vfs: open and openat (the flags are
 * Linux's numbers already; O_LARGEFILE, which glibc adds on i386, and
 * O_NOCTTY mean nothing here), _llseek (64-bit offsets) and fstat64 /
 * fstatat64 (struct stat64, from the VFS's pf_stat).
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "vfs/vfs.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))
#define LINUX_O_NOCTTY    0000400
#define LINUX_O_LARGEFILE 0100000
#define LINUX_AT_FDCWD    (-100)
#define LINUX_AT_EMPTY_PATH 0x1000

static long open_flags(uint32_t path, uint32_t flags, uint32_t mode)
{
	return svc_open(UPTR(path), flags & ~(uint32_t)(LINUX_O_LARGEFILE | LINUX_O_NOCTTY), mode);
}

long linux_sys_open(const struct linux_args *a) { return open_flags(a->ebx, a->ecx, a->edx); }

/* Relative to a directory descriptor is not there yet: AT_FDCWD, or an absolute path. */
static long at_dir_ok(int dirfd, uint32_t path)
{
	char first;
	if (copy_from_user(&first, UPTR(path), 1))
		return -EFAULT;
	return first == '/' || dirfd == LINUX_AT_FDCWD ? 0 : -EINVAL;
}

long linux_sys_openat(const struct linux_args *a)
{
	long bad = at_dir_ok((int)a->ebx, a->ecx);
	return bad ? bad : open_flags(a->ecx, a->edx, a->esi);
}

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

#define S_IFMT  0170000
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define STAT_BLOCK 512
#define STAT_BLKSIZE 4096
#define CONSOLE_RDEV ((5u << 8) | 1u)   /* /dev/console's 5:1 */

static long put_stat64(const struct pf_stat *st, uint32_t out)
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
	s.ino32 = s.ino_lo = st->ino;
	s.nlink = st->nlink ? st->nlink : 1;
	s.size_lo = st->size;
	s.blksize = STAT_BLKSIZE;
	s.blocks_lo = (st->size + STAT_BLOCK - 1) / STAT_BLOCK;
	return copy_to_user(UPTR(out), &s, sizeof s) ? -EFAULT : 0;
}

static long fstat_fd(int fd, uint32_t out)
{
	struct pf_stat st;
	long r = fd_stat(fd, &st);
	return r ? r : put_stat64(&st, out);
}

long linux_sys_fstat64(const struct linux_args *a) { return fstat_fd((int)a->ebx, a->ecx); }

/* fstatat64(dirfd, path, buf, flags): "" with AT_EMPTY_PATH is fstat64; otherwise a path as at_dir_ok allows. */
long linux_sys_fstatat64(const struct linux_args *a)
{
	char first;
	if (copy_from_user(&first, UPTR(a->ecx), 1))
		return -EFAULT;
	if (!first)
		return (a->esi & LINUX_AT_EMPTY_PATH) ? fstat_fd((int)a->ebx, a->edx) : -ENOENT;
	long bad = at_dir_ok((int)a->ebx, a->ecx);
	if (bad)
		return bad;
	char path[VFS_PATH_LEN];
	long n = vfs_path_from_user(UPTR(a->ecx), path);
	if (n < 0)
		return n;
	struct pf_stat st;
	memset(&st, 0, sizeof st);
	long r = vfs_stat(path, &st);
	return r < 0 ? r : put_stat64(&st, a->edx);
}
