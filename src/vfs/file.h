/*
 * Open-file objects: what a descriptor points at. One object is made by each
 * open() or pipe() end and shared by every descriptor dup'ed or inherited
 * from it (a reference count), so they share its offset and its flags. What
 * the object reads and writes is its kind's business (console, initrd or ext2
 * file or directory, pipe end): an ops table.
 *
 * The objects come from a fixed pool (NOPENFILE, lib/params.h): a full pool
 * is -ENFILE, never a growing heap, and sysinfo counts what is in use so a
 * test can see it back at its baseline.
 */
#ifndef VFS_FILE_H
#define VFS_FILE_H

#include <stdint.h>
#include <stdbool.h>
#include <pfgate/abi.h>
#include <pfgate/user_ptr.h>
#include <stddef.h>

struct file;

/*
 * What a kind of open file does. A NULL read or write is -EINVAL (the
 * console's and a pipe's other end), a NULL dir_entry -ENOTDIR, a NULL
 * seek_size -ESPIPE. close runs once, when the last reference goes, and
 * never sleeps.
 */
struct file_ops {
	long (*read)(struct file *f, void __user *buf, unsigned long len);
	long (*write)(struct file *f, const void __user *buf, unsigned long len);
	/* The size SEEK_END counts from; NULL: the file cannot seek (-ESPIPE). */
	long (*seek_size)(struct file *f, int64_t *size);
	/* Every seek succeeds and lands at 0 (Linux's memory devices: /dev/null, zero, full). */
	bool seek_stays_at_zero;
	long (*fstat)(struct file *f, struct pf_stat *st);
	/*
	 * A directory's entry at the cursor f->offset (an entry index) into *d,
	 * the cursor left where it is (file_getdents and Linux's getdents64
	 * move it once the user has the entry): 1, 0 at the end, or -errno.
	 */
	long (*dir_entry)(struct file *f, struct pf_dirent *d);
	/* Write what the file holds back to its disk: 0 or -EIO. NULL: nothing is kept for later. */
	long (*fsync)(struct file *f);
	/* A regular file's new size: 0 or -errno. NULL: it has no size to set (-EINVAL; -EROFS is the kind's). */
	long (*truncate)(struct file *f, uint64_t size);
	void (*close)(struct file *f);
	/*
	 * What f is ready for now (FILE_POLL* bits); NULL: always readable and
	 * writable (a file, a directory). A kind with a poll wakes
	 * poll_channel (proc/sched.h) whenever the answer may have changed.
	 */
	unsigned (*poll)(struct file *f);
	/*
	 * The PAGE_SIZE bytes at offset off into page (kernel memory, zeroed
	 * already: what lies past the end stays zero), for a private mapping
	 * (mmap). 0 or -errno; NULL: the file cannot be mapped (-ENODEV).
	 */
	int (*map_page)(struct file *f, void *page, uint64_t off);
};

/* Readiness, in Linux's poll bits (its ABI: src/linux hands them on as they are). */
#define FILE_POLLIN  0x001u   /* a read would not wait */
#define FILE_POLLOUT 0x004u   /* a write would not wait */
#define FILE_POLLERR 0x008u   /* a pipe's write end with no reader left */
#define FILE_POLLHUP 0x010u   /* a pipe's read end with no writer left */

struct file {
	uint32_t refs;              /* descriptors (in any process) pointing here; 0: free */
	uint32_t flags;             /* O_ACCMODE, O_APPEND and O_NONBLOCK (O_CLOEXEC is the descriptor's) */
	uint64_t offset;            /* bytes (files) or entries (directories) */
	const struct file_ops *ops;
	void *obj;                  /* the kind's own: a pipe, an archive entry's data */
	uint32_t size;              /* initrd: the entry's size */
	uint32_t ino;               /* initrd: the entry's number; ext2: the inode */
	uint32_t dir_pos, dir_index;   /* ext2 directories: the byte cursor and the entry index it stands at */
	uint32_t dir_last_pos;         /* ext2 directories: the byte cursor of the entry before dir_index */
	bool unlinked;              /* ext2: its inode lost its last name while open: the last close frees it */
	uint16_t kind_at;           /* a directory: where in path its kind's own path starts (file_kind_path) */
	/*
	 * Last: file_alloc zeroes what comes before it. The canonical absolute
	 * path it was opened by: a directory's (vfs_open) for fchdir, Linux's
	 * *at calls and its kind's listing (file_kind_path); a file a Linux
	 * program opened, for /proc/PID/maps' names of its mappings (kept by
	 * Linux's open alone: the copy would cost the native open + close 8% in
	 * Bochs). "": none. One path for both (each object had two of 1 KiB).
	 */
	char path[PATH_MAX_LEN + 1];
};

/*
 * A directory's path as its kind's open was given it (initrd, /dev, /proc
 * list by it): path past its mount point, "/" for the mount point itself.
 */
static inline const char *file_kind_path(const struct file *f)
{
	return f->path[f->kind_at] ? f->path + f->kind_at : "/";
}

/* A directory's open keeps its canonical path, and where in it rel (what its kind was given: inside path, or the literal "/" of a mount point) starts. */
void file_keep_dir_path(struct file *f, const char *path, const char *rel);
/* A fresh object with one reference, or NULL when the pool is empty (-ENFILE). */
struct file *file_alloc(const struct file_ops *ops, uint32_t flags);
static inline void file_get(struct file *f) { f->refs++; }
/* Drop a reference; the last one closes the object and frees its slot. */
void file_put(struct file *f);
/* The next object in use of kind ops on ino after `after` (NULL: the first), or NULL. */
struct file *file_next(const struct file_ops *ops, uint32_t ino, struct file *after);
/* An object in use of kind ops on ino, or NULL (a file system asks before it frees an inode). */
static inline struct file *file_find(const struct file_ops *ops, uint32_t ino) { return file_next(ops, ino, NULL); }
/* Objects in use (sysinfo, the boot's leak verdict). */
unsigned file_count(void);
/*
 * Where a seek of off from whence (SEEK_SET, SEEK_CUR, SEEK_END) would put
 * f, in *to, without moving it: the caller moves it once the user has the
 * new offset. -ESPIPE (no offset), -EINVAL (a bad whence, a result below 0
 * or past INT64_MAX), or the size's error.
 */
long file_seek_target(struct file *f, int64_t off, unsigned long whence, int64_t *to);

/*
 * Up to count entries of directory f from its cursor into out, the cursor
 * moved past them: how many, 0 at the end, -ENOTDIR, -EFAULT (nothing
 * delivered) or the kind's error.
 */
long file_getdents(struct file *f, struct pf_dirent __user *out, unsigned long count);

/* f's readiness (file_ops.poll), for files of every kind. */
unsigned file_poll(struct file *f);

/*
 * Ops shared by kinds: a file whose bytes lie in kernel memory, f->obj for
 * f->size bytes (an initrd entry, a /proc text), read and sized for
 * SEEK_END; and a directory's read (-EISDIR).
 */
long file_memory_read(struct file *f, void __user *buf, unsigned long len);
long file_memory_size(struct file *f, int64_t *size);
long file_dir_read(struct file *f, void __user *buf, unsigned long len);

static inline bool file_readable(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static inline bool file_writable(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

#endif
