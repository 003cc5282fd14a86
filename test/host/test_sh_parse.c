/* The shell's tokenizer and grammar (user/sh/sh_lex.c, sh_parse.c): what runs, and every refusal. */
#include "host_test.h"
#include <stdio.h>
#include "sh_parse.h"

static struct sh_tokens toks;
static struct sh_program prog;

/* Parse line; NULL if it parses, else the error's text. */
static const char *parse(const char *line)
{
	static char text[256];
	struct sh_error err;
	if (sh_lex(line, &toks, &err) && sh_parse(&toks, &prog, &err))
		return NULL;
	sh_error_text(&err, text, sizeof text);
	return text;
}

/* The parsed commands as one string: "[if] argv|argv|...[&]" per command, joined by " / ". */
static const char *shape(const char *line)
{
	static char out[1024];
	const char *e = parse(line);
	if (e)
		return e;
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < prog.n; i++) {
		const struct sh_command *c = &prog.cmd[i];
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? " / " : "",
				      c->run_if == SH_IF_OK ? "&&" : c->run_if == SH_IF_FAILED ? "||" : "");
		for (int a = 0; a < c->argc; a++)
			n += (size_t)snprintf(out + n, sizeof out - n, "%s[%s]", a ? "" : "", c->argv[a]);
		assert_null(c->argv[c->argc]);
		for (int r = 0; r < c->nredir; r++)
			n += (size_t)snprintf(out + n, sizeof out - n, "(%d%s%s)", c->redir[r].fd,
					      c->redir[r].how == SH_REDIR_IN ? "<" : c->redir[r].how == SH_REDIR_OUT ? ">" : ">>",
					      c->redir[r].path);
		if (c->pipe_next)
			n += (size_t)snprintf(out + n, sizeof out - n, "|");
		if (c->background)
			n += (size_t)snprintf(out + n, sizeof out - n, "&");
	}
	return out;
}

static void test_sequences_and_lists(void **state)
{
	(void)state;
	assert_string_equal(shape(""), "");
	assert_string_equal(shape("   \t "), "");
	assert_string_equal(shape("hello"), "[hello]");
	assert_string_equal(shape("echo a  b\tc"), "[echo][a][b][c]");
	assert_string_equal(shape("hello; hello"), "[hello] / [hello]");
	assert_string_equal(shape("hello;hello;"), "[hello] / [hello]");
	assert_string_equal(shape("true && hello"), "[true] / &&[hello]");
	assert_string_equal(shape("true&&hello"), "[true] / &&[hello]");
	assert_string_equal(shape("false || hello"), "[false] / ||[hello]");
	assert_string_equal(shape("a && b || c; d"), "[a] / &&[b] / ||[c] / [d]");
	assert_string_equal(shape("spin 2000 &"), "[spin][2000]&");
	assert_string_equal(shape("spin 2000&"), "[spin][2000]&");
	assert_string_equal(shape("spin 1 & spin 2 &"), "[spin][1]& / [spin][2]&");
	assert_string_equal(shape("spin 1 & hello"), "[spin][1]& / [hello]");
	assert_string_equal(shape("hello # a comment; hello"), "[hello]");
	assert_string_equal(shape("echo a#b"), "[echo][a#b]");
	/* Pipelines and redirections (issue 26). */
	assert_string_equal(shape("hello | cat"), "[hello]| / [cat]");
	assert_string_equal(shape("a|b|c|d"), "[a]| / [b]| / [c]| / [d]");
	assert_string_equal(shape("cat README | wc -l && hello"), "[cat][README]| / [wc][-l] / &&[hello]");
	assert_string_equal(shape("false || a | b"), "[false] / ||[a]| / ||[b]");
	assert_string_equal(shape("a | b &"), "[a]|& / [b]&");
	assert_string_equal(shape("< README wc"), "[wc](0<README)");
	assert_string_equal(shape("wc<README"), "[wc](0<README)");
	assert_string_equal(shape("echo hi > f"), "[echo][hi](1>f)");
	assert_string_equal(shape("echo hi >> f 2> e"), "[echo][hi](1>>f)(2>e)");
	assert_string_equal(shape("cat 0< a 3>b c"), "[cat][c](0<a)(3>b)");
	assert_string_equal(shape("echo '>' \"|\""), "[echo][>][|]");
	assert_string_equal(shape("echo $ a$"), "[echo][$][a$]");
}

