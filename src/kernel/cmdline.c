#include "kernel/cmdline.h"
#include "lib/string.h"

static char line[CMDLINE_MAX];

void cmdline_init(const char *s)
{
	strlcpy_k(line, s ? s : "", sizeof line);
}

const char *cmdline_raw(void) { return line; }

bool cmdline_get(const char *key, char *buf, size_t size)
{
	size_t len;
	const char *v = cmdline_find(line, key, &len);
	if (!v || !size)
		return false;
	if (len >= size)
		len = size - 1;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return true;
}

bool cmdline_flag(const char *key)
{
	size_t len;
	return cmdline_find(line, key, &len) != NULL;
}
