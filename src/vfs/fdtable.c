/* Per-process descriptor tables (vfs/fdtable.h), and the upcalls spawn and exit make (proc/files_upcalls.h). */
#include "vfs/fdtable.h"
#include "vfs/console_file.h"
#include "vfs/pipe.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "lib/string.h"
#include <pfgate/errno.h>

#define DEFAULT_UMASK 0022   /* Linux's first process's */

static bool fd_valid(int fd)
{
	return fd >= 0 && fd < FD_MAX;
}

int fd_install(struct file *f, int lowest, bool cloexec)
{
	struct proc *p = current_proc();
	for (int fd = lowest < 0 ? 0 : lowest; fd < FD_MAX; fd++) {
		if (p->fds[fd])
			continue;
		p->fds[fd] = f;
		p->fd_flags[fd] = cloexec ? FD_CLOEXEC : 0;
		if (fd >= p->fd_end)
			p->fd_end = fd + 1;
		return fd;
	}
	file_put(f);
	return -EMFILE;
}

long fd_close(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	struct proc *p = current_proc();
	p->fds[fd] = NULL;
	p->fd_flags[fd] = 0;
	file_put(f);
	return 0;
}

long fd_dup2(int fd, int newfd)
{
	struct file *f = fd_file(fd);
	if (!f || !fd_valid(newfd))
		return -EBADF;
	if (fd == newfd)
		return newfd;
	struct proc *p = current_proc();
	struct file *old = p->fds[newfd];
	file_get(f);
	p->fds[newfd] = f;
	if (newfd >= p->fd_end)
		p->fd_end = newfd + 1;
	p->fd_flags[newfd] = 0;
	if (old)
		file_put(old);   /* after the swap: closing newfd's file cannot touch fd's */
	return newfd;
}

bool fd_cloexec(int fd)
{
	return current_proc()->fd_flags[fd] & FD_CLOEXEC;
}

void fd_set_cloexec(int fd, bool on)
{
	current_proc()->fd_flags[fd] = on ? FD_CLOEXEC : 0;
}

/*
 * The one function that gives a new process its table: spawn's copy today,
 * fork's tomorrow (exec_like false). Spawn is exec-like: a close-on-exec
 * descriptor is not inherited, as after fork + exec.
 */
int proc_files_inherit(struct proc *child, const struct proc *parent, bool exec_like)
{
	/* child's table is empty already: a free slot is all zero (proc_free, sched_init). */
	if (!parent) {
		/* Two objects, as a terminal opened twice: reading 1 or writing 0 stays -EBADF. */
		struct file *in = console_file_open(O_RDONLY), *out = console_file_open(O_WRONLY);
		if (!in || !out) {
			if (in)
				file_put(in);
			if (out)
				file_put(out);
			return -ENFILE;
		}
		child->fds[STDIN_FD] = in;
		child->fds[STDOUT_FD] = child->fds[STDERR_FD] = out;
		child->fd_end = STDERR_FD + 1;
		file_get(out);
		strlcpy_k(child->cwd, "/", sizeof child->cwd);
		child->umask = DEFAULT_UMASK;
		return 0;
	}
	for (int fd = 0; fd < parent->fd_end; fd++) {
		struct file *f = parent->fds[fd];
		if (!f || (exec_like && (parent->fd_flags[fd] & FD_CLOEXEC)))
			continue;
		file_get(f);
		child->fds[fd] = f;
		child->fd_flags[fd] = parent->fd_flags[fd];
		child->fd_end = fd + 1;
	}
	strlcpy_k(child->cwd, parent->cwd, sizeof child->cwd);
	child->umask = parent->umask;
	return 0;
}

/* Close every descriptor of p whose flags hold all of `need` (0: every one). */
static void close_matching(struct proc *p, uint32_t need)
{
	for (int fd = 0; fd < p->fd_end; fd++) {
		struct file *f = p->fds[fd];
		if (!f || (p->fd_flags[fd] & need) != need)
			continue;
		p->fds[fd] = NULL;
		p->fd_flags[fd] = 0;
		file_put(f);
	}
}

void proc_files_close(struct proc *p)
{
	close_matching(p, 0);
}

void proc_files_exec(struct proc *p)
{
	close_matching(p, FD_CLOEXEC);
}

long fd_stat(int fd, struct pf_stat *st)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	memset(st, 0, sizeof *st);
	long r = f->ops->fstat ? f->ops->fstat(f, st) : 0;
	return r < 0 ? r : 0;
}

long fd_pipe(int __user *ufds, bool cloexec, uint32_t flags)
{
	if (!user_range_ok(ufds, 2 * sizeof(int)))
		return -EFAULT;
	struct file *rd, *wr;
	long r = pipe_create(&rd, &wr);
	if (r < 0)
		return r;
	rd->flags |= flags;
	wr->flags |= flags;
	int fds[2];
	fds[0] = fd_install(rd, 0, cloexec);
	if (fds[0] < 0) {
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(wr, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof fds)) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}