static void test_quoting(void **state)
{
	(void)state;
	assert_string_equal(shape("echo 'a  b'"), "[echo][a  b]");
	assert_string_equal(shape("echo \"a  b\""), "[echo][a  b]");
	assert_string_equal(shape("echo '&&' \";\" '|' '>' '$HOME' '*'"), "[echo][&&][;][|][>][$HOME][*]");
	assert_string_equal(shape("echo x'y z'\"w\"v"), "[echo][xy zwv]");
	assert_string_equal(shape("echo '' \"\""), "[echo][][]");
	assert_string_equal(shape("echo \"a\\\"b\" \"c\\\\d\" \"e\\$f\" \"g\\`h\" \"i\\nj\""), "[echo][a\"b][c\\d][e$f][g`h][i\\nj]");
	assert_string_equal(shape("echo 'a\\b'"), "[echo][a\\b]");
	assert_string_equal(shape("echo a\\ b \\; \\&\\&"), "[echo][a b][;][&&]");
	assert_string_equal(shape("'if' x"), "[if][x]");
	assert_string_equal(shape("echo if then"), "[echo][if][then]");
}

/* Every refusal says what and why, and nothing of the line is left to run. */
static void test_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *line, *error;
	} cases[] = {
		{ "| cat", "syntax error: `|' with no command before it" },
		{ "hello |", "syntax error: no command after `|'" },
		{ "hello | | cat", "syntax error: `|' with no command before it" },
		{ "hello >", "syntax error: no file name after `>'" },
		{ "hello < ;", "syntax error: no file name after `<'" },
		{ "> f", "syntax error: redirection with no command" },
		{ "hello 100> f", "syntax error: `100': no such descriptor (0 to 63)" },
		{ "cat <a <b <c <d <e", "too many redirections (at most 4 in a command)" },
		{ "hello 2>&1", "syntax error: `2>&' (redirection) is not supported by this shell" },
		{ "cat <<EOF", "syntax error: `<<' (redirection) is not supported by this shell" },
		{ "hello >| f", "syntax error: `>|' (redirection) is not supported by this shell" },
		{ "echo $(hello)", "syntax error: `$(' (command substitution) is not supported by this shell" },
		{ "echo \"$(hello)\"", "syntax error: `$(' (command substitution) is not supported by this shell" },
		{ "echo `hello`", "syntax error: ``' (command substitution) is not supported by this shell" },
		{ "echo $HOME", "syntax error: `$' (variables) is not supported by this shell" },
		{ "echo \"${x}\"", "syntax error: `${' (variables) is not supported by this shell" },
		{ "echo $?", "syntax error: `$' (variables) is not supported by this shell" },
		{ "ls *", "syntax error: `*' (file name patterns) is not supported by this shell; quote it ('*') to pass it as it is" },
		{ "ls a?", "syntax error: `?' (file name patterns) is not supported by this shell; quote it ('?') to pass it as it is" },
		{ "ls [ab]", "syntax error: `[' (file name patterns) is not supported by this shell; quote it ('[') to pass it as it is" },
		{ "cat ~/x", "syntax error: `~' (home directories) is not supported by this shell; quote it ('~') to pass it as it is" },
		{ "echo 'abc", "syntax error: unterminated quote: no closing '" },
		{ "echo \"abc", "syntax error: unterminated quote: no closing \"" },
		{ "echo \"a\\\"", "syntax error: unterminated quote: no closing \"" },
		{ "echo abc\\", "syntax error: `\\' at the end of the line (continuation lines are not supported by this shell)" },
		{ "&& hello", "syntax error: `&&' with no command before it" },
		{ "|| hello", "syntax error: `||' with no command before it" },
		{ "; hello", "syntax error: `;' with no command before it" },
		{ "&", "syntax error: `&' with no command before it" },
		{ "hello; ; hello", "syntax error: `;' with no command before it" },
		{ "hello && && hello", "syntax error: `&&' with no command before it" },
		{ "true &&", "syntax error: no command after `&&'" },
		{ "false ||  ", "syntax error: no command after `||'" },
		{ "hello;;", "syntax error: `;;' (case) is not supported by this shell" },
		{ "(hello)", "syntax error: `(' (a subshell) is not supported by this shell" },
		{ "hello )", "syntax error: `)' (a subshell) is not supported by this shell" },
		{ "true && hello &", "syntax error: `&' after && or || is not supported by this shell (only one pipeline can run in the background)" },
		{ "if true; then hello; fi", "syntax error: `if' (a compound command) is not supported by this shell; quote it to run a program of that name" },
		{ "! false", "syntax error: `!' (a compound command) is not supported by this shell; quote it to run a program of that name" },
		{ "hello; { hello; }", "syntax error: `{' (a compound command) is not supported by this shell; quote it to run a program of that name" },
		{ "echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "too many arguments (at most 16 words in a command)" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *e = parse(cases[i].line);
		if (!e || strcmp(e, cases[i].error))
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].line, e ? e : "(parsed)", cases[i].error);
	}
	assert_null(parse("echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"));
}

