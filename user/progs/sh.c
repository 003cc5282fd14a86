/* help: sh: this shell */
/*
 * The shell: reads a line with the line editor (user/sh/line_edit.h: cursor
 * keys, ^A ^E ^W ^U, a bell for what it does not do), splits it into words
 * and operators (user/sh/sh_lex.h: ' and " quoting) and parses it
 * (user/sh/sh_parse.h): `prog args...` from the initrd, with redirections
 * (< > >> N>) and pipelines (|) of any length, joined by `;`, `&&`, `||`;
 * `&` runs one pipeline in the background. Anything else it does not
 * understand (variables, subshells...) is refused with a message and nothing
 * of the line runs. Builtins: exit [N], wait, kill PID, status, cd [DIR],
 * pwd, help.
 * Job control: the program it waits for is the console's foreground process
 * (the setfg gate), so Ctrl-C kills that program and not the shell; at the
 * prompt Ctrl-C clears the line. Background jobs are never the foreground.
 * One line per outcome: a foreground program that exits speaks for itself
 * (`status` shows its code); one that is killed gets "[PID] NAME killed...";
 * a background job's end is always shown.
 */
#include "ulib.h"
#include "line_edit.h"
#include "sh_parse.h"

#define PROMPT "$ "
#define JOBS_MAX 16

_Static_assert(SH_ARGS_MAX <= ARGV_MAX, "a parsed command's words must fit a program's argv");
_Static_assert(SH_LINE_MAX == LINE_EDIT_MAX, "the parser takes any line the editor gives");

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, sig, text) [code] = text,
	KILL_REASONS(KILL_TEXT)
#undef KILL_TEXT
};

/* Background jobs by pid, for their names when they end. */
static struct job {
	long pid;
	char name[PF_PROC_NAME_LEN];
} jobs[JOBS_MAX];

static struct job last_fg;   /* the last foreground program, for `status` */
static int last_fg_status;

static const char *kill_text(unsigned r)
{
	return r < sizeof kill_texts / sizeof kill_texts[0] && kill_texts[r] ? kill_texts[r] : "?";
}

static void set_name(struct job *j, long pid, const char *name)
{
	j->pid = pid;
	size_t n = strlen(name);
	if (n >= sizeof j->name)
		n = sizeof j->name - 1;
	memcpy(j->name, name, n);
	j->name[n] = '\0';
}

/* "[PID] NAME exit N", or killed and why; exits only if always (a foreground exit speaks for itself). */
static void report(long pid, const char *name, int st, bool always)
{
	if (!WIFEXITED(st)) {
		unsigned r = WKILLREASON(st);
		/* These two texts already say "killed by ...". */
		if (!r && WTERMSIG(st) == SIGPIPE)
			return;   /* a pipeline's writer whose reader went: as bash, nothing to say */
		if (!r)   /* a plain signal, sent by a process */
			printf("[%ld] %s killed by signal %d (%s)\n", pid, name, WTERMSIG(st), strsignal(WTERMSIG(st)));
		else if (r == KILL_INTERRUPTED || r == KILL_KILLED)
			printf("[%ld] %s %s\n", pid, name, kill_text(r));
		else
			printf("[%ld] %s killed: %s\n", pid, name, kill_text(r));
	} else if (always) {
		printf("[%ld] %s exit %d\n", pid, name, WEXITSTATUS(st));
	}
}

static unsigned untracked_jobs;   /* background jobs that did not fit the table */

static void add_job(long pid, const char *name)
{
	for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
		if (!j->pid) {
			set_name(j, pid, name);
			return;
		}
	untracked_jobs++;
}

/*
 * A background job's name, forgetting it; "job" if it did not fit the
 * table; NULL if it is no job of this shell's: an orphan adopted by init
 * (the shell as init reaps those, and says nothing of them).
 */

static const char *take_job(long pid, char *buf, size_t size)
{
	for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
		if (j->pid == pid) {
			strcpy(buf, "job");
			if (strlen(j->name) < size)
				strcpy(buf, j->name);
			j->pid = 0;
			return buf;
		}
	if (!untracked_jobs)
		return NULL;
	untracked_jobs--;
	strcpy(buf, "job");
	return buf;
}

