/*
 * The shell's grammar: tokens (sh_lex.h) into the commands of one line and
 * when each runs. Pure C, no libc: host-tested by test/host/test_sh_parse.c.
 *
 *     line     := [ list ]
 *     list     := and_or ( ( ';' | '&' ) and_or )* [ ';' | '&' ]
 *     and_or   := pipeline ( ( '&&' | '||' ) pipeline )*
 *     pipeline := command                    (issue 26 adds: command ( '|' command )*)
 *     command  := WORD+                      (issue 26 adds redirections)
 *
 * `&` puts one command in the background (an and_or list of several is
 * refused: that would need a subshell). Every other operator (| ( ) ;; and
 * the redirections) and a reserved word starting a command (if, while,
 * {, ! ...) is a syntax error that says it is not supported.
 */
#ifndef USER_SH_SH_PARSE_H
#define USER_SH_SH_PARSE_H

#include "sh_lex.h"

#define SH_ARGS_MAX 16        /* words in one command (a program's argv; ARGV_MAX) */
#define SH_COMMANDS_MAX 32    /* commands in one line */

enum sh_run_if {
	SH_ALWAYS,      /* the first command, or after ; or & */
	SH_IF_OK,       /* after &&: only if the last status was success (exit 0) */
	SH_IF_FAILED,   /* after ||: only if it was a failure (non-zero exit, killed, not run) */
};

struct sh_command {
	enum sh_run_if run_if;
	bool background;                    /* ended by & */
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
