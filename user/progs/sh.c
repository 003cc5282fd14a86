/* help: sh: this shell */
/*
 * The shell: reads a line (with backspace, Ctrl-U, Ctrl-C), runs `prog
 * args...` from the initrd, `&` runs it in the background. Builtins: exit [N],
 * wait, kill PID, status, help.
 * Job control: the program it waits for is the console's foreground process
 * (the setfg gate), so Ctrl-C kills that program and not the shell; at the
 * prompt Ctrl-C clears the line. Background jobs are never the foreground.
 * One line per outcome: a foreground program that exits speaks for itself
 * (`status` shows its code); one that is killed gets "[PID] NAME killed...";
 * a background job's end is always shown.
 */
#include "ulib.h"

#define LINE_MAX 256
#define PROMPT "$ "
#define CTRL_U 0x15
#define DEL 0x7F
#define JOBS_MAX 16

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, text) [code] = text,
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
	if (!WSTATUS_EXITED(st)) {
		unsigned r = WSTATUS_REASON(st);
		/* These two texts already say "killed by ...". */
		if (r == KILL_INTERRUPTED || r == KILL_KILLED)
			printf("[%ld] %s %s\n", pid, name, kill_text(r));
		else
			printf("[%ld] %s killed: %s\n", pid, name, kill_text(r));
	} else if (always) {
		printf("[%ld] %s exit %d\n", pid, name, WSTATUS_EXIT_CODE(st));
	}
}

static void add_job(long pid, const char *name)
{
	for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
		if (!j->pid) {
			set_name(j, pid, name);
			return;
		}
}

/* A background job's name, forgetting it; "job" if it did not fit the table. */
static const char *take_job(long pid, char *buf, size_t size)
{
	strcpy(buf, "job");
	for (struct job *j = jobs; j < &jobs[JOBS_MAX]; j++)
		if (j->pid == pid) {
			if (strlen(j->name) < size)
				strcpy(buf, j->name);
			j->pid = 0;
		}
	return buf;
}

/* Reap children that have ended, blocking for all of them if block. */
static void reap(bool block)
{
	int st;
	long pid;
	char name[PF_PROC_NAME_LEN];
	while ((pid = sys_wait(-1, &st, block ? 0 : WNOHANG)) > 0)
		report(pid, take_job(pid, name, sizeof name), st, true);
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
	       "keys: Ctrl-C stops the program in the foreground (at the prompt: clears the line),\n"
	       "      Ctrl-U clears the line, backspace erases\n"
	       "builtins: exit [N], wait (for background jobs), kill PID, status (of the last program), help\n"
	       "programs:\n");
	for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++)
		printf("  %s\n", programs[i].line);
}

/*
 * Read a line, echoing as we go; false at end of input. A line longer than
 * size - 1 is refused whole (with a warning): running a cut command could do
 * something else than what was typed.
 */
static bool read_line(char *line, size_t size)
{
	size_t n = 0;
	bool too_long = false;
	for (;;) {
		char c;
		long r = sys_read(STDIN_FD, &c, 1);
		if (is_err(r) || r == 0)
			return false;
		if (c == '\r' || c == '\n') {
			write_all(STDOUT_FD, "\n", 1);
			line[too_long ? 0 : n] = '\0';
			if (too_long)
				printf("sh: line too long (more than %u characters): ignored\n", (unsigned)(size - 1));
			return true;
		}
		if (c == '\b' || c == DEL) {
			if (n) {
				n--;
				write_all(STDOUT_FD, "\b \b", 3);
			}
			continue;
		}
		if (c == CTRL_U || c == CONSOLE_INTR_CHAR) {
			while (n) {
				n--;
				write_all(STDOUT_FD, "\b \b", 3);
			}
			too_long = false;
			if (c == CONSOLE_INTR_CHAR) {
				write_all(STDOUT_FD, "^C\n", 3);
				line[0] = '\0';
				return true;
			}
			continue;
		}
		if ((unsigned char)c < ' ')
			continue;
		if (n + 1 >= size) {
			too_long = true;
			continue;
		}
		line[n++] = c;
		write_all(STDOUT_FD, &c, 1);
	}
}

static int split(char *line, char **argv, int max)
{
	int argc = 0;
	char *s = line;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (argc == max - 1)
			return -1;
		argv[argc++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	argv[argc] = NULL;
	return argc;
}

int main(void)
{
	char line[LINE_MAX];
	char *argv[ARGV_MAX + 1];
	printf("pfgate shell: type `help` for help\n");
	for (;;) {
		reap(false);
		write_all(STDOUT_FD, PROMPT, sizeof PROMPT - 1);
		if (!read_line(line, sizeof line))
			return 0;
		int argc = split(line, argv, ARGV_MAX + 1);
		if (argc < 0) {
			printf("sh: too many arguments\n");
			continue;
		}
		if (argc == 0)
			continue;
		bool background = false;
		if (!strcmp(argv[argc - 1], "&")) {
			background = true;
			argv[--argc] = NULL;
			if (argc == 0)
				continue;
		} else {
			size_t l = strlen(argv[argc - 1]);
			if (argv[argc - 1][l - 1] == '&') {
				background = true;
				argv[argc - 1][l - 1] = '\0';
			}
		}
		unsigned long num = 0;
		if (!strcmp(argv[0], "exit")) {
			if (argc > 1 && !number_arg("exit", argv[1], &num))
				continue;
			return (int)num;
		}
		if (!strcmp(argv[0], "help")) {
			help();
			continue;
		}
		if (!strcmp(argv[0], "wait")) {
			reap(true);
			continue;
		}
		if (!strcmp(argv[0], "status")) {
			if (!last_fg.pid)
				printf("status: no program has run yet\n");
			else
				report(last_fg.pid, last_fg.name, last_fg_status, true);
			continue;
		}
		if (!strcmp(argv[0], "kill")) {
			if (argc < 2) {
				printf("sh: kill: usage: kill PID\n");
				continue;
			}
			if (!number_arg("kill", argv[1], &num))
				continue;
			long r = sys_kill((int)num);
			if (is_err(r))
				printf("sh: kill: %s%s\n", strerror(r), r == -EPERM ? " (not a child of this shell)" : "");
			continue;
		}
		long pid = sys_spawn(argv[0], (const char *const *)argv, NULL);
		if (is_err(pid)) {
			printf("sh: %s: %s\n", argv[0], strerror(pid));
			continue;
		}
		if (background) {
			add_job(pid, argv[0]);
			printf("[%ld]\n", pid);
			continue;
		}
		/* The child is the console's foreground until it ends (fails harmlessly if setfg is withheld). */
		sys_setfg((int)pid);
		int st;
		long r = sys_wait((int)pid, &st, 0);
		sys_setfg(0);
		if (r == pid) {
			set_name(&last_fg, pid, argv[0]);
			last_fg_status = st;
			report(pid, argv[0], st, false);
		}
	}
}
