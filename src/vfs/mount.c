/* The mount table (vfs/mount.h). */
#include "vfs/mount.h"
#include "lib/string.h"
#include <pfgate/errno.h>

struct mount {
	char at[MOUNT_POINT_LEN];
	size_t len;                 /* of at; 1 for "/" */
	const struct fs_kind *kind;
};

static struct mount table[MOUNT_MAX];
static unsigned mounted;

long vfs_mount(const char *at, const struct fs_kind *kind)
{
	if (mounted == MOUNT_MAX || strlen(at) >= MOUNT_POINT_LEN)
		return -ENOMEM;
	struct mount *m = &table[mounted++];
	strlcpy_k(m->at, at, sizeof m->at);
	m->len = strlen(at);
	m->kind = kind;
	return 0;
}

/* The rest of path when mount point m holds it, or NULL. */
static const char *inside(const struct mount *m, const char *path)
{
	if (m->len == 1)
		return path;   /* "/" holds every canonical path */
	if (path[1] != m->at[1] || strncmp(path, m->at, m->len))   /* the first name's first letter tells most apart: no call */
		return NULL;
	if (path[m->len] == '\0')
		return "/";
	return path[m->len] == '/' ? path + m->len : NULL;
}

const struct fs_kind *vfs_mount_find(const char *path, const char **rel)
{
	const struct mount *best = NULL;
	for (unsigned i = 0; i < mounted; i++)
		if (inside(&table[i], path) && (!best || table[i].len > best->len))
			best = &table[i];
	if (!best)
		return NULL;
	*rel = inside(best, path);
	return best->kind;
}

bool vfs_mount_entry(unsigned i, const char **at, const struct fs_kind **kind)
{
	if (i >= mounted)
		return false;
	*at = table[i].at;
	*kind = table[i].kind;
	return true;
}

long vfs_mount_sync_all(void)
{
	long first = 0;
	for (unsigned i = 0; i < mounted; i++) {
		long r = table[i].kind->sync ? table[i].kind->sync() : 0;
		if (r < 0 && !first)
			first = r;
	}
	return first;
}
