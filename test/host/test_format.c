/* printf-style formatting without a libc (format.c), checked against the host's snprintf. */
#include "host_test.h"
#include "lib/format.h"
#include <limits.h>
#include <stdio.h>

/*
 * Format with both sformat and the host's snprintf and require the same
 * text and length. Only for directives whose semantics the two share.
 */
#define SAME(...)                                                             \
	do {                                                                      \
		char got_[256], want_[256];                                           \
		int gn_ = sformat(got_, sizeof got_, __VA_ARGS__);                    \
		int wn_ = snprintf(want_, sizeof want_, __VA_ARGS__);                 \
		assert_string_equal(got_, want_);                                     \
		assert_int_equal(gn_, wn_);                                           \
	} while (0)

/* Format with sformat and require an exact expected text and length. */
#define EXPECT(want, ...)                                                     \
	do {                                                                      \
		char got_[256];                                                       \
		int gn_ = sformat(got_, sizeof got_, __VA_ARGS__);                    \
		assert_string_equal(got_, want);                                      \
		assert_int_equal(gn_, (int)strlen(want));                             \
	} while (0)

/*
 * Unchecked wrappers: directives the compiler's format checking would reject
 * (unknown conversions, '-' with '0') must still reach the formatter.
 */
static int dyn_sformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int dyn_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Like EXPECT, through the unchecked wrapper. */
#define EXPECT_DYN(want, ...)                                                 \
	do {                                                                      \
		char got_[256];                                                       \
		int gn_ = dyn_sformat(got_, sizeof got_, __VA_ARGS__);                \
		assert_string_equal(got_, want);                                      \
		assert_int_equal(gn_, (int)strlen(want));                             \
	} while (0)

/* Plain text and %% pass through. */
static void test_literal(void **state)
{
	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello, world", "hello, world");
	EXPECT("100%", "100%%");
	EXPECT("%%", "%%%%");
	SAME("a%%b%%c");
}

/* %d and %i: zero, signs, INT_MIN/INT_MAX. */
static void test_signed(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%i", -42);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("2147483647", "%d", INT_MAX);
	SAME("%d %i %d", -1, 123456789, -987654321);
}

/* %u %x %X: unsigned conversions, including UINT_MAX. */
static void test_unsigned(void **state)
{
	(void)state;
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("ffffffff", "%x", UINT_MAX);
	EXPECT("DEADBEEF", "%X", 0xDEADBEEFu);
	EXPECT("deadbeef", "%x", 0xDEADBEEFu);
	EXPECT("0", "%x", 0u);
	EXPECT("0", "%u", 0u);
	SAME("%u %x %X %x", 3000000000u, 0xabcu, 0xabcu, 0x10u);
}

/* %c and %s, and %s of NULL -> "(null)". */
static void test_char_and_string(void **state)
{
	(void)state;
	EXPECT("x", "%c", 'x');
	EXPECT("[a]", "[%c]", 'a');
	EXPECT("abc def", "%s %s", "abc", "def");
	const char *null = NULL;
	EXPECT_DYN("(null)", "%s", null);   /* unchecked: the compiler rightly flags a NULL %s */
	EXPECT_DYN("  (null)", "%8s", null);
	EXPECT_DYN("(null)|", "%-6s|", null);
	SAME("%5s|%-5s|%c%c", "ab", "cd", 'e', 'f');
}

/* %p prints 0x and lower-case hex of the pointer value. */
static void test_pointer(void **state)
{
	(void)state;
	EXPECT("0x1000", "%p", (void *)0x1000);
	EXPECT("0xc0100000", "%p", (void *)(uintptr_t)0xC0100000u);
	EXPECT("0x0", "%p", (void *)0);   /* glibc prints "(nil)"; ours is plain */
	int x;
	SAME("%p", (void *)&x);
	EXPECT("    0xbeef", "%10p", (void *)0xBEEF);
}

