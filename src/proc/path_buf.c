/* The per-process path buffers (path_buf.h). */
#include "proc/path_buf.h"
#include "proc/sched.h"
#include "lib/panic.h"

static struct path_bufs boot_bufs;   /* before the first process runs */

static struct path_bufs *mine(void)
{
	struct proc *p = current_proc();
	return p ? &p->paths : &boot_bufs;
}

char *path_buf_take(void)
{
	struct path_bufs *b = mine();
	if (b->taken >= PATH_BUFS)
		panic("path buffers: more than %d nested (proc/path_buf.h)", PATH_BUFS);
	char *buf = b->buf[b->taken++];
	buf[0] = '\0';
	return buf;
}

void path_buf_give(char **buf)
{
	struct path_bufs *b = mine();
	if (!b->taken || *buf != b->buf[b->taken - 1])
		panic("path buffers: given back out of order (proc/path_buf.h)");
	b->taken--;
}
