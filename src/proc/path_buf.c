/* The per-process path buffers (path_buf.h); take and give are inline in proc/sched.h. */
#include "proc/path_buf.h"
#include "lib/panic.h"

struct path_bufs path_boot_bufs;

void path_buf_misuse(const char *what)
{
	panic("path buffers: %s (proc/path_buf.h)", what);
}
