/* The name space (vfs/vfs.h): paths handed to the file system mounted over them (vfs/mount.h). */
#include "vfs/vfs.h"
#include "vfs/path.h"
#include "vfs/mount.h"
#include "vfs/initrd_file.h"
#include "vfs/ext2_file.h"
#include "vfs/dev_file.h"
#include "vfs/proc_file.h"
#include "vfs/fdtable.h"
#include "fs/disk_root.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "lib/kprintf.h"
#include <pfgate/errno.h>

#define INITRD_UNDER_DISK "/initrd"   /* where the initrd stays reachable when the disk is "/" */
#define DEV_AT "/dev"
#define PROC_AT "/proc"

static const char *initrd_at = "/";

const char *vfs_initrd_path(void) { return initrd_at; }

void vfs_mount_root(void)
{
	if (disk_root()) {
		vfs_mount("/", &ext2_kind);
		vfs_mount(INITRD_UNDER_DISK, &initrd_kind);
		initrd_at = INITRD_UNDER_DISK;
		kprintf("vfs: / is the disk (ext2, read-write); the initrd is at %s, read-only\n", INITRD_UNDER_DISK);
	} else {
		vfs_mount("/", &initrd_kind);
		kprintf("vfs: / is the initrd, read-only\n");
	}
	vfs_mount(DEV_AT, &dev_kind);
	vfs_mount(PROC_AT, &proc_kind);
}

long vfs_path_from_user_in(const char *base, const char __user *upath, char *out)
{
	char raw[PATH_MAX_LEN];
	long n = strncpy_from_user(raw, upath, sizeof raw);
	if (n < 0)
		return n;
	return path_resolve(base, raw, out, VFS_PATH_LEN);
}

long vfs_path_from_user(const char __user *upath, char *out)
{
	return vfs_path_from_user_in(current_proc()->cwd, upath, out);
}

/* The file system holding path (its own path in *rel); -ENOENT before anything is mounted. */
#define FIND_OR_FAIL(kind, path, rel)                  \
	const char *rel;                               \
	const struct fs_kind *kind = vfs_mount_find(path, &rel); \
	if (!kind)                                     \
		return -ENOENT

long vfs_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	FIND_OR_FAIL(k, path, rel);
	long r = k->open(rel, flags, mode, out);
	if (r == 0 && (*out)->ops->dir_entry)
		strlcpy_k((*out)->dir_path, path, sizeof (*out)->dir_path);
	return r;
}

long vfs_open_fd(const char *path, uint32_t flags, uint32_t mode)
{
	struct file *f;
	long r = vfs_open(path, flags, mode, &f);
	return r < 0 ? r : fd_install(f, 0, flags & O_CLOEXEC);
}

long vfs_stat(const char *path, struct pf_stat *st)
{
	FIND_OR_FAIL(k, path, rel);
	memset(st, 0, sizeof *st);   /* what a kind does not say (mode, rdev) is 0 */
	return k->stat(rel, st);
}

long vfs_dir_entry(const char *path, uint32_t index, struct pf_dirent *out)
{
	FIND_OR_FAIL(k, path, rel);
	return k->dir_entry(rel, index, out);
}

long vfs_chdir(const char *path)
{
	struct pf_stat st;
	long r = vfs_stat(path, &st);
	if (r < 0)
		return r;
	if (st.type != PF_TYPE_DIR)
		return -ENOTDIR;
	strlcpy_k(current_proc()->cwd, path, sizeof current_proc()->cwd);
	return 0;
}

/*
 * A read-only file system says -EROFS for every name, as Linux's does for a
 * path on a read-only mount (even where a writable one would say -ENOENT).
 */
long vfs_mkdir(const char *path, uint32_t mode)
{
	FIND_OR_FAIL(k, path, rel);
	return k->mkdir ? k->mkdir(rel, mode) : -EROFS;
}

long vfs_unlink(const char *path)
{
	FIND_OR_FAIL(k, path, rel);
	return k->unlink ? k->unlink(rel) : -EROFS;
}

long vfs_rmdir(const char *path)
{
	FIND_OR_FAIL(k, path, rel);
	return k->rmdir ? k->rmdir(rel) : -EROFS;
}

/* rename and link: both names on one file system (-EXDEV otherwise, as Linux checks first). */
static long two_names(const char *from, const char *to, bool link)
{
	FIND_OR_FAIL(k, from, rel);
	const char *rel_to;
	if (vfs_mount_find(to, &rel_to) != k)
		return -EXDEV;
	long (*op)(const char *, const char *) = link ? k->link : k->rename;
	return op ? op(rel, rel_to) : -EROFS;
}

long vfs_rename(const char *from, const char *to) { return two_names(from, to, false); }
long vfs_link(const char *from, const char *to) { return two_names(from, to, true); }

long vfs_readlink(const char *path, char *buf, size_t len)
{
	FIND_OR_FAIL(k, path, rel);
	if (k->readlink)
		return k->readlink(rel, buf, len);
	struct pf_stat st;
	long r = k->stat(rel, &st);
	return r < 0 ? r : -EINVAL;   /* it exists, and is no link */
}

long vfs_truncate(struct file *f, uint64_t size)
{
	if (f->ops->dir_entry)
		return -EISDIR;
	return f->ops->truncate ? f->ops->truncate(f, size) : -EINVAL;
}

long vfs_sync(void)
{
	return vfs_mount_sync_all();
}
