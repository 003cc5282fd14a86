/*
 * The shell's tokenizer: a line into words and operators, as POSIX's token
 * recognition (XCU 2.3) does it, for the part of the language this shell
 * speaks. Pure C, no libc: host-tested by test/host/test_sh_parse.c.
 *
 * It knows every POSIX operator, so the grammar (sh_parse.h) decides what
 * is supported: adding pipes or redirection (issue 26) is a grammar change,
 * not a tokenizer one. Inside words it takes quoting ('...', "..." with \"
 * \\ \$ \` as POSIX, \ outside quotes) and comments (# at a word's start);
 * what it cannot do (variables, command substitution, file name patterns,
 * ~) is an error, never a literal passed on.
 */
#ifndef USER_SH_SH_LEX_H
#define USER_SH_SH_LEX_H

#include <stdbool.h>
#include <stddef.h>

#define SH_LINE_MAX 256                  /* as the line editor's: a line's bytes with its NUL */
#define SH_TOKENS_MAX SH_LINE_MAX        /* every token takes at least one byte of the line */
#define SH_WORDS_SIZE (2 * SH_LINE_MAX)  /* every word's text and its NUL */

enum sh_token_kind {
	TOK_WORD,
	TOK_IO_NUMBER,   /* the digits of 2> or 0< */
	/* Operators: */
	TOK_SEMI,        /* ; */
	TOK_AMP,         /* & */
	TOK_AND_IF,      /* && */
	TOK_OR_IF,       /* || */
	TOK_DSEMI,       /* ;; */
	TOK_PIPE,        /* | */
	TOK_LPAREN,      /* ( */
	TOK_RPAREN,      /* ) */
	TOK_LESS,        /* < */
	TOK_GREAT,       /* > */
	TOK_DLESS,       /* << */
	TOK_DGREAT,      /* >> */
	TOK_LESSAND,     /* <& */
	TOK_GREATAND,    /* >& */
	TOK_LESSGREAT,   /* <> */
	TOK_CLOBBER,     /* >| */
	TOK_DLESSDASH,   /* <<- */
	TOK_END,         /* the end of the line */
};

struct sh_token {
	enum sh_token_kind kind;
	const char *text;   /* a word's text, quotes removed; an operator's spelling; "" at the end */
	bool quoted;        /* a word with any quoting in it: never a reserved word */
};

struct sh_tokens {
	struct sh_token tok[SH_TOKENS_MAX + 1];   /* ends with TOK_END */
	size_t n;                                 /* tokens before TOK_END */
	char words[SH_WORDS_SIZE];
	size_t words_len;
};

/* Why a line is refused: a message, where %s stands for the piece of the line it is about. */
struct sh_error {
	const char *message;
	const char *token;
	char token_buf[8];   /* for a token made up here (`$(', `2>') */
};

/* Tokenize line. False (and *err) if the line uses what this shell cannot do. */
bool sh_lex(const char *line, struct sh_tokens *out, struct sh_error *err);

/* "syntax error: `|' (a pipe) is not supported by this shell", without "sh: ", into buf. */
void sh_error_text(const struct sh_error *err, char *buf, size_t size);

#endif
