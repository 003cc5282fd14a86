/* Initrd files and directories as open files (vfs/initrd_file.h). */
#include "vfs/initrd_file.h"
#include "fs/initrd.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include <pfgate/errno.h>
#include <pfgate/layout.h>

/* The archive's name for a canonical path: no leading '/'; "" is the root. */
static const char *archive_name(const char *path)
{
	return path[0] == '/' ? path + 1 : path;
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

/* A directory has an entry of its own or is the prefix of one (tar need not list it). */
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

/* What path names: 1 a file (*e filled, *ino its number), 2 a directory, -ENOENT. */
static long lookup(const char *name, struct ustar_entry *e, uint32_t *ino)
{
	uint32_t off = 0, n = 0;
	*ino = 0;
	if (*name) {
		while (initrd_next(&off, e)) {
			n++;
			if (ustar_name_eq(name, e->name)) {
				*ino = n;
				return e->is_dir ? 2 : 1;
			}
		}
	}
	return dir_exists(name) ? 2 : -ENOENT;
}

static int initrd_map_page(struct file *f, void *page, uint64_t off)
{
	if (off < f->size)
		memcpy(page, (const char *)f->obj + off, f->size - off < PAGE_SIZE ? f->size - off : PAGE_SIZE);
	return 0;
}

static long initrd_fstat(struct file *f, struct pf_stat *st)
{
	st->size = f->size;
	st->type = f->ops->dir_entry ? PF_TYPE_DIR : PF_TYPE_FILE;
	st->ino = f->ino;
	st->nlink = 1;
	return 0;
}

long initrd_dir_entry(const char *path, uint32_t index, struct pf_dirent *d)
{
	const char *dir = archive_name(path);
	struct ustar_entry e;
	uint32_t ino;
	long kind = lookup(dir, &e, &ino);
	if (kind < 0)
		return kind;
	if (kind == 1)
		return -ENOTDIR;
	uint32_t off = 0, seen = 0;
	while (initrd_next(&off, &e)) {
		const char *child = child_of(dir, e.name);
		if (!child || seen++ != index)
			continue;
		memset(d, 0, sizeof *d);
		strlcpy_k(d->name, child, sizeof d->name);
		size_t l = strlen(d->name);
		if (l && d->name[l - 1] == '/')
			d->name[l - 1] = '\0';
		d->size = e.size;
		d->type = e.is_dir ? PF_TYPE_DIR : PF_TYPE_FILE;
		return 1;
	}
	return 0;
}

static long initrd_cursor_entry(struct file *f, struct pf_dirent *d)
{
	return initrd_dir_entry(file_kind_path(f), (uint32_t)f->offset, d);
}

static const struct file_ops initrd_file_ops = {
	.read = file_memory_read,
	.map_page = initrd_map_page,
	.seek_size = file_memory_size,
	.fstat = initrd_fstat,
};

static const struct file_ops initrd_dir_ops = {
	.read = file_dir_read,
	.seek_size = file_memory_size,
	.fstat = initrd_fstat,
	.dir_entry = initrd_cursor_entry,
};

long initrd_file_open(const char *path, uint32_t flags, struct file **out)
{
	const char *name = archive_name(path);
	struct ustar_entry e;
	uint32_t ino;
	long kind = lookup(name, &e, &ino);
	if (kind < 0)
		return (flags & O_CREAT) ? -EROFS : kind;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (kind == 2 && (flags & O_ACCMODE) != O_RDONLY)
		return -EISDIR;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return -EROFS;
	if (kind == 1 && (flags & O_DIRECTORY))
		return -ENOTDIR;
	struct file *f = file_alloc(kind == 1 ? &initrd_file_ops : &initrd_dir_ops, flags & (O_ACCMODE | O_APPEND));
	if (!f)
		return -ENFILE;
	f->ino = ino;
	if (kind == 1) {
		f->obj = (void *)e.data;
		f->size = e.size;
	}
	*out = f;
	return 0;
}

long initrd_file_stat(const char *path, struct pf_stat *st)
{
	struct ustar_entry e;
	uint32_t ino;
	long kind = lookup(archive_name(path), &e, &ino);
	if (kind < 0)
		return kind;
	memset(st, 0, sizeof *st);
	st->type = kind == 1 ? PF_TYPE_FILE : PF_TYPE_DIR;
	st->size = kind == 1 ? e.size : 0;
	st->ino = ino;
	st->nlink = 1;
	return 0;
}

static long initrd_kind_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	(void)mode;   /* the initrd creates nothing */
	return initrd_file_open(path, flags, out);
}

const struct fs_kind initrd_kind = {
	.name = "initrd",
	.open = initrd_kind_open,
	.stat = initrd_file_stat,
	.dir_entry = initrd_dir_entry,
};
