/* mmap, munmap, mprotect and maps: the user's side (copies, descriptors, file reads); proc/mmap.c does the rest. */
#include "pfgate/gate_table.h"
#include "vfs/file.h"
#include "vfs/fdtable.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "proc/mmap.h"
#include "services/mmap_request.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

static int fill_from_file(void *ctx, void *page, uint64_t off)
{
	struct file *f = ctx;
	return f->ops->map_page(f, page, off);
}

long mmap_request(const struct pf_mmap *req)
{
	struct file *f = NULL;
	if (!(req->flags & MAP_ANONYMOUS)) {
		f = fd_file((int)req->fd);
		if (!f)
			return -EBADF;
		if (!f->ops->map_page)
			return -ENODEV;
		if (!file_readable(f))
			return -EACCES;
	}
	return proc_mmap(req, fill_from_file, f, f ? f->path : NULL);
}

/* mmap(req): Linux i386's mmap2 with its six values in *req (mmap_request). */
long svc_mmap(const struct pf_mmap __user *ureq)
{
	struct pf_mmap req;
	if (copy_from_user(&req, ureq, sizeof req))
		return -EFAULT;
	return mmap_request(&req);
}

long svc_munmap(void __user *addr, unsigned long len)
{
	return proc_munmap((uint32_t)addr, len);
}

long svc_mprotect(void __user *addr, unsigned long len, unsigned long prot)
{
	return proc_mprotect((uint32_t)addr, len, prot);
}

/* maps(pid, index, out): line index of pid's listing (0: the caller's): 1 and *out, 0 past the end, -ESRCH. */
long svc_maps(int pid, unsigned long index, struct pf_map __user *uout)
{
	struct proc *p = pid ? proc_find_live(pid) : current_proc();
	if (!p)
		return -ESRCH;
	struct pf_map m;
	if (!proc_maps_entry(p, index, &m))
		return 0;
	return copy_to_user(uout, &m, sizeof m) ? -EFAULT : 1;
}
