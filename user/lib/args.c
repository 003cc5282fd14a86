/* Reading numbers from a program's arguments: a typo is an error, never 0. */
#include "ulib.h"

bool parse_ulong(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (~0ul - d) / 10)
			return false;   /* would wrap */
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

unsigned long arg_ulong(const char *prog, const char *what, const char *s)
{
	unsigned long v;
	if (!parse_ulong(s, &v)) {
		dprintf(STDERR_FD, "%s: %s must be a number, not '%s'\n", prog, what, s);
		exit(2);
	}
	return v;
}
