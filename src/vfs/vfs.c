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
	PATH_BUF(raw);
	long n = strncpy_from_user(raw, upath, PATH_MAX_LEN);
	if (n < 0)
		return n;
	return path_resolve(base, raw, out, VFS_PATH_LEN);
}

long vfs_path_from_user(const char __user *upath, char *out)
{
	return vfs_path_from_user_in(current_proc()->cwd, upath, out);
}


/* ---- symbolic links ---- */

static long readlink_once(const char *path, char *buf, size_t len);

long vfs_follow(const char *path, bool follow_last, char *out)
{
	PATH_BUF(cur);
	PATH_BUF(target);
	PATH_BUF(dir);
	strlcpy_k(cur, path, PATH_BUF_LEN);
	unsigned links = 0;
	size_t at = 1;   /* the components before cur[at] are no links */
	while (cur[at]) {
		size_t end = at;
		while (cur[end] && cur[end] != '/')
			end++;
		bool last = !cur[end];
		if (last && !follow_last)
			break;
		char save = cur[end];
		cur[end] = '\0';
		long n = readlink_once(cur, target, PATH_BUF_LEN - 1);
		cur[end] = save;
		if (n < 0) {   /* no link (-EINVAL), or nothing there: the caller's operation says what */
			if (n != -EINVAL || last)
				break;
			at = end + 1;
			continue;
		}
		if (++links > VFS_LINKS_MAX)
			return -ELOOP;
		target[n] = '\0';
		size_t dlen = at > 1 ? at - 1 : 1;   /* the link's directory: "/" or cur up to the slash before it */
		memcpy(dir, cur, dlen);
		dir[dlen] = '\0';
		size_t rest = strlen(cur + end);
		if ((size_t)n + 1 + rest >= PATH_BUF_LEN)
			return -ENAMETOOLONG;
		memcpy(target + n, cur + end, rest + 1);   /* the components after the link, each "/x" */
		long r = path_resolve(dir, target, cur, PATH_BUF_LEN);
		if (r < 0)
			return r;
		at = 1;
	}
	strlcpy_k(out, cur, VFS_PATH_LEN);
	return 0;
}

/*
 * After op on path failed as a link on the way makes it fail (a file where
 * a directory should be: -ENOTDIR; ext2's open of a link: -ELOOP), the path
 * with the links followed into out: 1 (run op again on out), 0 (no link:
 * r stands) or -errno (-ELOOP: too many).
 */
static long again_followed(const char *path, long r, bool follow_last, char *out)
{
	if (r != -ENOTDIR && r != -ELOOP)
		return 0;
	long f = vfs_follow(path, follow_last, out);
	return f < 0 ? f : strcmp(out, path) != 0;
}

/* The file system holding path (its own path in *rel); -ENOENT before anything is mounted. */
#define FIND_OR_FAIL(kind, path, rel)                  \
	const char *rel;                               \
	const struct fs_kind *kind = vfs_mount_find(path, &rel); \
	if (!kind)                                     \
		return -ENOENT

static long open_once(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	FIND_OR_FAIL(k, path, rel);
	long r = k->open(rel, flags, mode, out);
	if (r == 0 && (*out)->ops->dir_entry && !(*out)->path[0])   /* kept: /proc's fd and exe links open their target themselves */
		file_keep_dir_path(*out, path, rel);
	return r;
}

/* open's second try, past the links (out of the common path: open + close is a measured figure). */
static long __attribute__((noinline, cold)) open_followed(const char *path, long r, uint32_t flags, uint32_t mode,
							  struct file **out)
{
	PATH_BUF(followed);
	long again = again_followed(path, r, !(flags & VFS_O_NOFOLLOW), followed);
	return again < 0 ? again : again ? open_once(followed, flags, mode, out) : r;
}

long vfs_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	long r = open_once(path, flags, mode, out);
	if (__builtin_expect(r == -ENOTDIR || r == -ELOOP, 0))
		return open_followed(path, r, flags, mode, out);
	return r;
}

long vfs_open_fd(const char *path, uint32_t flags, uint32_t mode)
{
	struct file *f;
	long r = vfs_open(path, flags, mode, &f);
	return r < 0 ? r : fd_install(f, 0, flags & O_CLOEXEC);
}

static long stat_once(const char *path, struct pf_stat *st)
{
	FIND_OR_FAIL(k, path, rel);
	memset(st, 0, sizeof *st);   /* what a kind does not say (mode, rdev) is 0 */
	return k->stat(rel, st);
}

long vfs_lstat(const char *path, struct pf_stat *st)
{
	long r = stat_once(path, st);
	PATH_BUF(followed);
	long again = again_followed(path, r, false, followed);
	return again < 0 ? again : again ? stat_once(followed, st) : r;
}

static long __attribute__((noinline, cold)) stat_followed(const char *path, long r, struct pf_stat *st)
{
	PATH_BUF(followed);
	long again = again_followed(path, r == 0 ? -ELOOP : r, true, followed);
	return again < 0 ? again : again ? stat_once(followed, st) : r;
}

