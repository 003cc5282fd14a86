/* ustar reader (ustar.c) on archives built in memory with correct checksums. */
#include "host_test.h"
#include "fs/initrd.h"
#include <stdio.h>

#define BLK 512u

struct archive {
	unsigned char b[64 * BLK];
	uint32_t len;
};

/* Offsets in a ustar header (POSIX.1-1988). */
enum { H_NAME = 0, H_MODE = 100, H_SIZE = 124, H_CHKSUM = 148, H_TYPE = 156, H_MAGIC = 257, H_VERSION = 263, H_PREFIX = 345 };

/* strnlen is POSIX, not C11. */
static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

/* Store the checksum of a filled header as GNU tar does: six octal digits, NUL, space. */
static void set_checksum(unsigned char *h)
{
	memset(h + H_CHKSUM, ' ', 8);
	unsigned sum = 0;
	for (unsigned i = 0; i < BLK; i++)
		sum += h[i];
	char field[9];
	snprintf(field, sizeof field, "%06o", sum);
	memcpy(h + H_CHKSUM, field, 7);   /* digits and the NUL */
	h[H_CHKSUM + 7] = ' ';
}

/*
 * Append one entry: a header (name, optional ustar prefix, type, size) and
 * `size` bytes of data filled with `fill`, padded to a block. Returns the
 * header's offset.
 */
static uint32_t add_entry(struct archive *a, const char *prefix, const char *name, char type, uint32_t size, unsigned char fill)
{
	uint32_t at = a->len;
	unsigned char *h = a->b + at;
	assert_true(at + BLK + (size + BLK - 1) / BLK * BLK <= sizeof a->b);
	memset(h, 0, BLK);
	memcpy(h + H_NAME, name, bounded_len(name, 100));
	memcpy(h + H_MODE, "0000644", 8);
	char sz[13];
	snprintf(sz, sizeof sz, "%011o", size);
	memcpy(h + H_SIZE, sz, 12);
	h[H_TYPE] = (unsigned char)type;
	memcpy(h + H_MAGIC, "ustar", 6);
	memcpy(h + H_VERSION, "00", 2);
	if (prefix)
		memcpy(h + H_PREFIX, prefix, bounded_len(prefix, 155));
	set_checksum(h);
	a->len += BLK;
	memset(a->b + a->len, fill, size);
	uint32_t padded = (size + BLK - 1) / BLK * BLK;
	memset(a->b + a->len + size, 0, padded - size);
	a->len += padded;
	return at;
}

static uint32_t add_file(struct archive *a, const char *name, uint32_t size, unsigned char fill)
{
	return add_entry(a, NULL, name, '0', size, fill);
}

/* The end-of-archive marker: two zero blocks. */
static void add_end(struct archive *a)
{
	memset(a->b + a->len, 0, 2 * BLK);
	a->len += 2 * BLK;
}

static struct archive ar;

static int setup(void **state)
{
	(void)state;
	memset(&ar, 0, sizeof ar);
	return 0;
}

/* Find `name` and check its size and that its data is `size` bytes of `fill`. */
static void expect_file(const char *name, uint32_t size, unsigned char fill)
{
	struct ustar_entry e;
	if (!ustar_find(ar.b, ar.len, name, &e))
		fail_msg("\"%s\" not found", name);
	assert_false(e.is_dir);
	assert_int_equal(e.size, size);
	const unsigned char *d = e.data;
	assert_true(d > ar.b && d + size <= ar.b + ar.len);
	assert_int_equal((d - ar.b) % BLK, 0);
	for (uint32_t i = 0; i < size; i++)
		assert_int_equal(d[i], fill);
}

static void expect_missing(const char *name)
{
	struct ustar_entry e;
	if (ustar_find(ar.b, ar.len, name, &e))
		fail_msg("\"%s\" found but should not be", name);
}

/* Files are found by exact name, with their data and size. */
static void test_find_files(void **state)
{
	(void)state;
	add_file(&ar, "hello", 100, 'h');
	add_file(&ar, "bin/sh", 3000, 's');
	add_file(&ar, "hello2", 7, '2');
	add_end(&ar);
	expect_file("hello", 100, 'h');
	expect_file("bin/sh", 3000, 's');
	expect_file("hello2", 7, '2');
	expect_file("/hello", 100, 'h');   /* a leading '/' in the query is ignored */
	expect_missing("hell");
	expect_missing("hello3");
	expect_missing("sh");
	expect_missing("bin/s");
	expect_missing("");
}

