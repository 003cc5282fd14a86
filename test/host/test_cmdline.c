/* Kernel command line parsing (cmdline_parse.c): cmdline_find and list_contains. */
#include "host_test.h"
#include "kernel/cmdline.h"

/* Find key in line and require value `want` (NULL: key absent). */
static void expect_find(const char *line, const char *key, const char *want)
{
	size_t len = 12345;
	const char *v = cmdline_find(line, key, &len);
	if (!want) {
		if (v)
			fail_msg("\"%s\" in \"%s\": found \"%.*s\", expected absent", key, line, (int)len, v);
		return;
	}
	if (!v)
		fail_msg("\"%s\" in \"%s\": absent, expected \"%s\"", key, line, want);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(v, want, len);
	/* The value points into the line itself. */
	assert_true(v >= line && v + len <= line + strlen(line));
}

/* key=value gives the value up to the next space. */
static void test_key_value(void **state)
{
	(void)state;
	expect_find("run=hello", "run", "hello");
	expect_find("run=hello init=sh", "run", "hello");
	expect_find("run=hello init=sh", "init", "sh");
	expect_find("selftest=frames,heap gatelog", "selftest", "frames,heap");
	expect_find("run=a:b:c,d", "run", "a:b:c,d");
	expect_find("k=a=b", "k", "a=b");   /* only the first '=' separates */
}

/* A bare flag is found with an empty value. */
static void test_bare_flag(void **state)
{
	(void)state;
	expect_find("gatelog", "gatelog", "");
	expect_find("run=x gatelog testexit", "gatelog", "");
	expect_find("run=x gatelog testexit", "testexit", "");
	expect_find("key=", "key", "");   /* empty value */
}

/* A key that is a prefix of another key (or of a value) does not match it. */
static void test_prefix_keys(void **state)
{
	(void)state;
	expect_find("runx=1", "run", NULL);
	expect_find("runx=1 run=2", "run", "2");
	expect_find("runner", "run", NULL);
	expect_find("run", "runx", NULL);
	expect_find("init=run", "run", NULL);   /* a value is not a key */
	expect_find("xrun=1", "run", NULL);
	expect_find("gatelogx", "gatelog", NULL);
}

/* Runs of spaces, and leading and trailing spaces, separate words like one space. */
static void test_spaces(void **state)
{
	(void)state;
	expect_find("   run=a    init=b   ", "init", "b");
	expect_find("   run=a    init=b   ", "run", "a");
	expect_find("a  b", "b", "");
	expect_find("    ", "run", NULL);
	expect_find("", "run", NULL);
}

/* The value of the last word runs to the end of the line. */
static void test_value_at_end(void **state)
{
	(void)state;
	expect_find("gatelog run=last", "run", "last");
	expect_find("run=x", "run", "x");
}

/* The first occurrence wins when a key is repeated. */
static void test_first_wins(void **state)
{
	(void)state;
	expect_find("run=one run=two", "run", "one");
	expect_find("poweroff run=two poweroff", "poweroff", "");
}

/* Missing keys return NULL. */
static void test_missing(void **state)
{
	(void)state;
	expect_find("run=hello init=sh", "selftest", NULL);
	expect_find("run=hello", "hello", NULL);
	expect_find("run=hello", "ru", NULL);
}

/* list_contains matches whole comma-separated items only. */
static void test_list_contains(void **state)
{
	(void)state;
	assert_true(list_contains("frames", "frames"));
	assert_true(list_contains("frames,heap,paging", "frames"));
	assert_true(list_contains("frames,heap,paging", "heap"));
	assert_true(list_contains("frames,heap,paging", "paging"));
	assert_false(list_contains("frames,heap,paging", "page"));
	assert_false(list_contains("frames,heap,paging", "pagings"));
	assert_false(list_contains("frames,heap,paging", "rames"));
	assert_false(list_contains("frames,heap,paging", "heap,paging"));
	assert_false(list_contains("", "heap"));
	assert_false(list_contains("heapx", "heap"));
	assert_false(list_contains("xheap", "heap"));
	assert_true(list_contains(",heap,", "heap"));
	assert_true(list_contains("a,,b", "b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_value),
		cmocka_unit_test(test_bare_flag),
		cmocka_unit_test(test_prefix_keys),
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_value_at_end),
		cmocka_unit_test(test_first_wins),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_list_contains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
