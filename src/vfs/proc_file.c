/* /proc (vfs/proc_file.h): the kernel's state as text, in Linux's formats. */
#include "vfs/proc_file.h"
#include "vfs/vfs.h"
#include "proc/sched.h"
#include "proc/mmap.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "mm/uaccess.h"
#include "drivers/pit.h"
#include "lib/format.h"
#include "lib/string.h"
#include <stdarg.h>
#include <pfgate/errno.h>
#include <pfgate/layout.h>

#define PROC_DIR_MODE 0555u
#define PROC_FILE_MODE 0444u
#define SELF "self"
#define MAPS_NAME_COLUMN 48      /* Linux pads a maps line to here before the name (32-bit: 25 + 4 * 6 - 1) */
#define KB_PER_PAGE (PAGE_SIZE / 1024)
#define LINUX_SIGCHLD 17         /* stat's exit_signal: what the parent gets */
#define LINUX_PRIORITY 20        /* stat's priority for nice 0 */
#define RLIM_INFINITY 4294967295u

enum node { N_ROOT, N_PID, N_STAT, N_STATUS, N_CMDLINE, N_MAPS, N_EXE, N_MEMINFO, N_UPTIME, N_MOUNTS, N_CPU_STAT, N_LOADAVG, N_FD_DIR, N_FD };

struct name { const char *name; enum node node; };
static const struct name top_files[] = {
	{ "loadavg", N_LOADAVG }, { "meminfo", N_MEMINFO }, { "mounts", N_MOUNTS }, { "stat", N_CPU_STAT }, { "uptime", N_UPTIME },
};
static const struct name pid_files[] = {
	{ "cmdline", N_CMDLINE }, { "exe", N_EXE }, { "fd", N_FD_DIR }, { "maps", N_MAPS }, { "stat", N_STAT }, { "status", N_STATUS },
};
#define NTOP (sizeof top_files / sizeof top_files[0])
#define NPID_FILES (sizeof pid_files / sizeof pid_files[0])

/* What a path inside /proc names. */
struct where {
	enum node node;
	struct proc *p;   /* N_PID and the files in it */
	int fd;           /* N_FD: which of p's descriptors */
};

/* ---- paths ---- */

/* A process /proc shows (zombies too, as Linux does), by pid. */
static struct proc *by_pid(int pid)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (p->state != P_UNUSED && p->state != P_EMBRYO && p->pid == pid)
			return p;
	return NULL;
}

/* The component [s, s + n) as a pid, or -1: digits only, no leading zero. */
static int pid_of(const char *s, size_t n)
{
	if (!n || n > 9 || (s[0] == '0'))
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && !strncmp(s, name, n);
}

static long in_table(const struct name *t, size_t count, const char *s, size_t n, enum node *out)
{
	for (size_t i = 0; i < count; i++)
		if (is(s, n, t[i].name)) {
			*out = t[i].node;
			return 0;
		}
	return -ENOENT;
}

/* The length of the path component at s (up to '/' or the end). */
static size_t component(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != '/')
		n++;
	return n;
}

static long resolve(const char *path, struct where *w)
{
	w->p = NULL;
	const char *first = path + 1;
	if (!*first) {
		w->node = N_ROOT;
		return 0;
	}
	size_t n = component(first);
	bool deeper = first[n] == '/';
	int pid = is(first, n, SELF) ? current_proc()->pid : pid_of(first, n);
	if (pid < 0) {
		if (in_table(top_files, NTOP, first, n, &w->node))
			return -ENOENT;
		return deeper ? -ENOTDIR : 0;
	}
	w->p = by_pid(pid);
	if (!w->p)
		return -ENOENT;
	w->node = N_PID;
	if (!deeper)
		return 0;
	const char *second = first + n + 1;
	n = component(second);
	if (in_table(pid_files, NPID_FILES, second, n, &w->node))
		return -ENOENT;
	if (second[n] != '/')
		return 0;
	if (w->node != N_FD_DIR)
		return -ENOTDIR;
	const char *third = second + n + 1;
	n = component(third);
	w->fd = pid_of(third, n);
	if (is(third, n, "0"))
		w->fd = 0;
	if (w->fd < 0 || w->fd >= FD_MAX || !w->p->fds[w->fd])
		return -ENOENT;
	w->node = N_FD;
	return third[n] == '/' ? -ENOTDIR : 0;
}

