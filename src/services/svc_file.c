/* Read-only files from the initrd: open, read (through svc_read), close, stat, readdir. */
#include "pfgate/gate_table.h"
#include "services/svc_file.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "fs/initrd.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define FIRST_FILE_FD 3   /* 0-2 are the console */

/* The path as the archive names it: no leading "/" or "./"; "" is the root. */
static long path_in(const char __user *upath, char *path, size_t size)
{
	char raw[PATH_MAX_LEN];
	long n = strncpy_from_user(raw, upath, sizeof raw);
	if (n < 0)
		return n;
	const char *p = raw;
	for (;;) {
		if (*p == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else if (p[0] == '.' && p[1] == '\0')
			p++;
		else
			break;
	}
	strlcpy_k(path, p, size);
	size_t len = strlen(path);
	while (len && path[len - 1] == '/')
		path[--len] = '\0';
	return (long)len;
}

/* Is `name` (an archive entry, maybe with a trailing '/') directly inside `dir`? Returns the child part. */
static const char *child_of(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	if (dl) {
		if (strncmp(name, dir, dl) || name[dl] != '/')
			return NULL;
		name += dl + 1;
	}
	if (!*name)
		return NULL;
	const char *slash = name;
	while (*slash && *slash != '/')
		slash++;
	return (*slash == '\0' || slash[1] == '\0') ? name : NULL;
}

static bool dir_exists(const char *dir)
{
	if (!*dir)
		return true;
	struct ustar_entry e;
	uint32_t off = 0;
	size_t dl = strlen(dir);
	while (initrd_next(&off, &e))
		if (!strncmp(e.name, dir, dl) && e.name[dl] == '/')
			return true;
	return false;
}

long svc_open(const char __user *upath)
{
	char path[PATH_MAX_LEN];
	long n = path_in(upath, path, sizeof path);
	if (n < 0)
		return n;
	struct ustar_entry e;
	if (!*path || !initrd_find(path, &e)) {
		if (!*path || dir_exists(path))
			return -EISDIR;
		return -ENOENT;
	}
	if (e.is_dir)
		return -EISDIR;
	struct proc *p = current_proc();
	for (int fd = FIRST_FILE_FD; fd < NFILE; fd++) {
		struct open_file *f = &p->files[fd];
		if (!f->used) {
			f->used = true;
			f->data = e.data;
			f->size = e.size;
			f->offset = 0;
			return fd;
		}
	}
	return -EMFILE;
}

long svc_close(int fd)
{
	struct proc *p = current_proc();
	if (fd < FIRST_FILE_FD || fd >= NFILE || !p->files[fd].used)
		return -EBADF;
	p->files[fd].used = false;
	return 0;
}

long file_read(int fd, void __user *buf, unsigned long len)
{
	struct proc *p = current_proc();
	if (fd < FIRST_FILE_FD || fd >= NFILE || !p->files[fd].used)
		return -EBADF;
	struct open_file *f = &p->files[fd];
	if (!user_range_ok(buf, len))
		return -EFAULT;
	uint32_t n = f->size - f->offset < len ? f->size - f->offset : len;
	if (copy_to_user(buf, f->data + f->offset, n))
		return -EFAULT;   /* the offset stays: nothing was consumed */
	f->offset += n;
	return (long)n;
}

long svc_stat(const char __user *upath, struct pf_stat __user *ust)
{
	char path[PATH_MAX_LEN];
	long n = path_in(upath, path, sizeof path);
	if (n < 0)
		return n;
	struct pf_stat st = { 0, PF_TYPE_DIR };
	struct ustar_entry e;
	if (*path && initrd_find(path, &e)) {
		st.size = e.size;
		st.type = e.is_dir ? PF_TYPE_DIR : PF_TYPE_FILE;
	} else if (*path && !dir_exists(path)) {
		return -ENOENT;
	}
	return copy_to_user(ust, &st, sizeof st);
}

/* Entry number `index` of directory `dir`: 1 and *out filled, 0 past the end. */
long svc_readdir(const char __user *udir, unsigned long index, struct pf_dirent __user *uout)
{
	char dir[PATH_MAX_LEN];
	long n = path_in(udir, dir, sizeof dir);
	if (n < 0)
		return n;
	struct ustar_entry e;
	if (*dir && initrd_find(dir, &e) && !e.is_dir)
		return -ENOTDIR;
	if (*dir && !dir_exists(dir))
		return -ENOENT;
	if (!user_range_ok(uout, sizeof(struct pf_dirent)))
		return -EFAULT;
	uint32_t off = 0, seen = 0;
	while (initrd_next(&off, &e)) {
		const char *child = child_of(dir, e.name);
		if (!child || seen++ != index)
			continue;
		struct pf_dirent d;
		memset(&d, 0, sizeof d);
		strlcpy_k(d.name, child, sizeof d.name);
		size_t l = strlen(d.name);
		if (l && d.name[l - 1] == '/')
			d.name[l - 1] = '\0';
		d.size = e.size;
		d.type = e.is_dir ? PF_TYPE_DIR : PF_TYPE_FILE;
		return copy_to_user(uout, &d, sizeof d) ? -EFAULT : 1;
	}
	return 0;
}
