/* ext2 files and directories as open files (vfs/ext2_file.h). */
#include "vfs/ext2_file.h"
#include "fs/disk_root.h"
#include "fs/ext2/ext2.h"
#include "mm/uaccess.h"
#include "arch/long_work.h"
#include "lib/string.h"
#include <pfgate/errno.h>

#define BOUNCE_BYTES 4096u        /* one piece of a read or write: well under a tick of copying */
#define DEFAULT_FILE_MODE 0644u   /* what open(O_CREAT) and mkdir make when mode says nothing */
#define DEFAULT_DIR_MODE 0755u

static uint8_t bounce[BOUNCE_BYTES];   /* the disk lock's: user bytes pass here */

static const struct file_ops ext2_file_ops, ext2_dir_ops;

/* ---- paths ---- */

static long lookup(const char *path, uint32_t *ino)
{
	return ext2_namei(disk_root(), path, (uint32_t)strlen(path), ino);
}

/*
 * The directory holding path's last component (*dir) and that component
 * (*name, *len). The root has no parent: -EBUSY (what Linux says of "/").
 */
static long parent_of(const char *path, uint32_t *dir, const char **name, uint32_t *len)
{
	const char *slash = path;
	for (const char *p = path; *p; p++)
		if (*p == '/')
			slash = p;
	if (!slash[1])
		return -EBUSY;
	*name = slash + 1;
	*len = (uint32_t)strlen(*name);
	uint32_t plen = (uint32_t)(slash - path);
	return ext2_namei(disk_root(), plen ? path : "/", plen ? plen : 1, dir);
}

static uint32_t pf_type(uint16_t mode)
{
	return (mode & EXT2_S_IFMT) == EXT2_S_IFDIR ? PF_TYPE_DIR : PF_TYPE_FILE;
}

static void fill_stat(const struct ext2_stat *es, struct pf_stat *st)
{
	memset(st, 0, sizeof *st);
	st->size = (unsigned long)es->size;
	st->type = pf_type(es->mode);
	st->ino = es->ino;
	st->nlink = es->links;
	st->mode = es->mode;
	st->mtime = es->mtime;
	st->atime = es->atime;
	st->ctime = es->ctime;
}

/* Is ino open through any descriptor (file_ops of ours)? */
static bool is_open(uint32_t ino)
{
	return file_find(&ext2_file_ops, ino) || file_find(&ext2_dir_ops, ino);
}

/* Removing a name of an open directory is -EBUSY; a file's inode outlives its last name (ext2_file_keep_unlinked). */
static long busy_if_last(uint32_t ino)
{
	struct ext2_stat es;
	long r = ext2_stat(disk_root(), ino, &es);
	if (r < 0)
		return r;
	return (es.mode & EXT2_S_IFMT) == EXT2_S_IFDIR && is_open(ino) ? -EBUSY : 0;
}

int ext2_file_keep_unlinked(uint32_t ino)
{
	int kept = 0;
	for (struct file *f = NULL; (f = file_next(&ext2_file_ops, ino, f)); kept = 1)
		f->unlinked = true;
	return kept;
}

/* The last open object of an inode with no name left: the inode and its blocks go now. */
static void ext2_file_close(struct file *f)
{
	if (!f->unlinked || file_find(&ext2_file_ops, f->ino))
		return;
	disk_lock();
	ext2_release_unlinked(disk_root(), f->ino);   /* a failure leaves what e2fsck -fy frees, as a crash would */
	disk_unlock();
}

/* ---- open files ---- */

/* One piece of a read or write, under the disk lock: bytes moved (want, or fewer at the end) or -errno. */
typedef long (*piece_fn)(struct file *f, char __user *at, uint32_t want);

/*
 * A read or write in pieces of the bounce buffer: the lock is dropped and a
 * preemption point reached between pieces. The offset moves by what each
 * piece moved; a failed piece after some bytes ends with their count.
 */
