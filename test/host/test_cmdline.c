/* Kernel command line parsing (cmdline_parse.c): cmdline_find, list_contains and cmdline_check. */
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

#define PROGRAMS "hello sh usertests true README "

/* cmdline_check accepts line; the message is empty. */
static void expect_ok(const char *line)
{
	char msg[512] = "untouched";
	if (!cmdline_check(line, PROGRAMS, msg, sizeof msg))
		fail_msg("\"%s\" refused: %s", line, msg);
	assert_string_equal(msg, "");
}

/* cmdline_check refuses line with exactly the message want. */
static void expect_refused(const char *line, const char *want)
{
	char msg[512];
	if (cmdline_check(line, PROGRAMS, msg, sizeof msg))
		fail_msg("\"%s\" accepted, expected: %s", line, want);
	assert_string_equal(msg, want);
}

#define ALL_OPTIONS "run= init= gatereturn= doors vdso= testexit poweroff gatelog gatecount gatedecline linuxlog selftest= nosmep nosmap"
#define ALL_SELFTESTS "frames paging uaccess copies disk fault kstack_overflow boot_stack_overflow gatefetch smap smap_listed smep"

/* Every option the kernel reads, in the forms the tests and tools use, passes. */
static void test_check_accepts(void **state)
{
	(void)state;
	expect_ok("");
	expect_ok("   ");
	expect_ok("run=hello init=sh");
	expect_ok("run=usertests:a:b,hello,true gatereturn=iret testexit");
	expect_ok("gatereturn=sysexit doors poweroff gatelog gatecount gatedecline nosmep nosmap");
	expect_ok("selftest=frames,paging,uaccess,copies");
	expect_ok("selftest=smap nosmap");
	expect_ok("init=sh:-x");
	expect_ok("run=hello: init=sh");   /* an empty argument is an argument */
	/* QEMU's -kernel puts the kernel's path first (GRUB does not): skipped. */
	expect_ok("/work/build/kernel.elf run=hello testexit");
	expect_ok("build/kernel.elf");
}

/* The cases: one line naming the word and what is accepted. */
static void test_check_refuses(void **state)
{
	(void)state;
	expect_refused("rnu=hello", "cmdline: unknown option 'rnu=hello'; accepted: " ALL_OPTIONS);
	expect_refused("run=hello tesexit", "cmdline: unknown option 'tesexit'; accepted: " ALL_OPTIONS);
	expect_refused("gatereturn=irte", "cmdline: unknown value 'irte' in 'gatereturn=irte'; accepted: iret sysexit");
	expect_refused("gatereturn=iret,sysexit",
		       "cmdline: unknown value 'iret,sysexit' in 'gatereturn=iret,sysexit'; accepted: iret sysexit");
	expect_refused("gatereturn=", "cmdline: 'gatereturn=' has no value; accepted: iret sysexit");
	expect_refused("gatereturn", "cmdline: 'gatereturn' needs a value: gatereturn=; accepted: iret sysexit");
	expect_refused("selftest=frame", "cmdline: unknown value 'frame' in 'selftest=frame'; accepted: " ALL_SELFTESTS);
	expect_refused("selftest=frames,heap", "cmdline: unknown value 'heap' in 'selftest=frames,heap'; accepted: " ALL_SELFTESTS);
	expect_refused("selftest=", "cmdline: 'selftest=' has an empty name; accepted: " ALL_SELFTESTS);
	expect_refused("selftest=frames,", "cmdline: 'selftest=frames,' has an empty name; accepted: " ALL_SELFTESTS);
	/* A path is the root file system's: the boot cannot look, spawn judges it. */
	expect_ok("run=/native/hello");
	expect_ok("run=hello,/bin/busybox:echo:hi");
	expect_ok("init=/bin/sh");
	expect_refused("run=nosuchprog", "cmdline: no program 'nosuchprog' in the initrd ('run=nosuchprog'); accepted: hello sh usertests true README");
	expect_refused("run=hello,nosuch:1", "cmdline: no program 'nosuch' in the initrd ('run=hello,nosuch:1'); accepted: hello sh usertests true README");
	expect_refused("run=", "cmdline: 'run=' names an empty program; give run=prog[:arg...][,prog...]");
	expect_refused("run=hello,", "cmdline: 'run=hello,' names an empty program; give run=prog[:arg...][,prog...]");
	expect_refused("run=:x", "cmdline: 'run=:x' names an empty program; give run=prog[:arg...][,prog...]");
	expect_refused("init=nosuch", "cmdline: no program 'nosuch' in the initrd ('init=nosuch'); accepted: hello sh usertests true README");
	expect_refused("init=hello,sh", "cmdline: no program 'hello,sh' in the initrd ('init=hello,sh'); accepted: hello sh usertests true README");
	expect_refused("run", "cmdline: 'run' needs a value: run=prog[:arg...][,prog...]");
	expect_refused("testexit=1", "cmdline: 'testexit=1': testexit takes no value; give it alone");
	expect_refused("run=hello run=sh", "cmdline: 'run=sh': option run given twice");
	expect_refused("testexit testexit", "cmdline: 'testexit': option testexit given twice");
	/* Only the first word may be a path, and only without '='. */
	expect_refused("run=hello /boot/kernel.elf", "cmdline: unknown option '/boot/kernel.elf'; accepted: " ALL_OPTIONS);
	expect_refused("a/b=c", "cmdline: unknown option 'a/b=c'; accepted: " ALL_OPTIONS);
	expect_refused("kernel.elf", "cmdline: unknown option 'kernel.elf'; accepted: " ALL_OPTIONS);
	/* A prefix or extension of an option's name is not that option. */
	expect_refused("gatelogx", "cmdline: unknown option 'gatelogx'; accepted: " ALL_OPTIONS);
	expect_refused("gate", "cmdline: unknown option 'gate'; accepted: " ALL_OPTIONS);
}

/* Without a program list (NULL) names are not checked; a short buffer is cut, terminated. */
static void test_check_edges(void **state)
{
	(void)state;
	char msg[16];
	assert_true(cmdline_check("run=anything init=else", NULL, msg, sizeof msg));
	assert_false(cmdline_check("rnu=hello", NULL, msg, sizeof msg));
	assert_string_equal(msg, "cmdline: unknow");
	assert_false(cmdline_check("rnu=hello", NULL, msg, 1));
	assert_string_equal(msg, "");
	assert_false(cmdline_check("rnu=hello", NULL, NULL, 0));
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
		cmocka_unit_test(test_check_accepts),
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_check_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