long vfs_stat(const char *path, struct pf_stat *st)
{
	long r = stat_once(path, st);
	if (__builtin_expect(r == 0 && (st->mode & VFS_MODE_TYPE) != VFS_MODE_LINK, 1))
		return 0;
	return r == 0 || r == -ENOTDIR || r == -ELOOP ? stat_followed(path, r, st) : r;
}

static long dir_entry_once(const char *path, uint32_t index, struct pf_dirent *out)
{
	FIND_OR_FAIL(k, path, rel);
	return k->dir_entry(rel, index, out);
}

long vfs_dir_entry(const char *path, uint32_t index, struct pf_dirent *out)
{
	long r = dir_entry_once(path, index, out);
	PATH_BUF(followed);
	long again = again_followed(path, r, true, followed);
	return again < 0 ? again : again ? dir_entry_once(followed, index, out) : r;
}

long vfs_chdir(const char *path)
{
	struct pf_stat st;
	long r = vfs_stat(path, &st);
	if (r < 0)
		return r;
	if (st.type != PF_TYPE_DIR)
		return -ENOTDIR;
	PATH_BUF(followed);   /* the directory itself, as Linux's getcwd names it */
	r = vfs_follow(path, true, followed);
	if (r < 0)
		return r;
	strlcpy_k(current_proc()->cwd, followed, sizeof current_proc()->cwd);
	return 0;
}

/*
 * A read-only file system says -EROFS for every name, as Linux's does for a
 * path on a read-only mount (even where a writable one would say -ENOENT).
 */
static long mkdir_once(const char *path, uint32_t mode)
{
	FIND_OR_FAIL(k, path, rel);
	return k->mkdir ? k->mkdir(rel, mode) : -EROFS;
}

static long unlink_once(const char *path, uint32_t unused)
{
	(void)unused;
	FIND_OR_FAIL(k, path, rel);
	return k->unlink ? k->unlink(rel) : -EROFS;
}

static long rmdir_once(const char *path, uint32_t unused)
{
	(void)unused;
	FIND_OR_FAIL(k, path, rel);
	return k->rmdir ? k->rmdir(rel) : -EROFS;
}

/* An operation on a name itself (not what a link there names): the links before it followed when they made it fail. */
static long on_name(long (*op)(const char *, uint32_t), const char *path, uint32_t arg)
{
	long r = op(path, arg);
	PATH_BUF(followed);
	long again = again_followed(path, r, false, followed);
	return again < 0 ? again : again ? op(followed, arg) : r;
}

long vfs_mkdir(const char *path, uint32_t mode) { return on_name(mkdir_once, path, mode); }
long vfs_unlink(const char *path) { return on_name(unlink_once, path, 0); }
long vfs_rmdir(const char *path) { return on_name(rmdir_once, path, 0); }

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

static long readlink_once(const char *path, char *buf, size_t len)
{
	FIND_OR_FAIL(k, path, rel);
	if (k->readlink)
		return k->readlink(rel, buf, len);
	struct pf_stat st;
	long r = k->stat(rel, &st);
	return r < 0 ? r : -EINVAL;   /* it exists, and is no link */
}

long vfs_readlink(const char *path, char *buf, size_t len)
{
	long r = readlink_once(path, buf, len);
	if (r != -ENOTDIR)
		return r;
	PATH_BUF(followed);
	long f = vfs_follow(path, false, followed);
	return f < 0 ? f : strcmp(followed, path) ? readlink_once(followed, buf, len) : r;
}

static long symlink_once(const char *target, size_t len, const char *path)
{
	FIND_OR_FAIL(k, path, rel);
	return k->symlink ? k->symlink(target, len, rel) : -EROFS;
}

long vfs_symlink(const char *target, size_t len, const char *path)
{
	long r = symlink_once(target, len, path);
	PATH_BUF(followed);
	long again = again_followed(path, r, false, followed);
	return again < 0 ? again : again ? symlink_once(target, len, followed) : r;
}

static long set_times_once(const char *path, const uint32_t *atime, const uint32_t *mtime)
{
	FIND_OR_FAIL(k, path, rel);
	if (k->set_times)
		return k->set_times(rel, atime, mtime);
	struct pf_stat st;
	long r = k->stat(rel, &st);
	return r < 0 ? r : -EROFS;
}

long vfs_set_times(const char *path, bool follow, const uint32_t *atime, const uint32_t *mtime)
{
	PATH_BUF(followed);
	long r = vfs_follow(path, follow, followed);   /* a link's own times only without follow */
	return r < 0 ? r : set_times_once(followed, atime, mtime);
}

static long set_mode_once(const char *path, uint32_t mode)
{
	FIND_OR_FAIL(k, path, rel);
	if (k->set_mode)
		return k->set_mode(rel, mode);
	struct pf_stat st;
	long r = k->stat(rel, &st);
	return r < 0 ? r : -EROFS;
}

long vfs_set_mode(const char *path, uint32_t mode)
{
	PATH_BUF(followed);
	long r = vfs_follow(path, true, followed);   /* chmod changes what a link names (a link's own mode is unused) */
	return r < 0 ? r : set_mode_once(followed, mode);
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
