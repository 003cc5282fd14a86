/*
 * The shell's grammar: tokens (sh_lex.h) into the commands of one line and
 * when each runs. Pure C, no libc: host-tested by test/host/test_sh_parse.c.
 *
 *     line     := [ list ]
 *     list     := and_or ( ( ';' | '&' ) and_or )* [ ';' | '&' ]
 *     and_or   := pipeline ( ( '&&' | '||' ) pipeline )*
 *     pipeline := command ( '|' command )*
 *     command  := ( WORD | redirect )+      with at least one WORD
 *     redirect := [ IO_NUMBER ] ( '<' | '>' | '>>' ) WORD
 *
 * `&` puts one pipeline in the background (an and_or list of several is
 * refused: that would need a subshell). Every other operator (( ) ;; and
 * the redirections <<, <&, >&, <>, >|) and a reserved word starting a
 * command (if, while, {, ! ...) is a syntax error that says it is not
 * supported.
 */
#ifndef USER_SH_SH_PARSE_H
#define USER_SH_SH_PARSE_H

#include "sh_lex.h"

#define SH_ARGS_MAX 16        /* words in one command (the native shell's own bound; the kernel takes far more: MAX_ARG_STRLEN, ARG_MAX_BYTES) */
#define SH_COMMANDS_MAX 32    /* commands in one line */
#define SH_REDIRS_MAX 4       /* redirections of one command */

enum sh_redir_how {
	SH_REDIR_IN,        /* <: open for reading */
	SH_REDIR_OUT,       /* >: create or truncate */
	SH_REDIR_APPEND,    /* >>: create or append */
};

struct sh_redir {
	int fd;                  /* the descriptor it sets: 0 for <, 1 for > and >>, or the IO_NUMBER's */
	enum sh_redir_how how;
	const char *path;
};

enum sh_run_if {
	SH_ALWAYS,      /* the first command, or after ; or & */
	SH_IF_OK,       /* after &&: only if the last status was success (exit 0) */
	SH_IF_FAILED,   /* after ||: only if it was a failure (non-zero exit, killed, not run) */
};

struct sh_command {
	enum sh_run_if run_if;              /* for the first command of a pipeline; the others follow it */
	bool background;                    /* its pipeline was ended by & */
	bool pipe_next;                     /* its standard output is the next command's input (|) */
	int nredir;
	struct sh_redir redir[SH_REDIRS_MAX];   /* in the order written: a later one wins */
	int argc;
	const char *argv[SH_ARGS_MAX + 1];  /* the tokens' words; NULL after the last */
};

struct sh_program {
	struct sh_command cmd[SH_COMMANDS_MAX];
	size_t n;
};

/* The commands of the tokens t (which must stay alive). False (and *err) for a syntax error: run nothing. */
bool sh_parse(const struct sh_tokens *t, struct sh_program *p, struct sh_error *err);

/*
 * Running a parsed line: whether command i runs, given whether the last
 * command that ran (or was skipped over) succeeded. A skipped command leaves
 * the status as it was: `false && a || b` runs b.
 */
static inline bool sh_should_run(enum sh_run_if run_if, bool last_ok)
{
	return run_if == SH_ALWAYS || (run_if == SH_IF_OK) == last_ok;
}

#endif
