/*
 * Pipes: a buffer of PIPE_BUF bytes (one frame from the pool, given back
 * when both ends are closed) between a read end and a write end, each an
 * open file. Reads block until a byte is there or every writer has closed
 * (then 0); a write of at most PIPE_BUF bytes waits until it fits whole, so
 * two such writes never interleave; a write with no reader left is -EPIPE.
 * A process killed (^C, kill) while blocked exits from its sleep, and its
 * exit closes its ends.
 */
#ifndef VFS_PIPE_H
#define VFS_PIPE_H

#include "vfs/file.h"

/* A new pipe: *rd and *wr its ends, one reference each. 0, -ENFILE (no object or pipe slot) or -ENOMEM. */
long pipe_create(struct file **rd, struct file **wr);
/* Pipes in use (sysinfo). */
unsigned pipe_count(void);

#endif
