/*
 * Path buffers off the kernel stack. A path is up to PATH_MAX_LEN bytes
 * (Linux's 1,024... see docs/design.md, "Long paths"), too big for the
 * two-page kernel stack several times over (rename holds two, vfs_follow
 * three more). Each process owns PATH_BUFS of them, in its struct proc,
 * taken and given back last-in first-out; a call that sleeps keeps its own,
 * since they are the process's, not the CPU's. Boot, before any process,
 * takes from a set of its own.
 *
 *	PATH_BUF(path);   -- char *path, PATH_BUF_LEN bytes, "" to start
 *
 * gives the buffer back when path goes out of scope, on every return
 * (GCC's cleanup attribute): no error path can leak one. sizeof path is a
 * pointer's: use PATH_BUF_LEN.
 */
#ifndef PROC_PATH_BUF_H
#define PROC_PATH_BUF_H

#include <pfgate/abi.h>

#define PATH_BUF_LEN (PATH_MAX_LEN + 1)   /* a path with its NUL, and one more: a canonical path may be one longer than the name given (vfs/path.h) */
#define PATH_BUFS    8                    /* nested at most: rename's two, each followed (one), vfs_follow's three */

/* A process's path buffers, in its struct proc (proc/sched.h). */
struct path_bufs {
	unsigned taken;
	char buf[PATH_BUFS][PATH_BUF_LEN];
};

/* Inline (proc/sched.h, after struct proc): open + close takes two, a measured figure. */
static inline char *path_buf_take(void);
static inline void path_buf_give(char **buf);
extern struct path_bufs path_boot_bufs;   /* before the first process runs */
void path_buf_misuse(const char *what) __attribute__((noreturn, cold));

#define PATH_BUF(name) char *name __attribute__((cleanup(path_buf_give))) = path_buf_take()

#include "proc/sched.h"   /* the inline bodies, which need struct proc */

#endif