/* Reap children that have ended, blocking for all of them if block. */
static void reap(bool block)
{
	int st;
	long pid;
	char name[PF_PROC_NAME_LEN];
	while ((pid = sys_wait(-1, &st, block ? 0 : WNOHANG)) > 0) {
		const char *job = take_job(pid, name, sizeof name);
		if (job)
			report(pid, job, st, true);
	}
}

/* A builtin's numeric argument; false (with a message) if it is not one. */
static bool number_arg(const char *builtin, const char *s, unsigned long *v)
{
	if (parse_ulong(s, v))
		return true;
	printf("sh: %s: '%s' is not a number\n", builtin, s);
	return false;
}

static const struct {
	const char *name, *line;
} programs[] = {
#define PROGRAM_HELP(name, line) { name, line },
#include "programs_help.h"
#undef PROGRAM_HELP
};

static void help(void)
{
	printf("run a program: PROG ARGS... [&]   (& runs it in the background)\n"
	       "redirections: < FILE, > FILE, >> FILE, 2> FILE   pipelines: A | B | C\n"
	       "lists: A ; B (both)   A && B (B if A exits 0)   A || B (B if A fails)\n"
	       "quoting: 'a  b' and \"a  b\" are one word (\\\" and \\\\ inside \"...\"); # starts a comment\n"
	       "not supported (refused with a message): << 2>&1 $VAR $(...) `...` * ? [ ~ ( ) if while ...\n"
	       "keys: Left/Right ^B/^F, Home/End ^A/^E, Backspace, Delete ^D, ^W (word), ^U (to the start),\n"
	       "      ^K (to the end); no history or completion: Up/Down and Tab ring the bell\n"
	       "      Ctrl-C stops the program in the foreground (at the prompt: clears the line)\n"
	       "builtins: exit [N], wait (for background jobs), kill PID, status (of the last program), cd [DIR], pwd, help\n"
	       "programs:\n");
	for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++)
		printf("  %s\n", programs[i].line);
}

/*
 * Read a line through the line editor, echoing as it says; false at end of
 * input. A line too long for it is refused whole (with a warning): running a
 * cut command could do something else than what was typed. After ^C the line
 * is empty.
 */
static bool read_line(struct line_edit *e)
{
	line_edit_start(e);
	for (;;) {
		unsigned char c;
		long r = sys_read(STDIN_FD, &c, 1);
		if (is_err(r) || r == 0)
			return false;
		enum line_edit_status st = line_edit_feed(e, c);
		if (e->out_len)
			write_all(STDOUT_FD, e->out, e->out_len);
		if (st == LINE_EDIT_DONE && e->too_long)
			printf("sh: line too long (more than %u characters): ignored\n", (unsigned)(sizeof e->buf - 1));
		if (st != LINE_EDIT_MORE)
			return true;
	}
}

/* What running a command came to: whether it succeeded (for && and ||), and whether ^C ended it. */
struct outcome {
	bool ok;
	bool interrupted;
};

/* A builtin, if argv[0] names one: *out is its outcome. exit does not return. */
static bool builtin(const struct sh_command *c, struct outcome *out)
{
	const char *name = c->argv[0];
	unsigned long num = 0;
	if (strcmp(name, "exit") && strcmp(name, "help") && strcmp(name, "wait") && strcmp(name, "status") &&
	    strcmp(name, "kill") && strcmp(name, "cd") && strcmp(name, "pwd"))
		return false;
	out->ok = true;
	if (!strcmp(name, "exit")) {
		if (c->argc > 1 && !number_arg("exit", c->argv[1], &num))
			out->ok = false;
		else
			exit((int)num);
	} else if (!strcmp(name, "help")) {
		help();
	} else if (!strcmp(name, "wait")) {
		reap(true);
	} else if (!strcmp(name, "status")) {
		if (!last_fg.pid)
			printf("status: no program has run yet\n");
		else
			report(last_fg.pid, last_fg.name, last_fg_status, true);
	} else if (!strcmp(name, "cd")) {
		long r = sys_chdir(c->argc > 1 ? c->argv[1] : "/");
		if (is_err(r)) {
			printf("sh: cd: %s: %s\n", c->argc > 1 ? c->argv[1] : "/", strerror(r));
			out->ok = false;
		}
	} else if (!strcmp(name, "pwd")) {
		char cwd[PATH_MAX_LEN + 1];
		long r = sys_getcwd(cwd, sizeof cwd);
		if (is_err(r)) {
			printf("sh: pwd: %s\n", strerror(r));
			out->ok = false;
		} else {
			printf("%s\n", cwd);
		}
	} else {   /* kill */
		if (c->argc < 2) {
			printf("sh: kill: usage: kill PID\n");
			out->ok = false;
		} else if (!number_arg("kill", c->argv[1], &num)) {
			out->ok = false;
		} else {
			long r = sys_kill((int)num);
			if (is_err(r)) {
				printf("sh: kill: %s%s\n", strerror(r), r == -EPERM ? " (not a child of this shell)" : "");
				out->ok = false;
			}
		}
	}
	return true;
}

