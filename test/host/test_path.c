/* vfs/path.c: canonical absolute paths from a working directory and a user's name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "vfs/path.h"
#include <pfgate/errno.h>

static const char *resolve(const char *cwd, const char *path, size_t size)
{
	static char out[256];
	static char err[32];
	memset(out, 'X', sizeof out);
	long r = path_resolve(cwd, path, out, size);
	if (r < 0) {
		snprintf(err, sizeof err, "error %ld", -r);
		return err;
	}
	assert_int_equal((size_t)r, strlen(out));
	return out;
}

static void test_canonical(void **state)
{
	(void)state;
	assert_string_equal(resolve("/", "README", 64), "/README");
	assert_string_equal(resolve("/", "/README", 64), "/README");
	assert_string_equal(resolve("/", "", 64), "/");
	assert_string_equal(resolve("/a/b", "", 64), "/a/b");
	assert_string_equal(resolve("/", "//a///b//", 64), "/a/b");
	assert_string_equal(resolve("/", "./a/./b/.", 64), "/a/b");
	assert_string_equal(resolve("/", "..", 64), "/");
	assert_string_equal(resolve("/", "/../../..", 64), "/");
	assert_string_equal(resolve("/a/b", "..", 64), "/a");
	assert_string_equal(resolve("/a/b", "../..", 64), "/");
	assert_string_equal(resolve("/a/b", "../c/../d", 64), "/a/d");
	assert_string_equal(resolve("/a", "b", 64), "/a/b");
	assert_string_equal(resolve("/a", "/b", 64), "/b");
	assert_string_equal(resolve("/ab", "../a", 64), "/a");
	assert_string_equal(resolve("/", "...", 64), "/...");
	assert_string_equal(resolve("/", "..a/.b", 64), "/..a/.b");
}

static void test_lengths(void **state)
{
	(void)state;
	/* "/abc" needs 5 bytes with its NUL. */
	assert_string_equal(resolve("/", "abc", 5), "/abc");
	assert_string_equal(resolve("/", "abc", 4), "error 36");
	assert_string_equal(resolve("/a", "bc", 5), "error 36");
	assert_string_equal(resolve("/a", "bc", 6), "/a/bc");
	/* What ".." takes away makes room again. */
	assert_string_equal(resolve("/", "abcdefgh/../x", 5), "error 36");
	assert_string_equal(resolve("/", "/", 2), "/");
	assert_string_equal(resolve("/", "/", 1), "error 36");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
