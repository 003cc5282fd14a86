/* The shell's tokenizer (sh_lex.h): pure, host-tested. */
#include "sh_lex.h"

static const struct {
	const char *spelling;
	enum sh_token_kind kind;
} operators[] = {   /* longest first: the longest operator that matches is the token */
	{ "<<-", TOK_DLESSDASH },
	{ "&&", TOK_AND_IF }, { "||", TOK_OR_IF }, { ";;", TOK_DSEMI }, { "<<", TOK_DLESS }, { ">>", TOK_DGREAT },
	{ "<&", TOK_LESSAND }, { ">&", TOK_GREATAND }, { "<>", TOK_LESSGREAT }, { ">|", TOK_CLOBBER },
	{ ";", TOK_SEMI }, { "&", TOK_AMP }, { "|", TOK_PIPE }, { "(", TOK_LPAREN }, { ")", TOK_RPAREN },
	{ "<", TOK_LESS }, { ">", TOK_GREAT },
};

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_operator_start(char c) { return c == '&' || c == '|' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* After a `$`: does it start an expansion (a name, ${, $(, a digit, a special parameter)? */
static bool starts_expansion(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '{' || c == '(' ||
	       c == '@' || c == '*' || c == '#' || c == '?' || c == '$' || c == '!' || c == '-';
}

static size_t prefix_len(const char *s, const char *prefix)
{
	size_t i = 0;
	while (prefix[i] && s[i] == prefix[i])
		i++;
	return prefix[i] ? 0 : i;
}

/* err with its token: the n bytes at s (cut to fit). Returns false, for `return fail(...)`. */
static bool fail(struct sh_error *err, const char *message, const char *s, size_t n)
{
	if (n > sizeof err->token_buf - 1)
		n = sizeof err->token_buf - 1;
	for (size_t i = 0; i < n; i++)
		err->token_buf[i] = s[i];
	err->token_buf[n] = '\0';
	err->token = err->token_buf;
	err->message = message;
	return false;
}

#define NOT_SUPPORTED " is not supported by this shell"
#define QUOTE_IT "; quote it ('%s') to pass it as it is"

/* A `$` or a backquote that would expand: what it is called. */
static bool fail_expansion(struct sh_error *err, const char *p)
{
	if (*p == '`')
		return fail(err, "syntax error: `%s' (command substitution)" NOT_SUPPORTED, p, 1);
	if (p[1] == '(')
		return fail(err, "syntax error: `%s' (command substitution)" NOT_SUPPORTED, p, 2);
	return fail(err, "syntax error: `%s' (variables)" NOT_SUPPORTED, p, p[1] == '{' ? 2 : 1);
}

struct word_out {
	struct sh_tokens *t;
	bool full;
};

static void put(struct word_out *w, char c)
{
	if (w->t->words_len < sizeof w->t->words)
		w->t->words[w->t->words_len++] = c;
	else
		w->full = true;
}

/*
 * One word from *pp (which is at neither a blank nor an operator): its text,
 * quotes removed, appended to the word buffer. Advances *pp past it.
 */
static bool lex_word(const char **pp, struct word_out *w, struct sh_token *tok, struct sh_error *err)
{
	const char *p = *pp;
	bool digits = true;
	tok->text = &w->t->words[w->t->words_len];
	tok->quoted = false;
	for (const char *start = p; *p && !is_blank(*p) && !is_operator_start(*p);) {
		char c = *p;
		if (c == '\'') {   /* everything literal up to the next ' */
			const char *open = p++;
			while (*p && *p != '\'')
				put(w, *p++);
			if (!*p)
				return fail(err, "syntax error: unterminated quote: no closing %s", open, 1);
			p++;
			tok->quoted = true;
		} else if (c == '"') {   /* literal but for \ before $ ` " \, and $ ` (not supported) */
			const char *open = p++;
			for (;;) {
				if (!*p)
					return fail(err, "syntax error: unterminated quote: no closing %s", open, 1);
				if (*p == '"')
					break;
				if (*p == '\\' && (p[1] == '$' || p[1] == '`' || p[1] == '"' || p[1] == '\\')) {
					put(w, p[1]);
					p += 2;
				} else if (*p == '`' || (*p == '$' && starts_expansion(p[1]))) {
					return fail_expansion(err, p);
				} else {
					put(w, *p++);
				}
			}
			p++;
			tok->quoted = true;
		} else if (c == '\\') {   /* the next byte, literal */
			if (!p[1])
				return fail(err, "syntax error: `%s' at the end of the line (continuation lines are not supported by this shell)", p, 1);
			put(w, p[1]);
			p += 2;
			tok->quoted = true;
		} else if (c == '`' || (c == '$' && starts_expansion(p[1]))) {
			return fail_expansion(err, p);
		} else if (c == '*' || c == '?' || c == '[') {
			return fail(err, "syntax error: `%s' (file name patterns)" NOT_SUPPORTED QUOTE_IT, p, 1);
		} else if (c == '~' && p == start) {
			return fail(err, "syntax error: `%s' (home directories)" NOT_SUPPORTED QUOTE_IT, p, 1);
		} else {
			put(w, c);
			p++;
			digits = digits && is_digit(c);
			continue;
		}
		digits = false;
	}
	put(w, '\0');
	/* POSIX's IO_NUMBER: digits alone, right before < or > (2>, 0<). */
	tok->kind = digits && (*p == '<' || *p == '>') ? TOK_IO_NUMBER : TOK_WORD;
	*pp = p;
	return true;
}

bool sh_lex(const char *line, struct sh_tokens *out, struct sh_error *err)
{
	struct word_out w = { out, false };
	out->n = 0;
	out->words_len = 0;
	const char *p = line;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')   /* a # starting a word comments out the rest */
			break;
		if (out->n == SH_TOKENS_MAX)
			return fail(err, "line too long: too many words and operators", "", 0);
		struct sh_token *tok = &out->tok[out->n];
		if (is_operator_start(*p)) {
			for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
				size_t n = prefix_len(p, operators[i].spelling);
				if (n) {
					tok->kind = operators[i].kind;
					tok->text = operators[i].spelling;
					tok->quoted = false;
					p += n;
					break;
				}
			}
		} else if (!lex_word(&p, &w, tok, err)) {
			return false;
		}
		if (w.full)
			return fail(err, "line too long: too many words", "", 0);
		out->n++;
	}
	out->tok[out->n] = (struct sh_token){ TOK_END, "", false };
	return true;
}

void sh_error_text(const struct sh_error *err, char *buf, size_t size)
{
	size_t n = 0;
	if (!size)
		return;
	for (const char *m = err->message; *m; m++) {
		if (m[0] == '%' && m[1] == 's') {
			for (const char *t = err->token ? err->token : ""; *t; t++)
				if (n + 1 < size)
					buf[n++] = *t;
			m++;
		} else if (n + 1 < size) {
			buf[n++] = *m;
		}
	}
	buf[n] = '\0';
}
