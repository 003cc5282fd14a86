/* The loader's view of a program file (proc/program_upcalls.h): opened read-only, read by map_page. */
#include "proc/program_upcalls.h"
#include "vfs/vfs.h"
#include "vfs/path.h"
#include "vfs/file.h"
#include "proc/sched.h"
#include <pfgate/errno.h>

#define MODE_EXEC_ANY 0111   /* S_IXUSR | S_IXGRP | S_IXOTH */

int proc_program_open(const char *path, struct file **out, uint32_t *size)
{
	const struct proc *p = current_proc();
	PATH_BUF(abs);
	long r = path_resolve(p ? p->cwd : "/", path, abs, PATH_BUF_LEN);
	if (r < 0)
		return (int)r;
	struct file *f;
	r = vfs_open(abs, O_RDONLY, 0, &f);
	if (r < 0)
		return (int)r;
	struct pf_stat st = { 0 };
	r = f->ops->fstat ? f->ops->fstat(f, &st) : -EACCES;
	if (!r && (st.type != PF_TYPE_FILE || !f->ops->map_page))
		r = -EACCES;   /* as Linux and POSIX answer: a folder (or a device) is no program */
	if (!r && st.mode && !(st.mode & MODE_EXEC_ANY))
		r = -EACCES;   /* no execute bit: Linux refuses it, to root too (a mode of 0 is the initrd's: its usual ones) */
	if (r < 0) {
		file_put(f);
		return (int)r;
	}
	*out = f;
	*size = (uint32_t)st.size;
	return 0;
}

int proc_program_page(struct file *f, void *page, uint32_t off)
{
	return f->ops->map_page(f, page, off);
}

void proc_program_close(struct file *f) { file_put(f); }