static long in_pieces(struct file *f, char __user *buf, unsigned long len, piece_fn piece)
{
	if (!user_range_ok(buf, len))
		return -EFAULT;
	unsigned long done = 0;
	while (done < len) {
		uint32_t want = len - done < BOUNCE_BYTES ? (uint32_t)(len - done) : BOUNCE_BYTES;
		disk_lock();
		long n = piece(f, buf + done, want);
		disk_unlock();
		if (n <= 0)
			return done ? (long)done : n;
		f->offset += (uint64_t)n;
		done += (unsigned long)n;
		if ((uint32_t)n < want || done == len)
			break;
		long_work_point();   /* between pieces only: after the last, the return to the user is as near */
	}
	return (long)done;
}

/* A hole's zeros, through the bounce buffer (n is at most a block: a piece never spans more than BOUNCE_BYTES). */
static int __attribute__((noinline, cold)) zeros_to_user(char __user *to, uint32_t n)
{
	memset(bounce, 0, n);
	return copy_to_user_checked(to, bounce, n);
}

/*
 * A read's bytes go from the cache's buffers to the user, one copy a block,
 * inside the range in_pieces checked; ctx is the user buffer's start. A
 * refused copy ends the read before its block, and read_piece's careful
 * pass redoes the rest: this sink keeps nothing across the copy, so it is
 * a tail call (keeping the count for a partial read here cost a cached
 * 4 KiB read 64 Bochs instructions).
 */
static int to_user(void *ctx, uint32_t done, const void *src, uint32_t n)
{
	char __user *at = *(char __user **)ctx + done;
	if (__builtin_expect(!src, 0))
		return zeros_to_user(at, n);
	return copy_to_user_checked(at, src, n);
}

/* The careful pass's sink: where its bytes go, and how many reached the user when a copy stopped at a bad page. */
struct user_sink {
	char __user *at;
	uint32_t copied;
	bool stopped;
};

/* Each block copied up to the first bad page in the user's buffer, and the bytes before it count (as Linux). */
static int to_user_pages(void *ctx, uint32_t done, const void *src, uint32_t n)
{
	struct user_sink *sink = ctx;
	if (!src) {
		memset(bounce, 0, n);
		src = bounce;
	}
	size_t rest = copy_to_user_rest_checked(sink->at + done, src, n);
	if (!rest)
		return 0;
	sink->copied = done + n - (uint32_t)rest;
	sink->stopped = true;
	return -EFAULT;
}

/*
 * A read that came back short (got bytes of want, or -errno): the end of
 * the file, an error after some blocks, or a copy refused at a bad page.
 * The rest is read again, under the same lock, through the careful sink:
 * at the end of the file it reads nothing, an error comes back again, a
 * bad page gives the bytes before it.
 */
static long __attribute__((noinline, cold)) read_piece_rest(struct file *f, char __user *at, uint32_t want, long got)
{
	if (got < 0 && got != -EFAULT)
		return got;
	uint32_t done = got < 0 ? 0 : (uint32_t)got;
	struct user_sink sink = { at + done, 0, false };
	long r = ext2_read_to(disk_root(), f->ino, f->offset + done, want - done, to_user_pages, &sink);
	if (sink.stopped)
		done += sink.copied;
	else if (r > 0)
		done += (uint32_t)r;
	else if (r < 0 && !done)
		return r;
	return done ? (long)done : (sink.stopped ? -EFAULT : 0);
}

static long read_piece(struct file *f, char __user *at, uint32_t want)
{
	long r = ext2_read_to(disk_root(), f->ino, f->offset, want, to_user, &at);
	if (__builtin_expect(r == (long)want, 1))
		return r;
	return read_piece_rest(f, at, want, r);
}

/* The bytes before a bad page in the user's buffer are written, as Linux; none: -EFAULT. */
static long write_piece(struct file *f, char __user *at, uint32_t want)
{
	want -= (uint32_t)copy_from_user_rest(bounce, at, want);
	if (!want)
		return -EFAULT;
	if (f->flags & O_APPEND) {
		struct ext2_stat es;
		long r = ext2_stat(disk_root(), f->ino, &es);
		if (r < 0)
			return r;
		f->offset = es.size;
	}
	return ext2_write(disk_root(), f->ino, f->offset, bounce, want);
}

