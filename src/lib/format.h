/*
 * printf-style formatting without a libc: %d %i %u %x %X %p %s %c %%,
 * flags '-' and '0', a width (or '*'), 'l' (no effect: long is 32-bit) and
 * 'll' for 64-bit. Pure C, shared by kprintf, the user libc and host tests.
 */
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*format_emit_t)(char c, void *ctx);

/* Returns the number of characters emitted. Unknown conversions print as is. */
int vformat(format_emit_t emit, void *ctx, const char *fmt, va_list ap);
/* Like vsnprintf: always terminates (when size > 0), returns the untruncated length. */
int vsformat(char *buf, size_t size, const char *fmt, va_list ap);
/* *v /= base, returning the remainder, with 32-bit operations only (no libgcc). base < 2^31. */
unsigned divmod64(uint64_t *v, unsigned base);
int sformat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