static bool is_dir(enum node n) { return n == N_ROOT || n == N_PID || n == N_FD_DIR; }

/*
 * What Linux's /proc/PID/fd/N link names: the path the file was opened by
 * (kept for a Linux program's opens and every directory, file.h's path),
 * the console's device, a pipe's "pipe:[N]"; -ENOENT for a file opened by a
 * native program (pfgate keeps no name for it).
 */
static long fd_target(struct file *f, char *buf, size_t size)
{
	struct pf_stat st;
	memset(&st, 0, sizeof st);
	if (f->ops->fstat && f->ops->fstat(f, &st) < 0)
		return -ENOENT;
	if (st.type == PF_TYPE_PIPE)
		sformat(buf, size, "pipe:[%u]", (unsigned)st.ino);
	else if (st.type == PF_TYPE_CONSOLE)
		strlcpy_k(buf, "/dev/console", size);
	else if (f->path[0])
		strlcpy_k(buf, f->path, size);
	else
		return -ENOENT;
	return 0;
}

/* ---- the texts ---- */

struct text {
	char *buf;
	size_t len;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsformat(t->buf + t->len, PAGE_SIZE - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n < PAGE_SIZE - t->len ? (size_t)n : PAGE_SIZE - t->len - 1;   /* a cut text keeps its NUL out */
}

static char state_letter(enum proc_state s)
{
	switch (s) {
	case P_SLEEPING: return 'S';
	case P_ZOMBIE: return 'Z';
	case P_STOPPED: return 'T';
	default: return 'R';
	}
}

static const char *state_words(enum proc_state s)
{
	switch (s) {
	case P_SLEEPING: return "S (sleeping)";
	case P_ZOMBIE: return "Z (zombie)";
	case P_STOPPED: return "T (stopped)";
	default: return "R (running)";
	}
}

static int ppid_of(const struct proc *p) { return p->parent ? p->parent->pid : 0; }

/* The size of p's address space in bytes and its resident pages (a zombie's: none). */
static void vm_size(struct proc *p, uint32_t *bytes, uint32_t *resident)
{
	*bytes = *resident = 0;
	struct pf_map m;
	for (unsigned i = 0; p->pgdir && proc_maps_entry(p, i, &m); i++) {
		*bytes += m.hi - m.lo;
		*resident += m.resident;
	}
}

/*
 * Linux's 52 fields (fs/proc/array.c's order). What pfgate does not keep is
 * 0: faults, signals, the start time, the terminal. utime is every tick
 * that found it running (cpu_ticks; TIMER_HZ is Linux's USER_HZ, 100):
 * the tick does not tell user from kernel mode, so stime stays 0.
 */
static void stat_text(struct text *t, struct proc *p)
{
	uint32_t vsize, rss;
	vm_size(p, &vsize, &rss);
	put(t, "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 %u 0 0 0 %u 0 1 0 0 %u %u %u ",
	    p->pid, p->name, state_letter(p->state), ppid_of(p), p->pgid, p->sid, p->cpu_ticks, LINUX_PRIORITY,
	    vsize, rss, RLIM_INFINITY);
	put(t, "%u %u %u 0 0 0 0 0 0 0 0 0 %u 0 0 0 0 0 0 0 0 %u 0 0 0 0 %d\n",
	    USER_BASE, p->heap_base, USER_STACK_TOP, LINUX_SIGCHLD, p->heap_base,
	    p->state == P_ZOMBIE ? p->wstatus : 0);
}

static void status_text(struct text *t, struct proc *p)
{
	uint32_t vsize, rss;
	vm_size(p, &vsize, &rss);
	put(t, "Name:\t%s\nUmask:\t0022\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
	    p->name, state_words(p->state), p->pid, p->pid, ppid_of(p));
	put(t, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nVmSize:\t%8u kB\nVmRSS:\t%8u kB\nThreads:\t1\n",
	    FD_MAX, vsize / 1024, rss * KB_PER_PAGE);
}

/* p's program as an absolute path (a bare name, as spawn and exec take one, is the initrd's), into buf. */
static const char *exe_path(const struct proc *p, char *buf, size_t size)
{
	const char *exe = proc_exe_path(p), *at = vfs_initrd_path();
	if (exe[0] == '/')
		return exe;
	sformat(buf, size, "%s%s%s", at, at[1] ? "/" : "", exe);
	return buf;
}

static const char *map_name(const struct proc *p, unsigned long kind, uint32_t lo, char *buf, size_t size)
{
	switch (kind) {
	case PF_MAP_IMAGE: return exe_path(p, buf, size);
	case PF_MAP_HEAP: return "[heap]";
	case PF_MAP_STACK: return "[stack]";
	case PF_MAP_VVAR: return "[vvar]";
	case PF_MAP_VDSO: return "[vdso]";
	case PF_MAP_FILE: return proc_map_name_at(p, lo);
	default: return "";
	}
}

static void maps_text(struct text *t, struct proc *p)
{
	struct pf_map m;
	PATH_BUF(exe);
	for (unsigned i = 0; p->pgdir && proc_maps_entry(p, i, &m); i++) {
		size_t start = t->len;
		put(t, "%08x-%08x %c%c%c%c %08x 00:00 0", (unsigned)m.lo, (unsigned)m.hi,
		    (m.prot & PROT_READ) ? 'r' : '-', (m.prot & PROT_WRITE) ? 'w' : '-', (m.prot & PROT_EXEC) ? 'x' : '-',
		    m.flags == MAP_SHARED ? 's' : 'p', (unsigned)(m.pgoff * PAGE_SIZE));
		const char *name = map_name(p, m.kind, (uint32_t)m.lo, exe, PATH_BUF_LEN);
		if (*name)
			put(t, "%*s%s", (int)(MAPS_NAME_COLUMN - (t->len - start)), "", name);
		put(t, "\n");
	}
}

static void meminfo_line(struct text *t, const char *key, uint32_t kb)
{
	put(t, "%-16s%8u kB\n", key, kb);
}

/* The lines busybox's free and top read, in Linux's order and format; pfgate has no swap and no page cache of files. */
static void meminfo_text(struct text *t)
{
	uint32_t total = frames.nframes * KB_PER_PAGE, free = frames_free_count() * KB_PER_PAGE;
	meminfo_line(t, "MemTotal:", total);
	meminfo_line(t, "MemFree:", free);
	meminfo_line(t, "MemAvailable:", free);
	meminfo_line(t, "Buffers:", 0);
	meminfo_line(t, "Cached:", 0);
	meminfo_line(t, "SwapCached:", 0);
	meminfo_line(t, "SwapTotal:", 0);
	meminfo_line(t, "SwapFree:", 0);
	meminfo_line(t, "Shmem:", 0);
}

/* Seconds since boot with hundredths; the idle time is not kept (0.00). */
static void uptime_text(struct text *t)
{
	uint64_t ms = uptime_ms();
	uint32_t centis = divmod64(&ms, 1000) / 10;
	put(t, "%u.%02u 0.00\n", (unsigned)ms, centis);
}

static bool is_running(const struct proc *p) { return p->state == P_RUNNABLE || p->state == P_RUNNING; }

/*
 * The CPU's ticks since boot as Linux's cpu lines (user nice system idle
 * iowait irq softirq steal guest guest_nice): a tick that found a process
 * running is user time (see stat_text), one that found none idle.
 */
static void cpu_stat_text(struct text *t)
{
	unsigned running = 0;
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		running += is_running(p);
	for (int line = 0; line < 2; line++)
		put(t, "cpu%s %u 0 0 %u 0 0 0 0 0 0\n", line ? "0" : " ", cpu0.busy_ticks, cpu0.idle_ticks);
	put(t, "intr 0\nctxt %u\nprocesses %d\nprocs_running %u\nprocs_blocked 0\n",
	    cpu0.context_switches, proc_last_pid(), running);
}

/* The load averages are not kept (0.00); then the runnable and all processes, and the last pid, as Linux's. */
static void loadavg_text(struct text *t)
{
	unsigned running = 0, all = 0;
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (p->state != P_UNUSED && p->state != P_EMBRYO) {
			running += is_running(p);
			all++;
		}
	put(t, "0.00 0.00 0.00 %u/%u %d\n", running, all, proc_last_pid());
}

static void mounts_text(struct text *t)
{
	const char *at;
	const struct fs_kind *k;
	for (unsigned i = 0; vfs_mount_entry(i, &at, &k); i++)
		put(t, "%s %s %s %s 0 0\n", k->name, at, k->name, k->mkdir ? "rw" : "ro");
}

static void make_text(const struct where *w, struct text *t)
{
	switch (w->node) {
	case N_STAT: stat_text(t, w->p); break;
	case N_STATUS: status_text(t, w->p); break;
	case N_MAPS: maps_text(t, w->p); break;
	case N_MEMINFO: meminfo_text(t); break;
	case N_UPTIME: uptime_text(t); break;
	case N_MOUNTS: mounts_text(t); break;
	case N_CPU_STAT: cpu_stat_text(t); break;
	case N_LOADAVG: loadavg_text(t); break;
	default: break;
	}
}

/* ---- open files ---- */

static void node_stat(enum node n, struct pf_stat *st)
{
	memset(st, 0, sizeof *st);
	st->type = is_dir(n) ? PF_TYPE_DIR : PF_TYPE_FILE;
	st->mode = is_dir(n) ? PROC_DIR_MODE : PROC_FILE_MODE;
	st->nlink = is_dir(n) ? 2 : 1;
}

static long proc_text_fstat(struct file *f, struct pf_stat *st)
{
	(void)f;
	node_stat(N_STAT, st);
	return 0;
}

static long proc_dir_fstat(struct file *f, struct pf_stat *st)
{
	(void)f;
	node_stat(N_ROOT, st);
	return 0;
}

static void proc_close(struct file *f)
{
	if (f->obj)
		frame_free(V2P(f->obj));
}

static const struct file_ops proc_text_ops = {
	.read = file_memory_read,
	.seek_size = file_memory_size,
	.fstat = proc_text_fstat,
	.close = proc_close,
};

/*
 * /proc/PID/cmdline, read when it is read, as Linux's: the process's
 * arguments from its own stack (proc_cmdline), however long, a page at a
 * time through the file's own frame (f->obj); the pid in f->ino. A process
 * that has ended reads as empty.
 */
static long proc_cmdline_read(struct file *f, void __user *buf, unsigned long len)
{
	if (!user_range_ok(buf, len))
		return -EFAULT;
	struct proc *p = proc_find_live((int)f->ino);
	unsigned long done = 0;
	while (p && done < len && f->offset < UINT32_MAX) {
		size_t n = proc_cmdline(p, (uint32_t)f->offset, f->obj, len - done < PAGE_SIZE ? len - done : PAGE_SIZE);
		if (!n)
			break;
		if (copy_to_user((char __user *)buf + done, f->obj, n))
			return done ? (long)done : -EFAULT;
		done += n;
		f->offset += n;
	}
	return (long)done;
}

static long proc_cmdline_size(struct file *f, int64_t *size)
{
	struct proc *p = proc_find_live((int)f->ino);
	*size = p ? p->arg_end - p->arg_start : 0;
	return 0;
}

static const struct file_ops proc_cmdline_ops = {
	.read = proc_cmdline_read,
	.seek_size = proc_cmdline_size,
	.fstat = proc_text_fstat,
	.close = proc_close,
};

/* ---- directories ---- */

/* The index-th process /proc lists, or NULL past the last. */
static struct proc *nth_proc(uint32_t index)
{
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++)
		if (p->state != P_UNUSED && p->state != P_EMBRYO && index-- == 0)
			return p;
	return NULL;
}

