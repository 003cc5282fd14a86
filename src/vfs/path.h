/*
 * Path names: what a user gives (absolute, or relative to the working
 * directory; "." and ".." and repeated slashes) made into one canonical
 * absolute form ("/" or "/a/b", no trailing slash). Pure C, host-tested.
 */
#ifndef VFS_PATH_H
#define VFS_PATH_H

#include <stddef.h>

/*
 * Resolve path against cwd (itself canonical) into out (size bytes). ".."
 * of "/" is "/". "" is the working directory (not -ENOENT as in Linux: the
 * initrd's callers always named its root so, ls and the benches among them).
 * Returns the length, or -ENAMETOOLONG when the result does not fit.
 */
long path_resolve(const char *cwd, const char *path, char *out, size_t size);

#endif