/* Iteration visits every entry in order and stops at the end marker. */
static void test_iterate(void **state)
{
	(void)state;
	add_file(&ar, "a", 1, 'a');
	add_file(&ar, "b", 600, 'b');
	add_file(&ar, "c", 0, 'c');
	add_end(&ar);
	static const char *const names[] = { "a", "b", "c" };
	static const uint32_t next[] = { 2 * BLK, 5 * BLK, 6 * BLK };
	uint32_t off = 0;
	struct ustar_entry e;
	for (int i = 0; i < 3; i++) {
		assert_true(ustar_entry_at(ar.b, ar.len, &off, &e));
		assert_string_equal(e.name, names[i]);
		assert_int_equal(off, next[i]);
	}
	assert_false(ustar_entry_at(ar.b, ar.len, &off, &e));
	assert_false(ustar_entry_at(ar.b, ar.len, &off, &e));
}

/* "./" (repeated) is stripped from archive names, as `tar -C dir .` writes them. */
static void test_dot_slash_prefix(void **state)
{
	(void)state;
	add_entry(&ar, NULL, "./", '5', 0, 0);
	add_file(&ar, "./hello", 5, 'x');
	add_file(&ar, "././twice", 6, 'y');
	add_file(&ar, "./.hidden", 2, 'z');
	add_end(&ar);
	expect_file("hello", 5, 'x');
	expect_file("twice", 6, 'y');
	expect_file(".hidden", 2, 'z');
	expect_missing("./hello");   /* stripped from the archive side only */
	uint32_t off = 0;
	struct ustar_entry e;
	assert_true(ustar_entry_at(ar.b, ar.len, &off, &e));
	assert_string_equal(e.name, "");
	assert_true(e.is_dir);
	assert_true(ustar_entry_at(ar.b, ar.len, &off, &e));
	assert_string_equal(e.name, "hello");
}

/* Directories are flagged is_dir and found with or without their trailing '/'. */
static void test_directories(void **state)
{
	(void)state;
	add_entry(&ar, NULL, "./bin/", '5', 0, 0);
	add_file(&ar, "./bin/ls", 10, 'l');
	add_end(&ar);
	struct ustar_entry e;
	assert_true(ustar_find(ar.b, ar.len, "bin", &e));
	assert_true(e.is_dir);
	assert_string_equal(e.name, "bin/");
	assert_int_equal(e.size, 0);
	assert_true(ustar_find(ar.b, ar.len, "bin/", &e));
	assert_true(e.is_dir);
	expect_file("bin/ls", 10, 'l');
	expect_missing("bi");
	expect_missing("bin/l");
}

/* The ustar prefix field is joined to the name with '/'. */
static void test_prefix_field(void **state)
{
	(void)state;
	add_entry(&ar, "usr/share/doc", "readme.txt", '0', 20, 'r');
	add_end(&ar);
	expect_file("usr/share/doc/readme.txt", 20, 'r');
	expect_missing("readme.txt");
	/* Without the ustar magic the prefix bytes are not a prefix. */
	memset(&ar, 0, sizeof ar);
	uint32_t h = add_entry(&ar, "junk", "plain", '0', 1, 'p');
	memset(ar.b + h + H_MAGIC, 0, 8);
	set_checksum(ar.b + h);
	add_end(&ar);
	expect_file("plain", 1, 'p');
}

/* The longest names (100-byte name, 155-byte prefix) are cut to fit, never overrun. */
static void test_long_names(void **state)
{
	(void)state;
	char name[101], prefix[156];
	memset(name, 'n', 100);
	name[100] = '\0';
	memset(prefix, 'p', 155);
	prefix[155] = '\0';
	add_entry(&ar, NULL, name, '0', 1, '1');   /* no NUL in the 100-byte field */
	add_entry(&ar, prefix, name, '0', 1, '2');
	add_end(&ar);
	expect_file(name, 1, '1');
	uint32_t off = 0;
	struct ustar_entry e;
	assert_true(ustar_entry_at(ar.b, ar.len, &off, &e));
	assert_int_equal(strlen(e.name), 100);
	memset(&e, 0x7F, sizeof e);
	assert_true(ustar_entry_at(ar.b, ar.len, &off, &e));
	assert_true(strlen(e.name) <= 100);
	assert_int_equal(e.name[0], 'p');
}