static long ext2_file_read(struct file *f, void __user *buf, unsigned long len)
{
	return in_pieces(f, buf, len, read_piece);
}

/* The pieces only read the user's bytes: the cast drops const for the one walker. */
static long ext2_file_write(struct file *f, const void __user *buf, unsigned long len)
{
	return in_pieces(f, (char __user *)(uintptr_t)buf, len, write_piece);
}

static long ext2_dir_read(struct file *f, void __user *buf, unsigned long len)
{
	(void)f, (void)buf, (void)len;
	return -EISDIR;
}

static long ext2_file_seek_size(struct file *f, int64_t *size)
{
	struct ext2_stat es;
	disk_lock();
	long r = ext2_stat(disk_root(), f->ino, &es);
	disk_unlock();
	*size = (int64_t)es.size;
	return r;
}

static long ext2_file_fstat(struct file *f, struct pf_stat *st)
{
	struct ext2_stat es;
	disk_lock();
	long r = ext2_stat(disk_root(), f->ino, &es);
	disk_unlock();
	if (r == 0)
		fill_stat(&es, st);
	return r;
}

_Static_assert(sizeof ((struct ext2_dirent_info *)0)->name <= sizeof ((struct pf_dirent *)0)->name,
	       "pf_dirent holds every ext2 name whole");

/*
 * The next entry from the byte cursor f->dir_pos, "." and ".." too (they are
 * entries of an ext2 directory, as POSIX's readdir gives them): 1, 0 at the end.
 */
static long next_entry(struct file *f, uint32_t dir, struct pf_dirent *d)
{
	struct ext2_fs *fs = disk_root();
	struct ext2_dirent_info e;
	uint64_t pos = f->dir_pos;
	int r = ext2_readdir(fs, dir, &pos, &e);
	if (r <= 0)
		return r;
	f->dir_pos = (uint32_t)pos;
	struct ext2_stat es;
	r = ext2_stat(fs, e.ino, &es);
	if (r < 0)
		return r;
	memset(d, 0, sizeof *d);
	strlcpy_k(d->name, e.name, sizeof d->name);   /* whole: ext2's names are at most PF_NAME_MAX */
	d->size = (unsigned long)es.size;
	d->type = pf_type(es.mode);
	d->ino = e.ino;
	return 1;
}

/*
 * f->offset is the entry index the user sees (lseek may set it); the byte
 * cursor dir_pos stands at entry dir_index, dir_last_pos at the one before.
 * getdents asks again for an entry it had no room for (f->offset one
 * behind): read from dir_last_pos, not counted from the start, which in a
 * directory that lost entries meanwhile (rm -r unlinks each batch it read)
 * would skip entries never returned. Any other cursor behind starts over.
 */
static long entry_at(struct file *f, uint32_t dir, struct pf_dirent *d)
{
	if (f->offset + 1 == f->dir_index) {
		f->dir_pos = f->dir_last_pos;
		f->dir_index--;
	} else if (f->offset < f->dir_index) {
		f->dir_pos = 0;
		f->dir_index = 0;
	}
	for (;;) {
		uint32_t at = f->dir_pos;
		long r = next_entry(f, dir, d);
		if (r <= 0)
			return r;
		f->dir_last_pos = at;
		if (f->dir_index++ == f->offset)
			return 1;
	}
}

static long ext2_cursor_entry(struct file *f, struct pf_dirent *d)
{
	disk_lock();
	long r = entry_at(f, f->ino, d);
	disk_unlock();
	return r;
}

static long ext2_file_fsync(struct file *f)
{
	(void)f;
	return disk_sync();   /* the whole cache: what this file needs is in it */
}

/* A private mapping's page: the file's bytes at off (a hole and what lies past the end stay the page's zeros). */
static int ext2_map_page(struct file *f, void *page, uint64_t off)
{
	disk_lock();
	long r = ext2_read(disk_root(), f->ino, off, page, PAGE_SIZE);
	disk_unlock();
	return r < 0 ? (int)r : 0;
}

