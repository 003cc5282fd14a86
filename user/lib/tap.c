#include "tap.h"
#include "lib/format.h"

static int count, failed;

static void line(const char *status, const char *fmt, va_list ap, const char *suffix)
{
	char buf[160];
	vsformat(buf, sizeof buf, fmt, ap);
	printf("%s %d - %s%s\n", status, ++count, buf, suffix);
}

void tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(ok ? "ok" : "not ok", fmt, ap, "");
	va_end(ap);
	if (!ok)
		failed++;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	char suffix[80];
	snprintf(suffix, sizeof suffix, " # SKIP %s", why);
	va_list ap;
	va_start(ap, fmt);
	line("ok", fmt, ap, suffix);
	va_end(ap);
}

int tap_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", count, count - failed, failed);
	return failed ? 1 : 0;
}
