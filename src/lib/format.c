#include "lib/format.h"
#include <stdint.h>
#include <stdbool.h>

#define FORMAT_WIDTH_MAX 1024   /* wider fields are clamped: no overflow, no runaway padding */

struct spec {
	bool left, zero;
	int width;
	int longs;
};

static int pad(format_emit_t emit, void *ctx, char c, int n)
{
	int i;
	for (i = 0; i < n; i++)
		emit(c, ctx);
	return i > 0 ? i : 0;
}

/* Emit s (len chars) padded to the spec's width; a sign stays in front of zero padding. */
static int put_field(format_emit_t emit, void *ctx, const struct spec *sp, const char *s, int len)
{
	int n = 0, fill = sp->width - len;
	if (!sp->left && sp->zero && len > 0 && s[0] == '-') {
		emit('-', ctx);
		n++;
		s++;
		len--;
	}
	if (!sp->left)
		n += pad(emit, ctx, sp->zero ? '0' : ' ', fill);
	for (int i = 0; i < len; i++)
		emit(s[i], ctx);
	n += len;
	if (sp->left)
		n += pad(emit, ctx, ' ', fill);
	return n;
}

/*
 * Divide *v by base and return the remainder, with 32-bit operations only:
 * the kernel links no libgcc, so a 64-bit `/` would not link.
 */
unsigned divmod64(uint64_t *v, unsigned base)
{
	uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
	uint32_t qhi = hi / base, r = hi % base;
	uint32_t qlo = 0;
	for (int bit = 31; bit >= 0; bit--) {
		/* r < base < 2^31, so r * 2 + 1 never overflows. */
		r = (r << 1) | ((lo >> bit) & 1);
		if (r >= base) {
			r -= base;
			qlo |= 1u << bit;
		}
	}
	*v = ((uint64_t)qhi << 32) | qlo;
	return r;
}

static int utoa(char *out, uint64_t v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len = 0;
	do {
		if (v >> 32)
			tmp[n++] = digits[divmod64(&v, base)];
		else {
			uint32_t w = (uint32_t)v;
			tmp[n++] = digits[w % base];
			v = w / base;
		}
	} while (v);
	while (n)
		out[len++] = tmp[--n];
	return len;
}

int vformat(format_emit_t emit, void *ctx, const char *fmt, va_list ap)
{
	int total = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(*fmt, ctx);
			total++;
			continue;
		}
		const char *start = fmt++;
		struct spec sp = { 0 };
		for (;; fmt++) {
			if (*fmt == '-') sp.left = true;
			else if (*fmt == '0') sp.zero = true;
			else break;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);
			if (w < 0) {
				sp.left = true;
				w = w == -__INT_MAX__ - 1 ? FORMAT_WIDTH_MAX : -w;
			}
			sp.width = w < FORMAT_WIDTH_MAX ? w : FORMAT_WIDTH_MAX;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9') {
			/* Clamped as it is read: a written width can never overflow. */
			sp.width = sp.width * 10 + (*fmt++ - '0');
			if (sp.width > FORMAT_WIDTH_MAX)
				sp.width = FORMAT_WIDTH_MAX;
		}
		while (*fmt == 'l') {
			sp.longs++;
			fmt++;
		}
		char buf[24];
		int len = 0;
		uint64_t u;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = sp.longs >= 2 ? va_arg(ap, long long) : sp.longs ? va_arg(ap, long) : va_arg(ap, int);
			u = v < 0 ? -(uint64_t)v : (uint64_t)v;
			if (v < 0)
				buf[len++] = '-';
			len += utoa(buf + len, u, 10, false);
			total += put_field(emit, ctx, &sp, buf, len);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			u = sp.longs >= 2 ? va_arg(ap, unsigned long long) : sp.longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			len = utoa(buf, u, *fmt == 'u' ? 10 : 16, *fmt == 'X');
			total += put_field(emit, ctx, &sp, buf, len);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			buf[0] = '0';
			buf[1] = 'x';
			len = 2 + utoa(buf + 2, u, 16, false);
			total += put_field(emit, ctx, &sp, buf, len);
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			total += put_field(emit, ctx, &sp, buf, 1);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int n = 0;
			while (s[n])
				n++;
			total += put_field(emit, ctx, &sp, s, n);
			break;
		}
		case '%':
			emit('%', ctx);
			total++;
			break;
		default:
			/* Unknown: print the directive as written, so the mistake shows. */
			for (const char *q = start; q <= fmt && *q; q++, total++)
				emit(*q, ctx);
			if (!*fmt)
				return total;
			break;
		}
	}
	return total;
}

struct sbuf {
	char *buf;
	size_t size, len;
};

static void sbuf_emit(char c, void *ctx)
{
	struct sbuf *b = ctx;
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int vsformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = { buf, size, 0 };
	int n = vformat(sbuf_emit, &b, fmt, ap);
	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int sformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
