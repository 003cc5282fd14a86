/* Descriptor services: open, close, read, write, lseek, dup, dup2, fcntl, fstat, getdents, pipe, fsync. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/vfs.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

long svc_open(const char __user *upath, unsigned long flags, unsigned long mode)
{
	if (flags & ~(unsigned long)O_OPEN_FLAGS || (flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	PATH_BUF(path);
	long n = vfs_path_from_user(upath, path);
	return n < 0 ? n : vfs_open_fd(path, (uint32_t)flags, (uint32_t)mode);
}

long svc_close(int fd)
{
	return fd_close(fd);
}

long svc_read(int fd, void __user *buf, unsigned long len)
{
	struct file *f = fd_file(fd);
	if (!f || !file_readable(f))
		return -EBADF;
	if (!f->ops->read)
		return -EINVAL;
	return f->ops->read(f, buf, len);
}

long svc_write(int fd, const void __user *buf, unsigned long len)
{
	struct file *f = fd_file(fd);
	if (!f || !file_writable(f))
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	return f->ops->write(f, buf, len);
}

/* Linux's _llseek: the 64-bit offset comes in and the new one goes back through *uoffset. */
long svc_lseek(int fd, long long __user *uoffset, unsigned long whence)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	int64_t off = 0, to;
	if (f->ops->seek_size && copy_from_user(&off, uoffset, sizeof off))
		return -EFAULT;
	long r = file_seek_target(f, off, whence, &to);
	if (r)
		return r;
	if (copy_to_user(uoffset, &to, sizeof to))
		return -EFAULT;   /* the offset stays: the caller could not learn the new one */
	f->offset = (uint64_t)to;
	return 0;
}

long svc_dup(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	file_get(f);
	return fd_install(f, 0, false);
}

long svc_dup2(int fd, int newfd)
{
	return fd_dup2(fd, newfd);
}

long svc_fcntl(int fd, unsigned long cmd, unsigned long arg)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
		if (arg >= FD_MAX)
			return -EINVAL;
		file_get(f);
		return fd_install(f, (int)arg, false);
	case F_GETFD:
		return fd_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(uint32_t)O_SETFL_FLAGS) | (arg & O_SETFL_FLAGS);
		return 0;
	default:
		return -EINVAL;
	}
}

long svc_fstat(int fd, struct pf_stat __user *ust)
{
	struct pf_stat st;
	long r = fd_stat(fd, &st);
	return r ? r : copy_to_user(ust, &st, sizeof st);
}

long svc_getdents(int fd, struct pf_dirent __user *out, unsigned long count)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return file_getdents(f, out, count);
}

long svc_pipe(int __user *ufds)
{
	return fd_pipe(ufds, false, 0);
}

long svc_fsync(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return f->ops->fsync ? f->ops->fsync(f) : 0;
}