/* Widths, right-justified by default, '-' left-justifies, '0' pads with zeros. */
static void test_width_and_flags(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("0000ff", "%06x", 0xFFu);
	EXPECT("42", "%1d", 42);          /* narrower than the number: no cut */
	EXPECT("12345", "%3d", 12345);
	EXPECT("  x", "%3c", 'x');
	SAME("%5d|%-5d|%05d|%08X|%-8x|%3u", 7, 7, 7, 0xABCDu, 0xABCDu, 123456u);
	/* '-' overrides '0', as in C. */
	char got[16], want[16];
	assert_int_equal(dyn_sformat(got, sizeof got, "%-05d|", 42), dyn_snprintf(want, sizeof want, "%-05d|", 42));
	assert_string_equal(got, want);
	assert_string_equal(got, "42   |");
	SAME("%20s|%-20s|", "right", "left");
}

/* A negative number keeps its sign in front of zero padding: "-0042". */
static void test_negative_zero_pad(void **state)
{
	(void)state;
	EXPECT("-0042", "%05d", -42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("-42  |", "%-5d|", -42);
	EXPECT("-42", "%03d", -42);
	EXPECT("-42", "%02d", -42);
	SAME("%08d|%08lld", -1234, -5LL);
}

/* '*' takes the width from the arguments; a negative one means left-justify. */
static void test_star_width(void **state)
{
	(void)state;
	EXPECT("   42", "%*d", 5, 42);
	EXPECT("42   |", "%*d|", -5, 42);
	EXPECT("00042", "%0*d", 5, 42);
	EXPECT("42   |", "%-*d|", 5, 42);
	EXPECT("ab", "%*s", 0, "ab");
	SAME("%*d|%*s|%-*x|", 6, -12, 4, "z", 3, 0xAu);
}

/* 'l' is a long, 'll' is 64-bit: values above 2^32, INT64_MIN, UINT64_MAX. */
static void test_long_and_64bit(void **state)
{
	(void)state;
	EXPECT("123", "%ld", 123L);
	EXPECT("-7", "%li", -7L);
	EXPECT("4294967295", "%lu", 4294967295UL);
	EXPECT("ff", "%lx", 0xFFUL);
	EXPECT("4294967296", "%llu", 4294967296ULL);
	EXPECT("100000000", "%llx", 0x100000000ULL);
	EXPECT("123456789ABCDEF0", "%llX", 0x123456789ABCDEF0ULL);
	EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("9223372036854775807", "%lli", (long long)INT64_MAX);
	EXPECT("-4294967296", "%lld", -4294967296LL);
	EXPECT("00000000deadbeef", "%016llx", 0xDEADBEEFULL);
	/* Arguments after a 64-bit one are still read from the right place. */
	EXPECT("1 8589934592 2", "%d %llu %d", 1, 8589934592ULL, 2);
	SAME("%lld|%llu|%20lld|%-20llu|%020lld", -1LL, 10000000000ULL, 12345678901LL, 98765432109ULL, -98765432109LL);
}

/* 64-bit decimal conversion across many magnitudes matches the host. */
static void test_64bit_sweep(void **state)
{
	(void)state;
	struct test_rng r;
	rng_seed(&r, 99);
	for (int i = 0; i < 20000; i++) {
		uint64_t v = ((uint64_t)rng_next(&r) << 32 | rng_next(&r)) >> rng_below(&r, 64);
		SAME("%llu %lld %llx %llX", (unsigned long long)v, (long long)v, (unsigned long long)v, (unsigned long long)v);
		SAME("%lld", -(long long)(v >> 1));
	}
}

/* divmod64 divides 64 by 32 bits with 32-bit operations only. */
static void test_divmod64(void **state)
{
	(void)state;
	static const unsigned bases[] = { 2, 3, 7, 8, 10, 16, 1000000007u, 0x7FFFFFFFu };
	struct test_rng r;
	rng_seed(&r, 5);
	for (size_t b = 0; b < ARRAY_LEN(bases); b++)
		for (int i = 0; i < 5000; i++) {
			uint64_t v = (uint64_t)rng_next(&r) << 32 | rng_next(&r);
			if (i == 0) v = UINT64_MAX;
			if (i == 1) v = 0;
			if (i == 2) v = bases[b];
			uint64_t q = v;
			unsigned rem = divmod64(&q, bases[b]);
			assert_int_equal(q, v / bases[b]);
			assert_int_equal(rem, v % bases[b]);
		}
}

/* Output longer than the buffer is cut, always terminated, and the full length returned. */
static void test_truncation(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'Z', sizeof buf);
	assert_int_equal(sformat(buf, sizeof buf, "%s", "0123456789"), 10);
	assert_string_equal(buf, "0123456");
	memset(buf, 'Z', sizeof buf);
	assert_int_equal(sformat(buf, sizeof buf, "%d", 1234567), 7);   /* exact fit */
	assert_string_equal(buf, "1234567");
	memset(buf, 'Z', sizeof buf);
	assert_int_equal(sformat(buf, sizeof buf, "%d", 12345678), 8);  /* one too many */
	assert_string_equal(buf, "1234567");
	memset(buf, 'Z', sizeof buf);
	assert_int_equal(sformat(buf, 1, "abc"), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');
	/* Cut at every size gives the host's answer. */
	const char *text = "x=%d y=%08llx s=%s";
	for (size_t n = 1; n < 40; n++) {
		char got[40], want[40];
		memset(got, 'Q', sizeof got);
		int gn = sformat(got, n, text, -17, 0xFEEDULL, "tail");
		int wn = snprintf(want, n, text, -17, 0xFEEDULL, "tail");
		assert_int_equal(gn, wn);
		assert_string_equal(got, want);
		if (n + 1 < sizeof got)
			assert_int_equal(got[n], 'Q');   /* nothing written past size */
	}
}

/* size 0 writes nothing at all, not even the terminator, and still counts. */
static void test_size_zero(void **state)
{
	(void)state;
	char buf[4] = { 'a', 'b', 'c', 'd' };
	assert_int_equal(sformat(buf, 0, "%s-%d", "hello", 42), 8);
	assert_memory_equal(buf, "abcd", 4);
	assert_int_equal(sformat(NULL, 0, "%llu", (unsigned long long)UINT64_MAX), 20);
}

/* Unknown conversions are printed as written, and the rest still formats. */
static void test_unknown_conversion(void **state)
{
	(void)state;
	EXPECT_DYN("%q", "%q", 0);
	EXPECT_DYN("a %5q b", "a %5q b", 0);
	EXPECT_DYN("%-08y 7", "%-08y %d", 7);
	EXPECT_DYN("%lq", "%lq", 0);
	EXPECT_DYN("%w|1", "%w|%d", 1);
	/* A lone '%' (or an incomplete directive) at the very end: nothing read past it. */
	EXPECT_DYN("abc%", "abc%", 0);
	EXPECT_DYN("x%-05", "x%-05", 0);
	EXPECT_DYN("%ll", "%ll", 0);
	EXPECT_DYN("%", "%", 0);
}

/* vformat counts what it emits, through the callback. */
static void emit_count(char c, void *ctx)
{
	struct { char buf[64]; int n; } *b = ctx;
	b->buf[b->n++] = c;
}

static int via_vformat(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(emit_count, ctx, fmt, ap);
	va_end(ap);
	return n;
}

/* vformat's return equals the number of emitted characters. */
static void test_vformat_count(void **state)
{
	(void)state;
	struct { char buf[64]; int n; } b = { { 0 }, 0 };
	int n = via_vformat(&b, "[%5d|%-3s|%c|%%|%q]", -3, "ab", 'z');   /* not format-checked */
	assert_int_equal(n, b.n);
	assert_memory_equal(b.buf, "[   -3|ab |z|%|%q]", 18);
	assert_int_equal(n, 18);
}

/* No format attribute: these widths are meant to be absurd. */
static int unchecked_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Guards the width clamp: huge or INT_MIN widths neither overflow (UBSan) nor pad without bound. */
static void test_width_clamped(void **state)
{
	(void)state;
	char buf[8];
	assert_int_equal(unchecked_format(buf, sizeof buf, "%*d", INT_MIN, 7), 1024);
	assert_string_equal(buf, "7      ");
	assert_int_equal(unchecked_format(buf, sizeof buf, "%99999999999d", 7), 1024);
	assert_string_equal(buf, "       ");
	assert_int_equal(unchecked_format(buf, sizeof buf, "%*d", INT_MAX, 7), 1024);
	assert_int_equal(unchecked_format(buf, sizeof buf, "%1024d", 7), 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_char_and_string),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_negative_zero_pad),
		cmocka_unit_test(test_star_width),
		cmocka_unit_test(test_long_and_64bit),
		cmocka_unit_test(test_64bit_sweep),
		cmocka_unit_test(test_divmod64),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_vformat_count),
		cmocka_unit_test(test_width_clamped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
