/*
 * The current process's descriptors: small numbers naming open-file objects
 * (vfs/file.h) in its table (struct proc's fds, at most FD_MAX).
 */
#ifndef VFS_FDTABLE_H
#define VFS_FDTABLE_H

#include <stdbool.h>
#include "vfs/file.h"
#include "proc/sched.h"

/* The open file behind fd, or NULL (not open, out of range): -EBADF. Inline: every read and write asks. */
static inline struct file *fd_file(int fd)
{
	return (unsigned)fd < FD_MAX ? current_proc()->fds[fd] : NULL;
}
/* fd's file's stat into *st (zeroed first: a kind without fstat leaves it so): 0, -EBADF or the kind's error. */
long fd_stat(int fd, struct pf_stat *st);
/*
 * Put f at the lowest free descriptor >= lowest, taking over the caller's
 * reference. Returns the descriptor, or -EMFILE with the reference dropped.
 */
int fd_install(struct file *f, int lowest, bool cloexec);
/* Close fd: 0 or -EBADF. */
long fd_close(int fd);
/* Make newfd name what fd names (closing newfd first; cloexec cleared): newfd or -EBADF. */
long fd_dup2(int fd, int newfd);
/*
 * A new pipe at the two lowest free descriptors, read end first, both
 * close-on-exec if cloexec, the ends' open files with flags (O_NONBLOCK)
 * added; their numbers into ufds. 0 or -errno, nothing left open on failure
 * (a bad ufds is found before anything is made).
 */
long fd_pipe(int __user *ufds, bool cloexec, uint32_t flags);
bool fd_cloexec(int fd);
void fd_set_cloexec(int fd, bool on);

#endif
