/*
 * Descriptors for Linux programs over src/vfs: pipe and pipe2, dup, dup2,
 * dup3, fcntl and fcntl64, readv and writev, pread64 and pwrite64, and
 * getdents64 (Linux's records built here from the VFS's entries). Flags and
 * fcntl commands are Linux's numbers already (pfgate/abi.h); the ones Linux
 * has and this kernel does not are refused with -EINVAL, never ignored
 * silently, unless Linux itself ignores them.
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))
#define LINUX_O_DIRECT        0040000   /* pipe2's packet mode: not served */
#define LINUX_F_DUPFD_CLOEXEC 1030
#define LINUX_IOV_MAX         1024
#define LINUX_SSIZE_MAX       0x7FFFFFFFu

long linux_sys_pipe2(const struct linux_args *a)
{
	if (a->ecx & ~(uint32_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	return fd_pipe(UPTR(a->ebx), a->ecx & O_CLOEXEC, a->ecx & O_NONBLOCK);
}

long linux_sys_pipe(const struct linux_args *a) { return fd_pipe(UPTR(a->ebx), false, 0); }
long linux_sys_dup(const struct linux_args *a) { return svc_dup((int)a->ebx); }
long linux_sys_dup2(const struct linux_args *a) { return fd_dup2((int)a->ebx, (int)a->ecx); }

/* dup2 that refuses the same descriptor twice, and may set close-on-exec on the new one. */
long linux_sys_dup3(const struct linux_args *a)
{
	if (a->edx & ~(uint32_t)O_CLOEXEC)
		return -EINVAL;
	if (a->ebx == a->ecx)
		return fd_file((int)a->ebx) ? -EINVAL : -EBADF;
	long r = fd_dup2((int)a->ebx, (int)a->ecx);
	if (r >= 0 && (a->edx & O_CLOEXEC))
		fd_set_cloexec((int)r, true);
	return r;
}

/* The native fcntl's commands, and F_DUPFD_CLOEXEC; no locks (-EINVAL, as for any command Linux does not know). */
long linux_sys_fcntl64(const struct linux_args *a)
{
	if (a->ecx != LINUX_F_DUPFD_CLOEXEC)
		return svc_fcntl((int)a->ebx, a->ecx, a->edx);
	long r = svc_fcntl((int)a->ebx, F_DUPFD, a->edx);
	if (r >= 0)
		fd_set_cloexec((int)r, true);
	return r;
}

long linux_sys_fcntl(const struct linux_args *a) { return linux_sys_fcntl64(a); }

struct linux_iovec { uint32_t base, len; };

/* Linux's MAX_RW_COUNT: one call moves at most this (INT_MAX rounded down to a page); more is cut, not refused. */
#define LINUX_MAX_RW_COUNT (LINUX_SSIZE_MAX & ~PAGE_OFFSET_MASK)

/* Piece i of the vector at uvec: 0 or -EFAULT. */
static long iov_piece(uint32_t uvec, uint32_t i, struct linux_iovec *v)
{
	return copy_from_user(v, UPTR(uvec + i * sizeof *v), sizeof *v) ? -EFAULT : 0;
}

/*
 * readv and writev, checking the vector as Linux does before any byte moves:
 * more than IOV_MAX pieces -EINVAL, then the vector's own pointer -EFAULT
 * and any piece longer than SSIZE_MAX -EINVAL, then a piece outside user
 * space -EFAULT (a piece in user space but not mapped is found when it is
 * reached). The pieces then go in turn, their total cut to MAX_RW_COUNT; a
 * short piece ends it, and so does a reader that would wait after the first
 * bytes came (Linux's readv is one read). An error counts only when nothing
 * moved.
 */
static long vector_io(const struct linux_args *a, bool write)
{
	uint32_t count = a->edx;
	if (count > LINUX_IOV_MAX)
		return -EINVAL;
	struct file *f = fd_file((int)a->ebx);
	if (!f || !(write ? file_writable(f) : file_readable(f)))
		return -EBADF;
	struct linux_iovec v;
	for (uint32_t i = 0; i < count; i++) {
		if (iov_piece(a->ecx, i, &v))
			return -EFAULT;
		if (v.len > LINUX_SSIZE_MAX)
			return -EINVAL;
	}
	for (uint32_t i = 0; i < count; i++)
		if (iov_piece(a->ecx, i, &v) || !user_range_ok(UPTR(v.base), v.len))
			return -EFAULT;
	long done = 0;
	for (uint32_t i = 0; i < count && (uint32_t)done < LINUX_MAX_RW_COUNT; i++) {
		if (iov_piece(a->ecx, i, &v))
			return done ? done : -EFAULT;
		uint32_t len = v.len < LINUX_MAX_RW_COUNT - (uint32_t)done ? v.len : LINUX_MAX_RW_COUNT - (uint32_t)done;
		if (!len)
			continue;
		if (done && !write && !(file_poll(f) & FILE_POLLIN))
			break;
		long n = write ? svc_write((int)a->ebx, UPTR(v.base), len) : svc_read((int)a->ebx, UPTR(v.base), len);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((uint32_t)n < len)
			break;
	}
	return done;
}

long linux_sys_readv(const struct linux_args *a) { return vector_io(a, false); }
long linux_sys_writev(const struct linux_args *a) { return vector_io(a, true); }

/*
 * pread64 and pwrite64 (fd, buf, count, offset low, offset high): at the
 * offset, the file's own left where it was. A file that cannot seek (a pipe,
 * the console) is -ESPIPE.
 */
static long positioned_io(const struct linux_args *a, bool write)
{
	struct file *f = fd_file((int)a->ebx);
	if (!f)
		return -EBADF;
	int64_t at = (int64_t)((uint64_t)a->edi << 32 | a->esi);
	if (at < 0)
		return -EINVAL;
	if (!f->ops->seek_size)
		return -ESPIPE;
	uint64_t keep = f->offset;
	f->offset = (uint64_t)at;
	long n = write ? svc_write((int)a->ebx, UPTR(a->ecx), a->edx) : svc_read((int)a->ebx, UPTR(a->ecx), a->edx);
	f->offset = keep;
	return n;
}

long linux_sys_pread64(const struct linux_args *a) { return positioned_io(a, false); }
long linux_sys_pwrite64(const struct linux_args *a) { return positioned_io(a, true); }

/* Linux's struct linux_dirent64 head: the name follows, NUL-terminated, the record padded to 8 bytes. */
struct linux_dirent64 {
	uint64_t ino;
	int64_t off;            /* where the next record starts: for lseek (an entry index here) */
	uint16_t reclen;
	uint8_t type;
} __attribute__((packed));
#define DIRENT64_NAME_AT 19
_Static_assert(sizeof(struct linux_dirent64) == DIRENT64_NAME_AT, "Linux's linux_dirent64 head");
#define DIRENT64_ALIGN 8
#define LINUX_DT_DIR 4
#define LINUX_DT_REG 8

/*
 * getdents64(fd, buf, count): whole records while they fit; a buffer too
 * small for the first one is -EINVAL (Linux's answer). d_ino is the
 * entry's inode number where the file system has one (ext2: what stat
 * and ls -i give); elsewhere (initrd, /dev, /proc) the entry's place from
 * 1 (glibc skips a 0), stable while the directory does not change.
 */
long linux_sys_getdents64(const struct linux_args *a)
{
	struct file *f = fd_file((int)a->ebx);
	if (!f)
		return -EBADF;
	if (!f->ops->dir_entry)
		return -ENOTDIR;
	uint32_t count = a->edx;
	char __user *out = UPTR(a->ecx);
	if (!user_range_ok(out, count))
		return -EFAULT;
	uint32_t done = 0;
	for (;;) {
		struct pf_dirent d;
		long r = f->ops->dir_entry(f, &d);
		if (r < 0 && !done)
			return r;
		if (r <= 0)
			break;
		uint32_t len = (uint32_t)strlen(d.name);
		uint32_t reclen = (DIRENT64_NAME_AT + len + 1 + DIRENT64_ALIGN - 1) & ~(DIRENT64_ALIGN - 1u);
		if (reclen > count - done) {
			if (!done)
				return -EINVAL;
			break;
		}
		char rec[(DIRENT64_NAME_AT + PF_DIRENT_NAME_LEN + DIRENT64_ALIGN - 1) & ~(DIRENT64_ALIGN - 1u)];
		memset(rec, 0, reclen);
		struct linux_dirent64 head = {
			.ino = d.ino ? d.ino : f->offset + 1, .off = (int64_t)(f->offset + 1), .reclen = (uint16_t)reclen,
			.type = d.type == PF_TYPE_DIR ? LINUX_DT_DIR : LINUX_DT_REG,
		};
		memcpy(rec, &head, sizeof head);
		memcpy(rec + DIRENT64_NAME_AT, d.name, len);
		if (copy_to_user(out + done, rec, reclen))
			return done ? (long)done : -EFAULT;
		f->offset++;
		done += reclen;
	}
	return (long)done;
}
