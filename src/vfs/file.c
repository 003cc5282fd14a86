/* The pool of open-file objects (vfs/file.h). */
#include <stddef.h>
#include "vfs/file.h"
#include "lib/params.h"
#include "lib/string.h"
#include "lib/panic.h"
#include "mm/uaccess.h"
#include "arch/long_work.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

static struct file pool[NOPENFILE];
static unsigned in_use;

void file_keep_dir_path(struct file *f, const char *path, const char *rel)
{
	strlcpy_k(f->path, path, sizeof f->path);
	size_t n = strlen(f->path), at = (uintptr_t)rel - (uintptr_t)path;
	f->kind_at = (uint16_t)(at < n ? at : n);   /* a mount point's own "/" lies elsewhere: past the end reads as "/" */
}

struct file *file_alloc(const struct file_ops *ops, uint32_t flags)
{
	for (struct file *f = pool; f < &pool[NOPENFILE]; f++) {
		if (f->refs)
			continue;
		memset(f, 0, offsetof(struct file, path));   /* the path (a KiB) needs only its first byte */
		f->path[0] = '\0';
		f->refs = 1;
		f->ops = ops;
		f->flags = flags;
		in_use++;
		return f;
	}
	return NULL;
}

void file_put(struct file *f)
{
	if (!f->refs)
		panic("file_put: an open file with no reference left");
	if (--f->refs)
		return;
	if (f->ops->close)
		f->ops->close(f);
	in_use--;
}

struct file *file_next(const struct file_ops *ops, uint32_t ino, struct file *after)
{
	for (struct file *f = after ? after + 1 : pool; f < &pool[NOPENFILE]; f++)
		if (f->refs && f->ops == ops && f->ino == ino)
			return f;
	return NULL;
}

unsigned file_count(void)
{
	return in_use;
}

long file_seek_target(struct file *f, int64_t off, unsigned long whence, int64_t *to)
{
	if (f->ops->seek_stays_at_zero) {
		*to = 0;
		return 0;
	}
	if (!f->ops->seek_size)
		return -ESPIPE;
	int64_t base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->offset; break;
	case SEEK_END: {
		long r = f->ops->seek_size(f, &base);
		if (r < 0)
			return r;
		break;
	}
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	*to = base + off;
	return 0;
}

long file_getdents(struct file *f, struct pf_dirent __user *out, unsigned long count)
{
	if (!f->ops->dir_entry)
		return -ENOTDIR;
	if (!user_range_ok(out, count * sizeof *out) || count > FD_MAX * FD_MAX)
		return -EFAULT;
	unsigned long done = 0;
	for (; done < count; done++) {
		struct pf_dirent d;
		long r = f->ops->dir_entry(f, &d);
		if (r <= 0)
			return done ? (long)done : r;
		if (copy_to_user(out + done, &d, sizeof d))
			return done ? (long)done : -EFAULT;
		f->offset++;
	}
	return (long)done;
}

long file_memory_read(struct file *f, void __user *buf, unsigned long len)
{
	if (!user_range_ok(buf, len))
		return -EFAULT;
	uint64_t left = f->offset < f->size ? f->size - f->offset : 0;
	uint32_t n = left < len ? (uint32_t)left : (uint32_t)len;
	uint32_t rest = (uint32_t)copy_to_user_rest(buf, (const char *)f->obj + f->offset, n);
	if (rest && rest == n)
		return -EFAULT;   /* the offset stays: nothing was consumed */
	n -= rest;   /* the bytes before a bad page, as Linux: the offset moves by those */
	f->offset += n;
	long_work_point();   /* a long copy runs with interrupts on (mm/uaccess.c) */
	return (long)n;
}

long file_memory_size(struct file *f, int64_t *size)
{
	*size = f->size;
	return 0;
}

long file_dir_read(struct file *f, void __user *buf, unsigned long len)
{
	(void)f, (void)buf, (void)len;
	return -EISDIR;
}

unsigned file_poll(struct file *f)
{
	return f->ops->poll ? f->ops->poll(f) : FILE_POLLIN | FILE_POLLOUT;
}