static long proc_dir_entry(const char *path, uint32_t index, struct pf_dirent *out)
{
	struct where w;
	long r = resolve(path, &w);
	if (r < 0)
		return r;
	if (!is_dir(w.node))
		return -ENOTDIR;
	memset(out, 0, sizeof *out);
	out->type = PF_TYPE_FILE;
	if (w.node == N_FD_DIR) {
		for (int fd = 0; fd < FD_MAX; fd++)
			if (w.p->fds[fd] && index-- == 0) {
				sformat(out->name, sizeof out->name, "%d", fd);
				return 1;
			}
		return 0;
	}
	if (w.node == N_PID) {
		if (index >= NPID_FILES)
			return 0;
		strlcpy_k(out->name, pid_files[index].name, sizeof out->name);
		if (is_dir(pid_files[index].node))
			out->type = PF_TYPE_DIR;
		return 1;
	}
	if (index == 0) {
		strlcpy_k(out->name, SELF, sizeof out->name);
		out->type = PF_TYPE_DIR;
		return 1;
	}
	if (index <= NTOP) {
		strlcpy_k(out->name, top_files[index - 1].name, sizeof out->name);
		return 1;
	}
	struct proc *p = nth_proc(index - 1 - NTOP);
	if (!p)
		return 0;
	sformat(out->name, sizeof out->name, "%d", p->pid);
	out->type = PF_TYPE_DIR;
	return 1;
}

