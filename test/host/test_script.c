/* proc/script.c: "#!" lines as Linux's binfmt_script takes them apart. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "proc/script.h"
#include <pfgate/errno.h>

/* "interp|arg" (arg "-" for none), or "error N". */
static const char *parse(const char *text, uint32_t file_size)
{
	static char out[2 * SCRIPT_HEAD_MAX];
	char line[SCRIPT_HEAD_MAX];
	const char *interp = "unset", *arg = "unset";
	uint32_t len = strlen(text);
	int r = script_parse(text, len < SCRIPT_HEAD_MAX ? len : SCRIPT_HEAD_MAX, file_size ? file_size : len, line,
			     &interp, &arg);
	if (r)
		snprintf(out, sizeof out, "error %d", -r);
	else
		snprintf(out, sizeof out, "%s|%s", interp, arg ? arg : "-");
	return out;
}

static void test_lines(void **state)
{
	(void)state;
	assert_string_equal(parse("#!/bin/sh\necho hi\n", 0), "/bin/sh|-");
	assert_string_equal(parse("#! /bin/sh -e\n", 0), "/bin/sh|-e");
	assert_string_equal(parse("#!/usr/bin/env  lua -v  \t\nprint(1)\n", 0), "/usr/bin/env|lua -v");
	assert_string_equal(parse("#!\t/bin/awk\t-f\n", 0), "/bin/awk|-f");
	assert_string_equal(parse("#!/bin/sh", 0), "/bin/sh|-");                  /* no newline: the file's end */
	assert_string_equal(parse("#!/bin/sh\r\n", 0), "/bin/sh\r|-");           /* a CR is part of the name, as on Linux */
	char nul[] = "#!/bin/sh\0 -x\n";
	char line[SCRIPT_HEAD_MAX];
	const char *interp, *arg;
	assert_int_equal(script_parse(nul, sizeof nul - 1, sizeof nul - 1, line, &interp, &arg), 0);
	assert_string_equal(interp, "/bin/sh");
	assert_null(arg);
}

static void test_refusals(void **state)
{
	(void)state;
	assert_string_equal(parse("#!\n", 0), "error 8");
	assert_string_equal(parse("#!   \t \n/bin/sh\n", 0), "error 8");
	assert_string_equal(parse("#/bin/sh\n", 0), "error 8");
	assert_string_equal(parse("!#/bin/sh\n", 0), "error 8");
	assert_string_equal(parse("#", 0), "error 8");
	char longline[SCRIPT_HEAD_MAX + 40];
	memset(longline, 'a', sizeof longline - 1);
	longline[0] = '#';
	longline[1] = '!';
	longline[sizeof longline - 1] = '\0';
	assert_string_equal(parse(longline, sizeof longline - 1), "error 8");   /* cut within the head: refused */
	longline[SCRIPT_HEAD_MAX - 1] = '\n';
	const char *whole = parse(longline, sizeof longline - 1);
	assert_int_equal(strlen(whole), SCRIPT_HEAD_MAX - 3 + 2);   /* the line just fits: its name, "|-" */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