static long ext2_file_truncate(struct file *f, uint64_t size)
{
	disk_lock();
	long r = ext2_truncate(disk_root(), f->ino, size);
	disk_unlock();
	return r;
}

static const struct file_ops ext2_file_ops = {
	.read = ext2_file_read,
	.write = ext2_file_write,
	.seek_size = ext2_file_seek_size,
	.fstat = ext2_file_fstat,
	.fsync = ext2_file_fsync,
	.close = ext2_file_close,
	.map_page = ext2_map_page,
	.truncate = ext2_file_truncate,
};

static const struct file_ops ext2_dir_ops = {
	.read = ext2_dir_read,
	.seek_size = ext2_file_seek_size,
	.fstat = ext2_file_fstat,
	.dir_entry = ext2_cursor_entry,
	.fsync = ext2_file_fsync,
};

/* ---- the name space ---- */

/* What open finds or makes at path (locked): the inode and its mode. */
static long open_inode(const char *path, uint32_t flags, uint32_t mode, uint32_t *ino, struct ext2_stat *es)
{
	struct ext2_fs *fs = disk_root();
	long r = lookup(path, ino);
	if (r == -ENOENT && (flags & O_CREAT)) {
		uint32_t dir, len;
		const char *name;
		r = parent_of(path, &dir, &name, &len);
		if (r == 0)
			r = ext2_create(fs, dir, name, len, (uint16_t)(EXT2_S_IFREG | (mode & 07777 ? mode & 07777 : DEFAULT_FILE_MODE)), ino);
		return r < 0 ? r : ext2_stat(fs, *ino, es);
	}
	if (r < 0)
		return r;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	r = ext2_stat(fs, *ino, es);
	if (r < 0)
		return r;
	bool dir = (es->mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	if (dir && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (!dir && (flags & O_DIRECTORY))
		return -ENOTDIR;
	if (!dir && (es->mode & EXT2_S_IFMT) != EXT2_S_IFREG)
		return -ELOOP;   /* a symbolic link (not followed) or a device: nothing to read here */
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY && es->size)
		r = ext2_truncate(fs, *ino, 0);
	return r;
}

static long ext2_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	uint32_t ino;
	struct ext2_stat es;
	disk_lock();
	long r = open_inode(path, flags, mode, &ino, &es);
	disk_unlock();
	if (r < 0)
		return r;
	bool dir = (es.mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	struct file *f = file_alloc(dir ? &ext2_dir_ops : &ext2_file_ops, flags & (O_ACCMODE | O_APPEND));
	if (!f)
		return -ENFILE;   /* a file O_CREAT just made stays, as in Linux when the table is full */
	f->ino = ino;
	*out = f;
	return 0;
}

static long ext2_path_stat(const char *path, struct pf_stat *st)
{
	uint32_t ino;
	struct ext2_stat es;
	disk_lock();
	long r = lookup(path, &ino);
	if (r == 0)
		r = ext2_stat(disk_root(), ino, &es);
	disk_unlock();
	if (r == 0)
		fill_stat(&es, st);
	return r;
}

static long ext2_dir_entry(const char *path, uint32_t index, struct pf_dirent *out)
{
	struct file cursor;   /* a throw-away cursor: index entries from the start (its path is never read) */
	memset(&cursor, 0, offsetof(struct file, path));
	cursor.offset = index;
	uint32_t ino;
	struct ext2_stat es;
	disk_lock();
	long r = lookup(path, &ino);
	if (r == 0)
		r = ext2_stat(disk_root(), ino, &es);
	if (r == 0 && (es.mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
		r = -ENOTDIR;
	if (r == 0)
		r = entry_at(&cursor, ino, out);
	disk_unlock();
	return r;
}

static long ext2_path_mkdir(const char *path, uint32_t mode)
{
	uint32_t dir, len, ino;
	const char *name;
	disk_lock();
	long r = parent_of(path, &dir, &name, &len);
	if (r == -EBUSY)
		r = -EEXIST;   /* mkdir("/") */
	if (r == 0)
		r = ext2_mkdir(disk_root(), dir, name, len, (uint16_t)(mode & 07777 ? mode & 07777 : DEFAULT_DIR_MODE), &ino);
	disk_unlock();
	return r;
}

/* unlink and rmdir: one name goes; -EBUSY if that frees an open inode. */
static long remove_name(const char *path, int (*op)(struct ext2_fs *, uint32_t, const char *, uint32_t))
{
	uint32_t dir, len, ino;
	const char *name;
	disk_lock();
	long r = parent_of(path, &dir, &name, &len);
	if (r == 0)
		r = ext2_lookup(disk_root(), dir, name, len, &ino);
	if (r == 0)
		r = busy_if_last(ino);
	if (r == 0)
		r = op(disk_root(), dir, name, len);
	disk_unlock();
	return r;
}

static long ext2_path_unlink(const char *path) { return remove_name(path, ext2_unlink); }
static long ext2_path_rmdir(const char *path) { return remove_name(path, ext2_rmdir); }

static long ext2_path_rename(const char *from, const char *to)
{
	uint32_t sdir, slen, ddir, dlen, old;
	const char *sname, *dname;
	disk_lock();
	long r = parent_of(from, &sdir, &sname, &slen);
	if (r == 0)
		r = parent_of(to, &ddir, &dname, &dlen);
	if (r == 0 && ext2_lookup(disk_root(), ddir, dname, dlen, &old) == 0 && strcmp(from, to))
		r = busy_if_last(old);   /* rename over a name removes it */
	if (r == 0)
		r = ext2_rename(disk_root(), sdir, sname, slen, ddir, dname, dlen);
	disk_unlock();
	return r;
}

static long ext2_path_link(const char *from, const char *to)
{
	uint32_t ino, dir, len;
	const char *name;
	disk_lock();
	long r = lookup(from, &ino);
	if (r == 0)
		r = parent_of(to, &dir, &name, &len);
	if (r == -EBUSY)
		r = -EEXIST;   /* link(x, "/") */
	if (r == 0)
		r = ext2_link(disk_root(), ino, dir, name, len);
	disk_unlock();
	return r;
}

static long ext2_path_readlink(const char *path, char *buf, size_t len)
{
	uint32_t ino;
	disk_lock();
	long r = lookup(path, &ino);
	if (r == 0)
		r = ext2_readlink(disk_root(), ino, buf, len);
	disk_unlock();
	return r;
}

static long ext2_path_symlink(const char *target, size_t tlen, const char *path)
{
	uint32_t dir, len, ino;
	const char *name;
	disk_lock();
	long r = parent_of(path, &dir, &name, &len);
	if (r == -EBUSY)
		r = -EEXIST;   /* symlink(x, "/") */
	if (r == 0)
		r = ext2_symlink(disk_root(), dir, name, len, target, (uint32_t)tlen, &ino);
	disk_unlock();
	return r;
}

static long ext2_path_set_times(const char *path, const uint32_t *atime, const uint32_t *mtime)
{
	uint32_t ino;
	disk_lock();
	long r = lookup(path, &ino);
	if (r == 0)
		r = ext2_set_times(disk_root(), ino, atime, mtime);
	disk_unlock();
	return r;
}

static long ext2_path_set_mode(const char *path, uint32_t mode)
{
	uint32_t ino;
	disk_lock();
	long r = lookup(path, &ino);
	if (r == 0)
		r = ext2_set_mode(disk_root(), ino, mode);
	disk_unlock();
	return r;
}

static long ext2_sync_all(void)
{
	return disk_sync();
}

const struct fs_kind ext2_kind = {
	.name = "ext2",
	.open = ext2_open,
	.stat = ext2_path_stat,
	.dir_entry = ext2_dir_entry,
	.mkdir = ext2_path_mkdir,
	.unlink = ext2_path_unlink,
	.rmdir = ext2_path_rmdir,
	.rename = ext2_path_rename,
	.link = ext2_path_link,
	.readlink = ext2_path_readlink,
	.symlink = ext2_path_symlink,
	.set_times = ext2_path_set_times,
	.set_mode = ext2_path_set_mode,
	.sync = ext2_sync_all,
};