static long proc_dir_cursor_entry(struct file *f, struct pf_dirent *d)
{
	return proc_dir_entry(file_kind_path(f), (uint32_t)f->offset, d);
}

static const struct file_ops proc_dir_ops = {
	.read = file_dir_read,
	.seek_size = file_memory_size,
	.fstat = proc_dir_fstat,
	.dir_entry = proc_dir_cursor_entry,
};

/* ---- the kind ---- */

static long proc_open(const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	(void)mode;
	struct where w;
	long r = resolve(path, &w);
	if (r < 0)
		return r == -ENOENT && (flags & O_CREAT) ? -EROFS : r;
	if (w.node == N_EXE) {   /* the program itself, as Linux opens the link's target */
		PATH_BUF(buf);
		return vfs_open(exe_path(w.p, buf, PATH_BUF_LEN), flags, mode, out);
	}
	if (w.node == N_FD) {    /* the link's target, opened anew (a pipe's has no path: -ENOENT) */
		PATH_BUF(buf);
		if ((r = fd_target(w.p->fds[w.fd], buf, PATH_BUF_LEN)) < 0)
			return r;
		return buf[0] == '/' ? vfs_open(buf, flags, mode, out) : -ENOENT;
	}
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if ((flags & O_ACCMODE) != O_RDONLY)
		return is_dir(w.node) ? -EISDIR : -EACCES;
	if (!is_dir(w.node) && (flags & O_DIRECTORY))
		return -ENOTDIR;
	struct file *f = file_alloc(is_dir(w.node) ? &proc_dir_ops : w.node == N_CMDLINE ? &proc_cmdline_ops : &proc_text_ops,
				    O_RDONLY);
	if (!f)
		return -ENFILE;
	if (!is_dir(w.node)) {
		uint32_t frame = frame_alloc_raw();
		if (!frame) {
			file_put(f);
			return -ENOMEM;
		}
		struct text t = { P2V(frame), 0 };
		if (w.node == N_CMDLINE)
			f->ino = (uint32_t)w.p->pid;   /* read when read: the frame is its bounce page */
		else
			make_text(&w, &t);
		f->obj = t.buf;
		f->size = (uint32_t)t.len;
	}
	*out = f;
	return 0;
}

