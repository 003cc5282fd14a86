/* printf and friends on the write gate, through the kernel's own formatter. */
#include "ulib.h"
#include "lib/format.h"

#define OUT_BUF 256

struct outbuf {
	int fd;
	size_t len;
	char buf[OUT_BUF];
};

static void flush(struct outbuf *o)
{
	if (o->len)
		write_all(o->fd, o->buf, o->len);
	o->len = 0;
}

static void emit(char c, void *ctx)
{
	struct outbuf *o = ctx;
	o->buf[o->len++] = c;
	if (o->len == OUT_BUF)
		flush(o);
}

long write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	while (done < len) {
		long r = sys_write(fd, p + done, len - done);
		if (is_err(r))
			return r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (long)done;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct outbuf o;
	o.fd = fd;
	o.len = 0;
	int n = vformat(emit, &o, fmt, ap);
	flush(&o);
	return n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(STDOUT_FD, fmt, ap);
	va_end(ap);
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	long r = write_all(STDOUT_FD, s, strlen(s));
	if (!is_err(r))
		r = write_all(STDOUT_FD, "\n", 1);
	return is_err(r) ? -1 : 0;
}

const char *strerror(long e)
{
	static char unknown[24];
	const char *text = e >= -MAX_ERRNO && e <= MAX_ERRNO ? errno_text((int)(e < 0 ? -e : e)) : NULL;
	if (text)
		return text;
	snprintf(unknown, sizeof unknown, "error %ld", e);
	return unknown;
}
