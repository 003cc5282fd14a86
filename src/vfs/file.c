/* The pool of open-file objects (vfs/file.h). */
#include "vfs/file.h"
#include "lib/params.h"
#include "lib/string.h"
#include "lib/panic.h"

static struct file pool[NOPENFILE];
static unsigned in_use;

struct file *file_alloc(const struct file_ops *ops, uint32_t flags)
{
	for (struct file *f = pool; f < &pool[NOPENFILE]; f++) {
		if (f->refs)
			continue;
		memset(f, 0, sizeof *f);
		f->refs = 1;
		f->ops = ops;
		f->flags = flags;
		in_use++;
		return f;
	}
	return NULL;
}

void file_put(struct file *f)
{
	if (!f->refs)
		panic("file_put: an open file with no reference left");
	if (--f->refs)
		return;
	if (f->ops->close)
		f->ops->close(f);
	in_use--;
}

struct file *file_find(const struct file_ops *ops, uint32_t ino)
{
	for (struct file *f = pool; f < &pool[NOPENFILE]; f++)
		if (f->refs && f->ops == ops && f->ino == ino)
			return f;
	return NULL;
}

unsigned file_count(void)
{
	return in_use;
}
