/*
 * A new program's arguments and environment (struct proc_args, proc/sched.h):
 * measured against Linux's limits (MAX_ARG_STRLEN, ARG_MAX_BYTES) before
 * anything is built, then copied straight into the new image's stack pages,
 * as Linux's copy_strings does: no copy on a kernel stack, no staging buffer.
 */
#ifndef PROC_ARGS_H
#define PROC_ARGS_H

#include "proc/sched.h"
#include "mm/paging.h"

/*
 * Count and size a's strings (user arrays are read where they lie: argc,
 * envc and the byte counts are filled; kernel ones are sized) and check
 * Linux's limits, the program's path counted as Linux's execve counts it.
 * 0, -EFAULT (a bad array or string), -E2BIG (past a limit).
 */
int args_measure(struct proc_args *a, const char *path);

/*
 * Make a's argv a "#!" script's (after args_measure): interp, arg (NULL:
 * none), the script's path, then the caller's argv but its argv[0]. Measure
 * again before placing.
 */
void args_script(struct proc_args *a, const char *interp, const char *arg, const char *script);

/*
 * Write a's strings in pgdir (their pages mapped) ascending from lo, argv's
 * then envp's, and a pointer to each: argv's at argv_va, then a NULL word,
 * envp's at envp_va, then a NULL word. A user string is copied with the
 * length measured and ends in NUL whatever its bytes became since. 0 or
 * -EFAULT.
 */
int args_place(pde_t *pgdir, const struct proc_args *a, const char *path, uint32_t lo, uint32_t argv_va,
	       uint32_t envp_va);

#endif