static void test_limits(void **state)
{
	(void)state;
	char line[SH_LINE_MAX];
	/* 32 commands fit, 33 do not. */
	size_t n = 0;
	for (int i = 0; i < SH_COMMANDS_MAX; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "a;");
	assert_null(parse(line));
	assert_int_equal(prog.n, SH_COMMANDS_MAX);
	snprintf(line + n, sizeof line - n, "a");
	assert_string_equal(parse(line), "too many commands in one line (at most 32)");
	/* A full line of one-byte tokens, and of quoted empty words (each makes a NUL from 2 bytes). */
	memset(line, ';', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	assert_non_null(parse(line));
	for (size_t i = 0; i + 1 < sizeof line; i++)
		line[i] = i % 3 == 2 ? ' ' : '\'';
	line[sizeof line - 1] = '\0';
	assert_string_equal(parse(line), "too many arguments (at most 16 words in a command)");
	memset(line, 'x', sizeof line - 1);
	assert_null(parse(line));
	assert_int_equal(strlen(prog.cmd[0].argv[0]), sizeof line - 1);
}

/* Random bytes from the characters that matter never crash it, and a parse always ends in TOK_END. */
static void test_random_lines(void **state)
{
	(void)state;
	static const char alphabet[] = "ab ;&|<>()'\"\\$`*?[~#!{}2\t";
	struct test_rng r;
	rng_seed(&r, 25);
	char line[SH_LINE_MAX];
	for (int round = 0; round < 20000; round++) {
		size_t len = rng_below(&r, sizeof line);
		for (size_t i = 0; i < len; i++)
			line[i] = alphabet[rng_below(&r, sizeof alphabet - 1)];
		line[len] = '\0';
		const char *e = parse(line);
		if (e)
			assert_true(strlen(e) > 0);
		else
			for (size_t i = 0; i < prog.n; i++)
				assert_true(prog.cmd[i].argc >= 1);
	}
}

static void test_should_run(void **state)
{
	(void)state;
	assert_true(sh_should_run(SH_ALWAYS, true));
	assert_true(sh_should_run(SH_ALWAYS, false));
	assert_true(sh_should_run(SH_IF_OK, true));
	assert_false(sh_should_run(SH_IF_OK, false));
	assert_false(sh_should_run(SH_IF_FAILED, true));
	assert_true(sh_should_run(SH_IF_FAILED, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequences_and_lists),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_random_lines),
		cmocka_unit_test(test_should_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
