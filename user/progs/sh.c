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
 * pwd, help, jobs, fg [%N], bg [%N].
 * Job control: each pipeline is a process group of its own (fork, setpgid,
 * exec), and a foreground one is the console's foreground group
 * (tcsetpgrp) until it ends or stops: Ctrl-C (SIGINT) reaches every process
 * of it and not the shell, Ctrl-Z (SIGTSTP) stops it and the shell takes the
 * console back and prompts. The shell ignores both (and SIGTTIN, SIGTTOU);
 * at the prompt Ctrl-C clears the line. `jobs` lists the background and
 * stopped ones, `fg` gives one the console again and continues it, `bg`
 * continues one in the background (one that reads the console stops again:
 * SIGTTIN).
 * One line per outcome: a foreground program that exits speaks for itself
 * (`status` shows its code); one that is killed gets "[PID] NAME killed...";
 * a background job's end is always shown.
 */
#include "ulib.h"
#include "line_edit.h"
#include "sh_parse.h"

#define PROMPT "$ "
#define JOBS_MAX 16

_Static_assert(SH_LINE_MAX == LINE_EDIT_MAX, "the parser takes any line the editor gives");

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, sig, text) [code] = text,
	KILL_REASONS(KILL_TEXT)
#undef KILL_TEXT
};

/*
 * A job: one pipeline, one process group. Background and stopped jobs are
 * kept by number ([N], their slot + 1) until their last process ends; the
 * names say who ended when it is reaped.
 */
struct job {
	long pgid;                               /* 0: a free slot */
	size_t n;                                /* processes, in pipeline order */
	long pids[SH_COMMANDS_MAX];              /* 0 once reaped (or never started) */
	char names[SH_COMMANDS_MAX][PF_PROC_NAME_LEN];
	bool stopped;
};
static struct job jobs[JOBS_MAX];

static struct job last_fg;   /* the last foreground program, for `status` (pids[0], names[0]) */
static int last_fg_status;
static long shell_pgid;      /* the shell's own group: the console's foreground while it prompts */
static int tty_fd = STDIN_FD;   /* the console, for tcsetpgrp (the shell's 0; a copy while 0 is a child's) */

static const char *kill_text(unsigned r)
{
	return r < sizeof kill_texts / sizeof kill_texts[0] && kill_texts[r] ? kill_texts[r] : "?";
}

static void set_name(struct job *j, size_t k, long pid, const char *name)
{
	j->pids[k] = pid;
	size_t n = strlen(name);
	if (n >= sizeof j->names[k])
		n = sizeof j->names[k] - 1;
	memcpy(j->names[k], name, n);
	j->names[k][n] = '\0';
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

static unsigned untracked_jobs;   /* processes of background jobs that did not fit the table */

/* The job of process pid, and its place in it; NULL if none. */
static struct job *job_of(long pid, size_t *k)
{
	for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
		for (size_t i = 0; j->pgid && i < j->n; i++)
			if (j->pids[i] == pid) {
				*k = i;
				return j;
			}
	return NULL;
}

static bool job_alive(const struct job *j)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->pids[i])
			return true;
	return false;
}

static int job_number(const struct job *j) { return (int)(j - jobs) + 1; }

/* "[N] State  a | b | c" */
static void job_line(const struct job *j, const char *state)
{
	printf("[%d] %s ", job_number(j), state);
	for (size_t i = 0; i < j->n; i++)
		if (j->names[i][0])
			printf(" %s%s", i ? "| " : "", j->names[i]);
	printf("\n");
}

/* Keep job j (background, or just stopped) in the table; false if there is no room. */
static struct job *keep_job(const struct job *j)
{
	for (struct job *slot = jobs; slot < &jobs[JOBS_MAX]; slot++)
		if (!slot->pgid) {
			*slot = *j;
			return slot;
		}
	return NULL;
}

/* Is any background job still running (not stopped)? `wait` blocks only for those. */
static bool any_running(void)
{
	for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
		if (j->pgid && !j->stopped)
			return true;
	return untracked_jobs != 0;
}

/*
 * Reap children that have ended, blocking for all of the running ones if
 * block: a background job's process is reported by name; an orphan adopted
 * by init (the shell as init reaps those) says nothing. A background job
 * that stopped (a read of the console: SIGTTIN) is reported once.
 */
