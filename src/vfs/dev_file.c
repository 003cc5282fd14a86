/* /dev (vfs/dev_file.h): a fixed table of devices, each Linux's number and mode. */
#include "vfs/dev_file.h"
#include "vfs/console_file.h"
#include "tty/foreground.h"
#include "drivers/random.h"
#include "mm/uaccess.h"
#include "arch/long_work.h"
#include "lib/string.h"
#include <pfgate/errno.h>

#define LINUX_DEV(major, minor) ((major) << 8 | (minor))   /* stat64's st_rdev for numbers below 256 */
#define MEM_MAJOR 1    /* Linux's memory devices: null, zero, full, random, urandom */
#define TTY_MAJOR 5    /* /dev/tty and /dev/console */
#define DEV_DIR_MODE 0755u
#define FILL_STAGE 256u          /* bytes made on the kernel stack per copy */
#define FILL_POINT_EVERY 4096u   /* a preemption point this often in a long read */

/* DEV_TTY: the caller's controlling terminal, the console if its session holds it (-ENXIO otherwise, as Linux). */
enum dev_what { DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_CONSOLE, DEV_TTY };

struct device {
	const char *name;
	enum dev_what what;
	uint32_t rdev, mode;
};

/* Linux's numbers and modes (Documentation/admin-guide/devices.txt; a udev system's permissions). */
static const struct device devices[] = {
	{ "console", DEV_CONSOLE, LINUX_DEV(TTY_MAJOR, 1), 0600 },
	{ "full",    DEV_FULL,    LINUX_DEV(MEM_MAJOR, 7), 0666 },
	{ "null",    DEV_NULL,    LINUX_DEV(MEM_MAJOR, 3), 0666 },
	{ "random",  DEV_RANDOM,  LINUX_DEV(MEM_MAJOR, 8), 0666 },
	{ "tty",     DEV_TTY,     LINUX_DEV(TTY_MAJOR, 0), 0666 },
	{ "urandom", DEV_RANDOM,  LINUX_DEV(MEM_MAJOR, 9), 0666 },
	{ "zero",    DEV_ZERO,    LINUX_DEV(MEM_MAJOR, 5), 0666 },
};
#define NDEVICES (sizeof devices / sizeof devices[0])

/* The device path names ("/null"), or NULL; "/" is the directory. */
static const struct device *find(const char *path)
{
	for (const struct device *d = devices; d < devices + NDEVICES; d++)
		if (path[0] == '/' && !strcmp(path + 1, d->name))
			return d;
	return NULL;
}

static void device_stat(const struct device *d, struct pf_stat *st)
{
	memset(st, 0, sizeof *st);
	st->type = PF_TYPE_CHAR;
	st->mode = d->mode;
	st->rdev = d->rdev;
	st->ino = (unsigned long)(d - devices) + 2;   /* 1 is the directory */
	st->nlink = 1;
}

unsigned long dev_console_ino(void)
{
	struct pf_stat st;
	device_stat(find("/console"), &st);
	return st.ino;
}

/* ---- the devices' reads and writes ---- */

/* len bytes of zeros (random: random bytes) to buf, in stages; a bad page after some bytes returns their count. */
static long fill_user(void __user *buf, unsigned long len, bool random)
{
	if (!user_range_ok(buf, len))
		return -EFAULT;
	char __user *out = buf;
	unsigned long done = 0;
	while (done < len) {
		char stage[FILL_STAGE];
		unsigned long n = len - done < sizeof stage ? len - done : sizeof stage;
		if (random)
			random_fill(stage, n);
		else
			memset(stage, 0, n);
		size_t rest = copy_to_user_rest(out + done, stage, n);
		if (rest) {   /* the bytes before the bad page count, as Linux */
			done += n - rest;
			return done ? (long)done : -EFAULT;
		}
		done += n;
		if (done % FILL_POINT_EVERY == 0)
			long_work_point();
	}
	return (long)done;
}