#define SAVED_FD_MIN 10   /* where the shell keeps its own 0, 1, 2 while it sets up a child's */

/* A copy of fd at 10 or above that no child inherits; negative if it could not be made. */
static long save_fd(int fd)
{
	long s = sys_fcntl(fd, F_DUPFD, SAVED_FD_MIN);
	if (!is_err(s))
		sys_fcntl((int)s, F_SETFD, FD_CLOEXEC);
	return s;
}

/* Apply c's redirections to this shell's descriptors (the child inherits them); false after saying why. */
static bool redirect(const struct sh_command *c, int err_fd)
{
	for (int i = 0; i < c->nredir; i++) {
		const struct sh_redir *r = &c->redir[i];
		unsigned long flags = r->how == SH_REDIR_IN ? O_RDONLY
				    : O_WRONLY | O_CREAT | (r->how == SH_REDIR_OUT ? O_TRUNC : O_APPEND);
		long fd = sys_open(r->path, flags, 0644);
		if (is_err(fd)) {
			dprintf(err_fd, "sh: %s: %s\n", r->path, strerror(fd));
			return false;
		}
		if (fd != r->fd) {
			sys_dup2((int)fd, r->fd);
			sys_close((int)fd);
		}
	}
	return true;
}

/*
 * Run cmds[0..n) as one pipeline, each command's output the next one's
 * input. The shell has no fork: it sets up its own descriptors 0, 1, 2 as
 * the child should have them, spawns (spawn copies the table, leaving the
 * close-on-exec ones behind), then puts its own back. Every pipe end the
 * shell holds is close-on-exec, so a child holds only its own ends and a
 * reader sees the end of the stream when its writer exits. In the
 * foreground all of the pipeline is the console's foreground (setfg, fgadd):
 * ^C reaches every process of it. The outcome is the last command's.
 */
