/* The shell's grammar (sh_parse.h): pure, host-tested. */
#include "sh_parse.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define NOT_SUPPORTED " is not supported by this shell"

struct parser {
	const struct sh_tokens *t;
	size_t i;   /* the next token */
	struct sh_program *p;
	struct sh_error *err;
};

static const struct sh_token *peek(const struct parser *ps) { return &ps->t->tok[ps->i]; }

static bool fail(struct parser *ps, const char *message, const char *token)
{
	ps->err->message = message;
	ps->err->token = token;
	return false;
}

/* What a token this shell does not take is called, for its error. */
static bool fail_unsupported(struct parser *ps, const struct sh_token *tok)
{
	switch (tok->kind) {
	case TOK_PIPE:
		return fail(ps, "syntax error: `%s' with no command before it", tok->text);
	case TOK_LPAREN:
	case TOK_RPAREN:
		return fail(ps, "syntax error: `%s' (a subshell)" NOT_SUPPORTED, tok->text);
	case TOK_DSEMI:
		return fail(ps, "syntax error: `%s' (case)" NOT_SUPPORTED, tok->text);
	case TOK_IO_NUMBER: {   /* 2> is one thing to the user: name it whole */
		struct sh_error *e = ps->err;
		size_t n = 0;
		for (const char *s = tok->text; *s && n < sizeof e->token_buf - 4; s++)
			e->token_buf[n++] = *s;
		for (const char *s = tok[1].text; *s && n < sizeof e->token_buf - 1; s++)
			e->token_buf[n++] = *s;
		e->token_buf[n] = '\0';
		return fail(ps, "syntax error: `%s' (redirection)" NOT_SUPPORTED, e->token_buf);
	}
	case TOK_DLESS: case TOK_LESSAND:
	case TOK_GREATAND: case TOK_LESSGREAT: case TOK_CLOBBER: case TOK_DLESSDASH:
		return fail(ps, "syntax error: `%s' (redirection)" NOT_SUPPORTED, tok->text);
	default:
		return fail(ps, "syntax error: unexpected `%s'", tok->text);
	}
}

/* The words POSIX reserves where a command starts: this shell has none of what they begin. */
static bool is_reserved(const char *w)
{
	static const char *const reserved[] = {
		"!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then",
		"until", "while",
	};
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		const char *a = w, *b = reserved[i];
		while (*a && *a == *b)
			a++, b++;
		if (!*a && !*b)
			return true;
	}
	return false;
}

/* The digits of an IO_NUMBER as a descriptor, or -1 for one no program could have (more than 2 digits). */
static int io_number(const char *text)
{
	int n = 0, digits = 0;
	for (; *text; text++, digits++)
		n = n * 10 + (*text - '0');
	return digits <= 2 ? n : -1;
}

/* redirect := [ IO_NUMBER ] ( < | > | >> ) WORD, at ps->i; false with *err for anything else. */
static bool redirect(struct parser *ps, struct sh_command *c)
{
	const struct sh_token *tok = peek(ps);
	int fd = -1;
	if (tok->kind == TOK_IO_NUMBER) {
		fd = io_number(tok->text);
		if (fd < 0 || fd >= 64)
			return fail(ps, "syntax error: `%s': no such descriptor (0 to 63)", tok->text);
		if (tok[1].kind != TOK_LESS && tok[1].kind != TOK_GREAT && tok[1].kind != TOK_DGREAT)
			return fail_unsupported(ps, tok);
		tok = &tok[1];
		ps->i++;
	}
	if (tok->kind != TOK_LESS && tok->kind != TOK_GREAT && tok->kind != TOK_DGREAT)
		return fail_unsupported(ps, tok);
	if (tok[1].kind != TOK_WORD)
		return fail(ps, "syntax error: no file name after `%s'", tok->text);
	if (c->nredir == SH_REDIRS_MAX)
		return fail(ps, "too many redirections (at most " STR(SH_REDIRS_MAX) " in a command)", NULL);
	struct sh_redir *r = &c->redir[c->nredir++];
	r->how = tok->kind == TOK_LESS ? SH_REDIR_IN : tok->kind == TOK_GREAT ? SH_REDIR_OUT : SH_REDIR_APPEND;
	r->fd = fd >= 0 ? fd : r->how == SH_REDIR_IN ? 0 : 1;
	r->path = tok[1].text;
	ps->i += 2;
	return true;
}