/* A header with a bad checksum ends the iteration: later files are not found. */
static void test_bad_checksum_stops(void **state)
{
	(void)state;
	add_file(&ar, "one", 10, '1');
	uint32_t h2 = add_file(&ar, "two", 10, '2');
	add_file(&ar, "three", 10, '3');
	add_end(&ar);
	ar.b[h2 + H_NAME + 1] ^= 1;   /* "tvo": the stored checksum no longer matches */
	expect_file("one", 10, '1');
	expect_missing("two");
	expect_missing("tvo");
	expect_missing("three");
	/* A checksum field that is not octal at all. */
	memset(&ar, 0, sizeof ar);
	uint32_t h = add_file(&ar, "x", 1, 'x');
	add_end(&ar);
	expect_file("x", 1, 'x');
	memcpy(ar.b + h + H_CHKSUM, "zzzzzz\0 ", 8);
	expect_missing("x");
}

/* The other checksum spellings tar writers use (7 digits and NUL, leading spaces) are accepted. */
static void test_checksum_formats(void **state)
{
	(void)state;
	uint32_t h = add_file(&ar, "f", 3, 'f');
	add_end(&ar);
	unsigned sum = 0;
	memset(ar.b + h + H_CHKSUM, ' ', 8);
	for (unsigned i = 0; i < BLK; i++)
		sum += ar.b[h + i];
	char field[9];
	snprintf(field, sizeof field, "%07o", sum);
	memcpy(ar.b + h + H_CHKSUM, field, 8);   /* 7 digits and NUL */
	expect_file("f", 3, 'f');
	snprintf(field, sizeof field, "  %5o", sum);
	memcpy(ar.b + h + H_CHKSUM, field, 7);
	ar.b[h + H_CHKSUM + 7] = ' ';
	expect_file("f", 3, 'f');
	snprintf(field, sizeof field, "%07o", sum + 1);
	memcpy(ar.b + h + H_CHKSUM, field, 8);
	expect_missing("f");
}

/* A size that runs past the end of the archive stops the iteration. */
static void test_size_past_end(void **state)
{
	(void)state;
	add_file(&ar, "ok", 10, 'o');
	uint32_t h = add_file(&ar, "big", 10, 'b');
	add_end(&ar);
	/* "big" claims more bytes than remain after its header. */
	char sz[13];
	snprintf(sz, sizeof sz, "%011o", ar.len - h - BLK + 1);
	memcpy(ar.b + h + H_SIZE, sz, 12);
	set_checksum(ar.b + h);
	expect_file("ok", 10, 'o');
	expect_missing("big");
	/* Exactly what remains is fine. */
	snprintf(sz, sizeof sz, "%011o", ar.len - h - BLK);
	memcpy(ar.b + h + H_SIZE, sz, 12);
	set_checksum(ar.b + h);
	struct ustar_entry e;
	assert_true(ustar_find(ar.b, ar.len, "big", &e));
	assert_int_equal(e.size, ar.len - h - BLK);
	/* A size too large for 32 bits, and one with garbage digits. */
	memcpy(ar.b + h + H_SIZE, "77777777777", 12);
	set_checksum(ar.b + h);
	expect_missing("big");
	memcpy(ar.b + h + H_SIZE, "0000000001x", 12);
	set_checksum(ar.b + h);
	expect_missing("big");
}

/* Empty and all-zero archives, and ones shorter than a block, have no entries. */
static void test_empty(void **state)
{
	(void)state;
	struct ustar_entry e;
	uint32_t off = 0;
	assert_false(ustar_entry_at(ar.b, 0, &off, &e));
	assert_false(ustar_find(ar.b, 0, "x", &e));
	add_end(&ar);
	off = 0;
	assert_false(ustar_entry_at(ar.b, ar.len, &off, &e));
	/* A valid header but the archive cut inside it. */
	memset(&ar, 0, sizeof ar);
	add_file(&ar, "x", 0, 0);
	off = 0;
	assert_false(ustar_entry_at(ar.b, BLK - 1, &off, &e));
	assert_true(ustar_entry_at(ar.b, BLK, &off, &e));   /* size 0: the header is all of it */
	assert_int_equal(off, BLK);
	/* An offset past the end is not read. */
	off = ar.len + BLK;
	assert_false(ustar_entry_at(ar.b, ar.len, &off, &e));
}