static struct outcome run_pipeline(const struct sh_command *cmds, size_t n)
{
	struct outcome out = { false, false };
	if (n == 1 && builtin(&cmds[0], &out)) {
		if (cmds[0].nredir)
			printf("sh: %s: a builtin's redirections are not supported: ignored\n", cmds[0].argv[0]);
		return out;
	}
	long saved[3] = { save_fd(STDIN_FD), save_fd(STDOUT_FD), save_fd(STDERR_FD) };
	if (is_err(saved[0]) || is_err(saved[1]) || is_err(saved[2])) {
		printf("sh: cannot keep its own descriptors: %s\n", strerror(saved[0] < 0 ? saved[0] : saved[1] < 0 ? saved[1] : saved[2]));
		for (int i = 0; i < 3; i++)
			if (!is_err(saved[i]))
				sys_close((int)saved[i]);
		return out;
	}
	int msg = (int)saved[STDOUT_FD];   /* the shell's own messages while 0-2 are the child's */
	long pids[SH_COMMANDS_MAX];
	long in = -1;   /* the read end of the pipe from the previous command */
	for (size_t k = 0; k < n; k++) {
		const struct sh_command *c = &cmds[k];
		int fds[2] = { -1, -1 };
		pids[k] = -1;
		if (c->pipe_next && k + 1 < n) {
			long r = sys_pipe(fds);
			if (is_err(r)) {
				dprintf(msg, "sh: pipe: %s\n", strerror(r));
				fds[0] = fds[1] = -1;
			} else {
				sys_fcntl(fds[0], F_SETFD, FD_CLOEXEC);
				sys_fcntl(fds[1], F_SETFD, FD_CLOEXEC);
			}
		}
		sys_dup2(in >= 0 ? (int)in : (int)saved[STDIN_FD], STDIN_FD);
		sys_dup2(fds[1] >= 0 ? fds[1] : (int)saved[STDOUT_FD], STDOUT_FD);
		sys_dup2((int)saved[STDERR_FD], STDERR_FD);
		struct outcome b;
		if (!redirect(c, msg)) {
			/* not run: its neighbours see the end of their pipes */
		} else if (builtin(c, &b)) {
			dprintf(msg, "sh: %s: a builtin in a pipeline is not supported\n", c->argv[0]);
		} else {
			pids[k] = sys_spawn(c->argv[0], c->argv, NULL);
			if (is_err(pids[k]))
				dprintf(msg, "sh: %s: %s\n", c->argv[0], strerror(pids[k]));
		}
		if (in >= 0)
			sys_close((int)in);
		if (fds[1] >= 0)
			sys_close(fds[1]);
		in = fds[0];
	}
	if (in >= 0)
		sys_close((int)in);
	for (int i = 0; i < 3; i++) {
		sys_dup2((int)saved[i], i);
		sys_close((int)saved[i]);
	}
	const struct sh_command *last = &cmds[n - 1];
	if (last->background) {
		for (size_t k = 0; k < n; k++)
			if (!is_err(pids[k])) {
				add_job(pids[k], cmds[k].argv[0]);
				printf("[%ld]\n", pids[k]);
			}
		out.ok = !is_err(pids[n - 1]);   /* started: as a POSIX shell, & succeeds */
		return out;
	}
	/* The children are the console's foreground until they end (fails harmlessly if setfg is withheld). */
	bool first = true;
	for (size_t k = 0; k < n; k++) {
		if (is_err(pids[k]))
			continue;
		if (first)
			sys_setfg((int)pids[k]);
		else
			sys_fgadd((int)pids[k]);
		first = false;
	}
	for (size_t k = 0; k < n; k++) {
		if (is_err(pids[k]))
			continue;
		int st;
		long r = sys_wait((int)pids[k], &st, 0);
		if (r != pids[k])
			continue;
		set_name(&last_fg, r, cmds[k].argv[0]);
		last_fg_status = st;
		report(r, cmds[k].argv[0], st, false);
		out.interrupted |= !WIFEXITED(st) && WKILLREASON(st) == KILL_INTERRUPTED;
		if (k == n - 1)
			out.ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;   /* a killed program failed */
	}
	sys_setfg(0);
	return out;
}

/* One line: parsed whole first, so a syntax error anywhere runs none of it. */
static void run_line(const char *line)
{
	static struct sh_tokens tokens;
	static struct sh_program prog;
	struct sh_error err;
	if (!sh_lex(line, &tokens, &err) || !sh_parse(&tokens, &prog, &err)) {
		char text[256];
		sh_error_text(&err, text, sizeof text);
		printf("sh: %s\n", text);
		return;
	}
	bool ok = true;
	for (size_t i = 0, n; i < prog.n; i += n) {
		for (n = 1; prog.cmd[i + n - 1].pipe_next; n++)
			;
		if (!sh_should_run(prog.cmd[i].run_if, ok))
			continue;   /* skipped: the status stays as it was */
		struct outcome o = run_pipeline(&prog.cmd[i], n);
		ok = o.ok;
		if (o.interrupted)
			return;   /* ^C stops the whole line, not only its program */
	}
}

int main(void)
{
	static struct line_edit editor;
	printf("pfgate shell: type `help` for help\n");
	for (;;) {
		reap(false);
		write_all(STDOUT_FD, PROMPT, sizeof PROMPT - 1);
		if (!read_line(&editor))
			return 0;
		run_line(editor.buf);
	}
}
