/*
 * The shell's line editor (user/sh/line_edit.c), fed byte by byte as a
 * terminal sends them. What it prints goes to a model terminal (BS moves
 * left without erasing, as on a VT100 and on pfgate's screen), which must
 * show exactly the line, with its cursor where the editor's is.
 */
#include "host_test.h"
#include "line_edit.h"

struct term {
	char cells[LINE_EDIT_MAX + 8];
	size_t col, bells, newlines;
};

static struct line_edit ed;
static struct term tm;

static void term_apply(struct term *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\b')
			assert_true(t->col > 0), t->col--;   /* never past the prompt's end */
		else if (c == KEY_BEL)
			t->bells++;
		else if (c == '\n')
			t->newlines++;
		else {
			assert_true(c >= 0x20 && c < 0x7F);   /* nothing else ever reaches the terminal */
			assert_true(t->col < sizeof t->cells - 1);
			t->cells[t->col++] = (char)c;
		}
	}
}

/* What the terminal row shows, trailing blanks cut. */
static const char *shown(void)
{
	static char s[sizeof tm.cells];
	memcpy(s, tm.cells, sizeof s);
	size_t n = sizeof s - 1;
	s[n] = '\0';
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\0'))
		s[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			s[i] = ' ';
	return s;
}

static void start(void)
{
	line_edit_start(&ed);
	memset(&tm, 0, sizeof tm);
}

/* Feed bytes; the status of the last one. After each, the terminal agrees with the editor. */
static enum line_edit_status type(const char *bytes)
{
	enum line_edit_status st = LINE_EDIT_MORE;
	for (const char *p = bytes; *p; p++) {
		st = line_edit_feed(&ed, (unsigned char)*p);
		assert_true(ed.out_len <= sizeof ed.out);
		term_apply(&tm, ed.out, ed.out_len);
		if (st == LINE_EDIT_MORE) {
			assert_memory_equal(tm.cells, ed.buf, ed.len);   /* the line, then nothing but blanks */
			for (size_t i = ed.len; i < sizeof tm.cells; i++)
				assert_true(tm.cells[i] == ' ' || tm.cells[i] == '\0');
			assert_int_equal(tm.col, ed.cur);
		}
	}
	return st;
}

/* Type keys then Enter: the line the shell gets. */
static const char *line_of(const char *keys)
{
	start();
	assert_int_equal(type(keys), LINE_EDIT_MORE);
	assert_int_equal(type("\r"), LINE_EDIT_DONE);
	assert_int_equal(tm.newlines, 1);
	assert_memory_equal(tm.cells, ed.buf, strlen(ed.buf));   /* what the user saw is what runs */
	return ed.buf;
}

#define LEFT "\033[D"
#define RIGHT "\033[C"
#define UP "\033[A"
#define DOWN "\033[B"

static void test_plain_typing(void **state)
{
	(void)state;
	assert_string_equal(line_of("hello; hello"), "hello; hello");
	assert_int_equal(tm.bells, 0);
	assert_string_equal(line_of(""), "");
	start();
	assert_int_equal(type("ls\n"), LINE_EDIT_DONE);   /* LF (the keyboard, serial after the kernel's CR->LF) ends it too */
	assert_string_equal(ed.buf, "ls");
}

static void test_cursor_editing(void **state)
{
	(void)state;
	assert_string_equal(line_of("helo" LEFT "l"), "hello");
	assert_string_equal(line_of("ello" LEFT LEFT LEFT LEFT "h"), "hello");
	assert_string_equal(line_of("ello\033OD\033OD\033OD\033ODh"), "hello");   /* the SS3 form (application cursor keys) */
	assert_string_equal(line_of("ab" LEFT LEFT RIGHT "X"), "aXb");
	assert_string_equal(line_of("abc" LEFT "\x7f"), "ac");         /* backspace in the middle */
	assert_string_equal(line_of("abc" LEFT "\b"), "ac");           /* BS too (the PS/2 keyboard's) */
	assert_string_equal(line_of("abc" LEFT LEFT "\033[3~"), "ac");  /* Delete */
	assert_string_equal(line_of("abc\x01\x04"), "bc");             /* ^A, ^D */
	assert_string_equal(line_of("bc\x01" "a\x05" "d"), "abcd");     /* ^A, ^E */
	assert_string_equal(line_of("bc\033[Ha\033[Fd"), "abcd");       /* Home, End (xterm) */
	assert_string_equal(line_of("bc\033OHa\033OFd"), "abcd");
	assert_string_equal(line_of("bc\033[1~a\033[4~d"), "abcd");     /* Home, End (VT220) */
	assert_string_equal(line_of("bc\033[7~a\033[8~d"), "abcd");     /* Home, End (rxvt) */
	assert_string_equal(line_of("ac\x02" "b\x06" "d"), "abcd");     /* ^B, ^F */
	assert_string_equal(line_of("echo one two" LEFT LEFT LEFT "\x17"), "echo two");   /* ^W mid-line */
	assert_string_equal(line_of("echo one two  \x17"), "echo one ");
	assert_string_equal(line_of("echo one\x17\x17" "hello"), "hello");
	assert_string_equal(line_of("junk more" LEFT LEFT LEFT LEFT "\x15" "x"), "xmore");   /* ^U: all before the cursor */
	assert_string_equal(line_of("keep this" LEFT LEFT LEFT LEFT LEFT "\x0b"), "keep");   /* ^K */
	assert_int_equal(tm.bells, 0);
}

/* Keys it does not implement insert nothing and ring the bell, once each, consumed whole. */
static void test_refused_keys(void **state)
{
	(void)state;
	static const struct {
		const char *keys;
		unsigned bells;
	} cases[] = {
		{ UP, 1 }, { DOWN, 1 }, { "\033OA", 1 }, { "\033OB", 1 }, { "\t", 1 },
		{ "\033[2~", 1 }, { "\033[5~", 1 }, { "\033[6~", 1 }, { "\033[15~", 1 }, { "\033OP", 1 },
		{ "\033[1;5C", 1 }, { "\033[1;2A", 1 }, { "\033[?1h", 1 }, { "\033[Z", 1 },
		{ "\033x", 1 }, { "\033\033[A", 2 }, { "\033[99999999999999999999999C", 1 },
		{ "\x07", 1 }, { "\x0c", 1 }, { "\x12", 1 }, { "\x80", 1 }, { "\xff", 1 },
		{ LEFT, 1 }, { RIGHT, 1 }, { "\x7f", 1 }, { "\033[3~", 1 }, { "\x17", 1 }, { "\x15", 1 }, { "\x0b", 1 },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		start();
		type(cases[i].keys);
		if (tm.bells != cases[i].bells || ed.len != 0)
			fail_msg("case %zu: %u bells (want %u), line \"%.*s\"", i, (unsigned)tm.bells, cases[i].bells,
				 (int)ed.len, ed.buf);
		/* ... and the next key works as usual. */
		assert_int_equal(type("ok\r"), LINE_EDIT_DONE);
		assert_string_equal(ed.buf, "ok");
	}
	assert_string_equal(line_of("ab" UP "c" DOWN "\td"), "abcd");
	assert_int_equal(tm.bells, 3);
}

/* A control byte inside a sequence cuts it short (a bell) and still does its job. */
static void test_cut_sequences(void **state)
{
	(void)state;
	start();
	assert_int_equal(type("ls\033["), LINE_EDIT_MORE);
	assert_int_equal(type("\r"), LINE_EDIT_DONE);
	assert_string_equal(ed.buf, "ls");
	assert_int_equal(tm.bells, 1);
	assert_string_equal(line_of("ab\033\x7f"), "a");
	assert_string_equal(line_of("ab\033[\033[D" "c"), "acb");
}

static void test_interrupt_and_too_long(void **state)
{
	(void)state;
	start();
	assert_int_equal(type("echo partial" LEFT LEFT "\x03"), LINE_EDIT_INTERRUPT);
	assert_string_equal(ed.buf, "");
	assert_string_equal(shown(), "^C");   /* the line erased, ^C in its place */
	start();
	char many[LINE_EDIT_MAX + 50];
	memset(many, 'x', sizeof many - 1);
	many[sizeof many - 1] = '\0';
	type(many);
	assert_int_equal(ed.len, LINE_EDIT_MAX - 1);
	assert_int_equal(tm.bells, 50);
	assert_true(ed.too_long);
	assert_int_equal(type("\r"), LINE_EDIT_DONE);
	assert_string_equal(ed.buf, "");   /* refused whole */
	start();
	type(many);
	type("\x15ok");   /* ^U starts afresh */
	assert_int_equal(type("\r"), LINE_EDIT_DONE);
	assert_string_equal(ed.buf, "ok");
}

/* Random keys: the terminal always shows the line (type() checks it after each byte). */
static void test_random_keys(void **state)
{
	(void)state;
	static const char *const keys[] = {
		"a", "b", " ", LEFT, RIGHT, UP, "\033[H", "\033[F", "\033[3~", "\x7f", "\x17", "\x15", "\x0b",
		"\x01", "\x05", "\t", "\033", "[", "~", "\033O", "\x04",
	};
	struct test_rng r;
	rng_seed(&r, 25);
	for (int round = 0; round < 300; round++) {
		start();
		for (int k = 0; k < 400; k++)
			type(keys[rng_below(&r, ARRAY_LEN(keys))]);
		assert_int_equal(type("\r"), LINE_EDIT_DONE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_typing),
		cmocka_unit_test(test_cursor_editing),
		cmocka_unit_test(test_refused_keys),
		cmocka_unit_test(test_cut_sequences),
		cmocka_unit_test(test_interrupt_and_too_long),
		cmocka_unit_test(test_random_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