static long proc_stat(const char *path, struct pf_stat *st)
{
	struct where w;
	long r = resolve(path, &w);
	if (r < 0)
		return r;
	if (w.node == N_EXE) {
		PATH_BUF(buf);
		return vfs_stat(exe_path(w.p, buf, PATH_BUF_LEN), st);
	}
	if (w.node == N_FD) {   /* the file itself, as Linux's stat follows the link */
		struct file *f = w.p->fds[w.fd];
		memset(st, 0, sizeof *st);
		return f->ops->fstat ? f->ops->fstat(f, st) : 0;
	}
	node_stat(w.node, st);
	return 0;
}

static long proc_readlink(const char *path, char *buf, size_t len)
{
	struct where w;
	long r = resolve(path, &w);
	if (r < 0)
		return r;
	PATH_BUF(text);
	const char *target;
	if (!strcmp(path, "/" SELF)) {
		sformat(text, PATH_BUF_LEN, "%d", w.p->pid);
		target = text;
	} else if (w.node == N_EXE) {
		target = exe_path(w.p, text, PATH_BUF_LEN);
	} else if (w.node == N_FD) {
		if ((r = fd_target(w.p->fds[w.fd], text, PATH_BUF_LEN)) < 0)
			return r;
		target = text;
	} else {
		return -EINVAL;
	}
	size_t n = strlen(target);
	if (n > len)
		n = len;
	memcpy(buf, target, n);
	return (long)n;
}

const struct fs_kind proc_kind = {
	.name = "proc",
	.open = proc_open,
	.stat = proc_stat,
	.dir_entry = proc_dir_entry,
	.readlink = proc_readlink,
};
