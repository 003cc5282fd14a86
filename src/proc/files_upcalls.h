/*
 * A process's descriptor table and working directory are the VFS's
 * (src/vfs, above this room), but a process is born and ends here: spawn
 * and exit call up through these declarations, which src/vfs/fdtable.c
 * defines (docs/design.md, Layering).
 */
#ifndef PROC_FILES_UPCALLS_H
#define PROC_FILES_UPCALLS_H

#include <stdbool.h>

struct proc;

/*
 * Give child its descriptors and working directory: a copy of parent's
 * table sharing its open files (parent NULL: the console on 0, 1 and 2 and
 * "/"). With exec_like (spawn: a new program), descriptors marked
 * FD_CLOEXEC are left out; fork passes false. Returns 0 or -ENFILE (the
 * console object could not be made); on failure child holds nothing.
 */
int proc_files_inherit(struct proc *child, const struct proc *parent, bool exec_like);
/* At a successful exec: close p's descriptors marked FD_CLOEXEC; the others stay, as they are. */
void proc_files_exec(struct proc *p);
/* Close every descriptor of p (at its exit: pipe ends it held are closed, their readers see EOF). */
void proc_files_close(struct proc *p);

#endif
