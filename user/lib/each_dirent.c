/* The entries of a directory through a descriptor and getdents, a batch at a time (ulib.h). */
#include "ulib.h"

#define DIRENT_BATCH 16   /* entries per getdents call: about 4 KiB of the 64 KiB stack (names are whole: PF_NAME_MAX) */

long each_dirent(const char *dir, bool (*fn)(const struct pf_dirent *d, void *ctx), void *ctx)
{
	struct pf_dirent d[DIRENT_BATCH];
	long fd = sys_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), n;
	if (is_err(fd))
		return fd;
	bool more = true;
	while (more && (n = sys_getdents((int)fd, d, DIRENT_BATCH)) > 0)
		for (long i = 0; more && i < n; i++)
			more = fn(&d[i], ctx);
	sys_close((int)fd);
	return more && is_err(n) ? n : 0;
}