/* The first zero block ends the archive: anything after the end marker is ignored. */
static void test_zero_blocks_end(void **state)
{
	(void)state;
	add_file(&ar, "before", 4, 'b');
	add_end(&ar);
	add_file(&ar, "after", 4, 'a');
	add_end(&ar);
	expect_file("before", 4, 'b');
	expect_missing("after");
	/* A single zero block is enough. */
	memset(&ar, 0, sizeof ar);
	add_file(&ar, "before", 4, 'b');
	memset(ar.b + ar.len, 0, BLK);
	ar.len += BLK;
	add_file(&ar, "after", 4, 'a');
	expect_missing("after");
}

/* Zero-size files and sizes that are exact multiples of 512 take no padding block. */
static void test_sizes_and_padding(void **state)
{
	(void)state;
	uint32_t h0 = add_file(&ar, "empty", 0, 0);
	uint32_t h1 = add_file(&ar, "one_block", 512, 'o');
	uint32_t h2 = add_file(&ar, "two_blocks", 1024, 't');
	uint32_t h3 = add_file(&ar, "odd", 513, 'd');
	uint32_t h4 = add_file(&ar, "last", 1, 'l');
	add_end(&ar);
	assert_int_equal(h1, h0 + BLK);
	assert_int_equal(h2, h1 + 2 * BLK);
	assert_int_equal(h3, h2 + 3 * BLK);
	assert_int_equal(h4, h3 + 3 * BLK);
	expect_file("empty", 0, 0);
	expect_file("one_block", 512, 'o');
	expect_file("two_blocks", 1024, 't');
	expect_file("odd", 513, 'd');
	expect_file("last", 1, 'l');
	uint32_t off = 0;
	struct ustar_entry e;
	uint32_t want[] = { h1, h2, h3, h4 };
	for (int i = 0; i < 4; i++) {
		assert_true(ustar_entry_at(ar.b, ar.len, &off, &e));
		assert_int_equal(off, want[i]);
	}
}

/* An archive without an end marker whose last file ends mid-block is still read. */
static void test_no_end_marker(void **state)
{
	(void)state;
	add_file(&ar, "a", 10, 'a');
	uint32_t h = add_file(&ar, "tail", 100, 't');
	uint32_t len = h + BLK + 100;   /* cut right after the data, before the padding */
	struct ustar_entry e;
	assert_true(ustar_find(ar.b, len, "tail", &e));
	assert_int_equal(e.size, 100);
	uint32_t off = h;
	assert_true(ustar_entry_at(ar.b, len, &off, &e));
	assert_int_equal(off, len);   /* clipped to the end, not past it */
	assert_false(ustar_entry_at(ar.b, len, &off, &e));
	/* One byte of data missing: refused. */
	assert_false(ustar_find(ar.b, len - 1, "tail", &e));
}

/* Type '\0' (pre-POSIX regular file) is a file; other types are not directories. */
static void test_types(void **state)
{
	(void)state;
	add_entry(&ar, NULL, "old", '\0', 3, 'o');
	add_entry(&ar, NULL, "link", '2', 0, 0);
	add_end(&ar);
	expect_file("old", 3, 'o');
	struct ustar_entry e;
	assert_true(ustar_find(ar.b, ar.len, "link", &e));
	assert_false(e.is_dir);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, NULL)
	const struct CMUnitTest tests[] = {
		T(test_find_files),
		T(test_iterate),
		T(test_dot_slash_prefix),
		T(test_directories),
		T(test_prefix_field),
		T(test_long_names),
		T(test_bad_checksum_stops),
		T(test_checksum_formats),
		T(test_size_past_end),
		T(test_empty),
		T(test_zero_blocks_end),
		T(test_sizes_and_padding),
		T(test_no_end_marker),
		T(test_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