static void reap(bool block)
{
	int st;
	long pid;
	while ((pid = sys_wait(-1, &st, WUNTRACED | (block && any_running() ? 0 : WNOHANG))) > 0) {
		size_t k;
		struct job *j = job_of(pid, &k);
		if (j && WIFSTOPPED(st)) {
			if (!j->stopped)
				job_line(j, "Stopped");
			j->stopped = true;
		} else if (j) {
			report(pid, j->names[k], st, true);
			j->pids[k] = 0;
			if (!job_alive(j))
				j->pgid = 0;
		} else if (untracked_jobs && !WIFSTOPPED(st)) {
			untracked_jobs--;
			report(pid, "job", st, true);
		}
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
	       "      Ctrl-C ends the foreground job (at the prompt: clears the line), Ctrl-Z stops it\n"
	       "builtins: exit [N], wait (for background jobs), kill PID, status (of the last program), cd [DIR], pwd, help,\n"
	       "      jobs (background and stopped ones), fg [%%N] (to the foreground), bg [%%N] (on in the background)\n"
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

/* What running a command came to: whether it succeeded (for && and ||), and whether ^C ended it or ^Z stopped it. */
struct outcome {
	bool ok;
	bool interrupted;
};

/*
 * Job j in the foreground: it has the console until every process of it has
 * ended, or one stops (^Z); then the shell takes the console back. A
 * stopped job is kept (the first time, under a new number), an ended one
 * reported as a foreground program is. The outcome is the last command's.
 */
static struct outcome wait_foreground(struct job *j)
{
	struct outcome out = { false, false };
	sys_tcsetpgrp(tty_fd, (int)j->pgid);
	bool stopped = false;
	for (size_t k = 0; k < j->n && !stopped; k++) {
		if (!j->pids[k])
			continue;
		int st;
		long r = sys_wait((int)j->pids[k], &st, WUNTRACED);
		if (r != j->pids[k])
			continue;
		if (WIFSTOPPED(st)) {
			stopped = true;
			break;
		}
		j->pids[k] = 0;
		set_name(&last_fg, 0, r, j->names[k]);
		last_fg_status = st;
		report(r, j->names[k], st, false);
		out.interrupted |= !WIFEXITED(st) && WKILLREASON(st) == KILL_INTERRUPTED;
		if (k == j->n - 1)
			out.ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;   /* a killed program failed */
	}
	sys_tcsetpgrp(tty_fd, (int)shell_pgid);
	if (stopped) {
		j->stopped = true;
		struct job *kept = j >= jobs && j < &jobs[JOBS_MAX] ? j : keep_job(j);
		if (kept) {
			printf("\n");
			job_line(kept, "Stopped");
		} else {   /* no room to keep it: it goes on, in the background, untracked */
			printf("\nsh: no room for another job: it goes on in the background\n");
			sys_killsig(-(int)j->pgid, SIGCONT);
			for (size_t k = 0; k < j->n; k++)
				untracked_jobs += j->pids[k] != 0;
		}
		out.ok = false;
		out.interrupted = true;   /* the rest of the line does not run */
	} else if (j >= jobs && j < &jobs[JOBS_MAX]) {
		j->pgid = 0;   /* a kept job brought to the foreground has ended */
	}
	return out;
}

/* The job `fg`/`bg` name: %N or N, or the last one kept; NULL after saying why. */
static struct job *job_arg(const struct sh_command *c)
{
	if (c->argc < 2) {
		for (struct job *j = &jobs[JOBS_MAX - 1]; j >= jobs; j--)
			if (j->pgid)
				return j;
		printf("sh: %s: no current job\n", c->argv[0]);
		return NULL;
	}
	const char *a = c->argv[1][0] == '%' ? c->argv[1] + 1 : c->argv[1];
	unsigned long n;
	if (!number_arg(c->argv[0], a, &n))
		return NULL;
	if (n < 1 || n > JOBS_MAX || !jobs[n - 1].pgid) {
		printf("sh: %s: %%%lu: no such job\n", c->argv[0], n);
		return NULL;
	}
	return &jobs[n - 1];
}

/* fg, bg, jobs. */
static void job_builtin(const struct sh_command *c, struct outcome *out)
{
	const char *name = c->argv[0];
	if (!strcmp(name, "jobs")) {
		for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
			if (j->pgid)
				job_line(j, j->stopped ? "Stopped" : "Running");
		return;
	}
	struct job *j = job_arg(c);
	if (!j) {
		out->ok = false;
		return;
	}
	bool fg = !strcmp(name, "fg");
	job_line(j, fg ? "Continued" : "Running");
	j->stopped = false;
	if (fg)
		sys_tcsetpgrp(tty_fd, (int)j->pgid);   /* before SIGCONT: a reader must not find itself in the background */
	sys_killsig(-(int)j->pgid, SIGCONT);
	if (fg)
		*out = wait_foreground(j);
}

/* A builtin, if argv[0] names one: *out is its outcome. exit does not return. */
static bool builtin(const struct sh_command *c, struct outcome *out)
{
	const char *name = c->argv[0];
	unsigned long num = 0;
	if (strcmp(name, "exit") && strcmp(name, "help") && strcmp(name, "wait") && strcmp(name, "status") &&
	    strcmp(name, "kill") && strcmp(name, "cd") && strcmp(name, "pwd") && strcmp(name, "jobs") &&
	    strcmp(name, "fg") && strcmp(name, "bg"))
		return false;
	out->ok = true;
	if (!strcmp(name, "jobs") || !strcmp(name, "fg") || !strcmp(name, "bg")) {
		job_builtin(c, out);
	} else if (!strcmp(name, "exit")) {
		if (c->argc > 1 && !number_arg("exit", c->argv[1], &num))
			out->ok = false;
		else
			exit((int)num);
	} else if (!strcmp(name, "help")) {
		help();
	} else if (!strcmp(name, "wait")) {
		reap(true);
	} else if (!strcmp(name, "status")) {
		if (!last_fg.pids[0])
			printf("status: no program has run yet\n");
		else
			report(last_fg.pids[0], last_fg.names[0], last_fg_status, true);
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

/* The job-control signals the shell ignores (SIG_IGN) and its programs must not (SIG_DFL). */
static void job_signals(unsigned long handler)
{
	static const int sigs[] = { SIGINT, SIGTSTP, SIGTTIN, SIGTTOU };
	const struct pf_sigaction act = { .sa_handler = handler };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sys_sigaction(sigs[i], &act, NULL);
}

/*
 * The forked child of command c: back to the default action of the signals
 * the shell ignores, into the job's group (pgid 0: its own, the first
 * command's) and, for a foreground job, the console's foreground, before
 * the program runs: the parent does the same two, so whichever runs first,
 * neither a ^C nor a read finds the program outside its group. A program
 * that cannot start is reported here, on the shell's own output (msg), and
 * exits 127.
 */
static void __attribute__((noreturn)) start_command(const struct sh_command *c, long pgid, bool foreground, int msg)
{
	job_signals(SIG_DFL);
	sys_setpgid(0, (int)pgid);
	if (foreground) {
		/* Still in the background if the shell has not named the group yet: SIGTTOU would stop it. */
		const unsigned long ttou = SIGMASK(SIGTTOU);
		unsigned long old;
		sys_sigprocmask(SIG_BLOCK, &ttou, &old);
		sys_tcsetpgrp(tty_fd, (int)sys_getpgid(0));
		sys_sigprocmask(SIG_SETMASK, &old, NULL);
	}
	long r = sys_exec(c->argv[0], c->argv, NULL);
	dprintf(msg, "sh: %s: %s\n", c->argv[0], strerror(r));
	for (;;)
		sys_exit(127);
}

/*
 * Run cmds[0..n) as one pipeline, each command's output the next one's
 * input: the shell sets up its own descriptors 0, 1, 2 as the child should
 * have them, forks, the child execs (leaving the close-on-exec ones
 * behind), then the shell puts its own back. Every pipe end the shell holds
 * is close-on-exec, so a program holds only its own ends and a reader sees
 * the end of the stream when its writer exits. The pipeline is one process
 * group (the first command's pid); in the foreground it is the console's
 * foreground group: ^C and ^Z reach every process of it. The outcome is the
 * last command's.
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
	tty_fd = (int)saved[STDIN_FD];
	const struct sh_command *last = &cmds[n - 1];
	static struct job job;
	memset(&job, 0, sizeof job);
	job.n = n;
	long *pids = job.pids;
	long in = -1;   /* the read end of the pipe from the previous command */
	for (size_t k = 0; k < n; k++) {
		const struct sh_command *c = &cmds[k];
		int fds[2] = { -1, -1 };
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
			long pid = sys_fork();
			if (pid == 0)
				start_command(c, job.pgid, !last->background, msg);
			if (is_err(pid)) {
				dprintf(msg, "sh: %s: %s\n", c->argv[0], strerror(pid));
			} else {
				if (!job.pgid)
					job.pgid = pid;
				sys_setpgid((int)pid, (int)job.pgid);
				set_name(&job, k, pid, c->argv[0]);
			}
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
	tty_fd = STDIN_FD;
	if (!job.pgid)
		return out;   /* nothing started */
	if (last->background) {
		struct job *kept = keep_job(&job);
		for (size_t k = 0; k < n; k++)
			if (pids[k]) {
				untracked_jobs += !kept;
				printf("[%ld]\n", pids[k]);
			}
		out.ok = pids[n - 1] != 0;   /* started: as a POSIX shell, & succeeds */
		return out;
	}
	return wait_foreground(&job);
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
	job_signals(SIG_IGN);   /* meant for its jobs, not for it */
	shell_pgid = sys_getpgid(0);
	sys_tcsetpgrp(STDIN_FD, (int)shell_pgid);   /* the console's, when nobody has it (-ENOTTY: it is not ours) */
	printf("pfgate shell: type `help` for help\n");
	for (;;) {
		reap(false);
		write_all(STDOUT_FD, PROMPT, sizeof PROMPT - 1);
		if (!read_line(&editor))
			return 0;
		run_line(editor.buf);
	}
}