long dev_random_to_user(void __user *buf, unsigned long len)
{
	return fill_user(buf, len, true);
}

static long dev_read(struct file *f, void __user *buf, unsigned long len)
{
	const struct device *d = f->obj;
	switch (d->what) {
	case DEV_NULL: return 0;
	case DEV_RANDOM: return fill_user(buf, len, true);
	default: return fill_user(buf, len, false);
	}
}

/* What is written goes nowhere (random's is not mixed in); full is always full. */
static long dev_write(struct file *f, const void __user *buf, unsigned long len)
{
	const struct device *d = f->obj;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	return d->what == DEV_FULL ? -ENOSPC : (long)len;
}

/* The directory's SEEK_END (the devices' seeks all land at 0: seek_stays_at_zero). */
static long dev_seek_size(struct file *f, int64_t *size)
{
	(void)f;
	*size = NDEVICES;
	return 0;
}

static long dev_fstat(struct file *f, struct pf_stat *st)
{
	device_stat(f->obj, st);
	return 0;
}

static const struct file_ops dev_ops = {
	.read = dev_read,
	.write = dev_write,
	.seek_stays_at_zero = true,
	.fstat = dev_fstat,
};

/* ---- the directory ---- */

static long dev_dir_entry(const char *path, uint32_t index, struct pf_dirent *out)
{
	if (strcmp(path, "/"))
		return find(path) ? -ENOTDIR : -ENOENT;
	if (index >= NDEVICES)
		return 0;
	memset(out, 0, sizeof *out);
	strlcpy_k(out->name, devices[index].name, sizeof out->name);
	out->type = PF_TYPE_CHAR;
	return 1;
}

static long dev_dir_cursor_entry(struct file *f, struct pf_dirent *d)
{
	return dev_dir_entry(file_kind_path(f), (uint32_t)f->offset, d);
}

static long dev_dir_fstat(struct file *f, struct pf_stat *st)
{
	(void)f;
	memset(st, 0, sizeof *st);
	st->type = PF_TYPE_DIR;
	st->mode = DEV_DIR_MODE;
	st->ino = 1;
	st->nlink = 2;
	return 0;
}

static const struct file_ops dev_dir_ops = {
	.read = file_dir_read,
	.seek_size = dev_seek_size,
	.fstat = dev_dir_fstat,
	.dir_entry = dev_dir_cursor_entry,
};

/* ---- the kind ---- */

static long dev_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	(void)mode;
	bool dir = !strcmp(path, "/");
	const struct device *d = find(path);
	if (!dir && !d)
		return (flags & O_CREAT) ? -EROFS : -ENOENT;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (dir && (flags & O_ACCMODE) != O_RDONLY)
		return -EISDIR;
	if (d && (flags & O_DIRECTORY))
		return -ENOTDIR;
	if (d && d->what == DEV_TTY && !foreground_is_controlling())
		return -ENXIO;
	struct file *f;
	if (d && (d->what == DEV_CONSOLE || d->what == DEV_TTY))
		f = console_file_open(flags & O_ACCMODE);
	else
		f = file_alloc(dir ? &dev_dir_ops : &dev_ops, flags & (O_ACCMODE | O_APPEND));
	if (!f)
		return -ENFILE;
	if (!dir && d->what != DEV_CONSOLE && d->what != DEV_TTY)
		f->obj = (void *)d;
	*out = f;
	return 0;
}

static long dev_stat(const char *path, struct pf_stat *st)
{
	const struct device *d = find(path);
	if (d) {
		device_stat(d, st);
		return 0;
	}
	if (strcmp(path, "/"))
		return -ENOENT;
	return dev_dir_fstat(NULL, st);
}

const struct fs_kind dev_kind = {
	.name = "devtmpfs",   /* what /proc/mounts calls it, as on Linux */
	.open = dev_open,
	.stat = dev_stat,
	.dir_entry = dev_dir_entry,
};
