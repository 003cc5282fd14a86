/* Canonical absolute paths (vfs/path.h). */
#include "vfs/path.h"
#include "lib/string.h"
#include <pfgate/errno.h>
#include <pfgate/abi.h>

/* Append component [name, name + len) to the canonical path out (length *n), handling "." and "..". */
static long push(char *out, size_t size, size_t *n, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		while (*n > 1 && out[*n - 1] != '/')
			(*n)--;
		if (*n > 1)
			(*n)--;   /* the slash before the dropped name, unless it is the root's */
		out[*n] = '\0';
		return 0;
	}
	if (len > PF_NAME_MAX)
		return -ENAMETOOLONG;   /* as Linux answers a component over NAME_MAX, whatever the file system */
	size_t need = *n + (*n > 1) + len;
	if (need + 1 > size)
		return -ENAMETOOLONG;
	if (*n > 1)
		out[(*n)++] = '/';
	memcpy(out + *n, name, len);
	*n += len;
	out[*n] = '\0';
	return 0;
}

static long walk(char *out, size_t size, size_t *n, const char *s)
{
	while (*s) {
		while (*s == '/')
			s++;
		const char *start = s;
		while (*s && *s != '/')
			s++;
		if (s > start) {
			long r = push(out, size, n, start, (size_t)(s - start));
			if (r < 0)
				return r;
		}
	}
	return 0;
}

long path_resolve(const char *cwd, const char *path, char *out, size_t size)
{
	if (size < 2)
		return -ENAMETOOLONG;
	size_t n = 1;
	out[0] = '/';
	out[1] = '\0';
	long r = 0;
	if (path[0] != '/')
		r = walk(out, size, &n, cwd);
	if (r == 0)
		r = walk(out, size, &n, path);
	return r < 0 ? r : (long)n;
}