static bool is_redirect_start(const struct sh_token *tok)
{
	return tok->kind == TOK_IO_NUMBER || tok->kind == TOK_LESS || tok->kind == TOK_GREAT || tok->kind == TOK_DGREAT;
}

/* command := ( WORD | redirect )+ with at least one WORD */
static bool command(struct parser *ps, enum sh_run_if run_if)
{
	const struct sh_token *tok = peek(ps);
	if (tok->kind == TOK_END)
		return fail(ps, "syntax error: no command after `%s'", ps->t->tok[ps->i - 1].text);
	if (tok->kind == TOK_SEMI || tok->kind == TOK_AMP || tok->kind == TOK_AND_IF || tok->kind == TOK_OR_IF)
		return fail(ps, "syntax error: `%s' with no command before it", tok->text);
	if (tok->kind != TOK_WORD && !is_redirect_start(tok))
		return fail_unsupported(ps, tok);
	if (tok->kind == TOK_WORD && !tok->quoted && is_reserved(tok->text))
		return fail(ps, "syntax error: `%s' (a compound command)" NOT_SUPPORTED "; quote it to run a program of that name",
			    tok->text);
	if (ps->p->n == SH_COMMANDS_MAX)
		return fail(ps, "too many commands in one line (at most " STR(SH_COMMANDS_MAX) ")", NULL);
	struct sh_command *c = &ps->p->cmd[ps->p->n++];
	c->run_if = run_if;
	c->background = false;
	c->pipe_next = false;
	c->nredir = 0;
	c->argc = 0;
	for (;;) {
		if (is_redirect_start(peek(ps))) {
			if (!redirect(ps, c))
				return false;
			continue;
		}
		if (peek(ps)->kind != TOK_WORD)
			break;
		if (c->argc == SH_ARGS_MAX)
			return fail(ps, "too many arguments (at most " STR(SH_ARGS_MAX) " words in a command)", NULL);
		c->argv[c->argc++] = peek(ps)->text;
		ps->i++;
	}
	c->argv[c->argc] = NULL;
	if (!c->argc)
		return fail(ps, "syntax error: redirection with no command", NULL);
	return true;
}

/* pipeline := command ( | command )* */
static bool pipeline(struct parser *ps, enum sh_run_if run_if)
{
	if (!command(ps, run_if))
		return false;
	while (peek(ps)->kind == TOK_PIPE) {
		ps->p->cmd[ps->p->n - 1].pipe_next = true;
		ps->i++;
		if (!command(ps, run_if))
			return false;
	}
	return true;
}

/* and_or := pipeline ( ( && | || ) pipeline )*; *first: its first command, *pipelines: how many. */
static bool and_or(struct parser *ps, size_t *first, size_t *pipelines)
{
	*first = ps->p->n;
	*pipelines = 1;
	if (!pipeline(ps, SH_ALWAYS))
		return false;
	while (peek(ps)->kind == TOK_AND_IF || peek(ps)->kind == TOK_OR_IF) {
		enum sh_run_if run_if = peek(ps)->kind == TOK_AND_IF ? SH_IF_OK : SH_IF_FAILED;
		ps->i++;
		if (!pipeline(ps, run_if))
			return false;
		(*pipelines)++;
	}
	return true;
}

bool sh_parse(const struct sh_tokens *t, struct sh_program *p, struct sh_error *err)
{
	struct parser ps = { t, 0, p, err };
	p->n = 0;
	while (peek(&ps)->kind != TOK_END) {
		size_t first, pipelines;
		if (!and_or(&ps, &first, &pipelines))
			return false;
		const struct sh_token *sep = peek(&ps);
		if (sep->kind == TOK_END)
			break;
		if (sep->kind == TOK_AMP) {
			if (pipelines > 1)
				return fail(&ps, "syntax error: `%s' after && or ||" NOT_SUPPORTED " (only one pipeline can run in the background)",
					    sep->text);
			for (size_t i = first; i < p->n; i++)
				p->cmd[i].background = true;
		} else if (sep->kind != TOK_SEMI) {
			return fail_unsupported(&ps, sep);
		}
		ps.i++;
	}
	return true;
}
