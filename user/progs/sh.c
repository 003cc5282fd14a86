/*
 * The shell: reads a line (with backspace), runs `prog args...` from the
 * initrd, `&` runs it in the background. Builtins: exit [n], wait, kill PID,
 * help. A non-zero exit status, or the reason a child was killed, is shown.
 */
#include "ulib.h"

#define LINE_MAX 256
#define PROMPT "$ "
#define CTRL_C 0x03
#define CTRL_U 0x15
#define DEL 0x7F

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, text) [code] = text,
	KILL_REASONS(KILL_TEXT)
#undef KILL_TEXT
};

static void report(long pid, int st, bool always)
{
	if (!WSTATUS_EXITED(st)) {
		unsigned r = WSTATUS_REASON(st);
		printf("[%ld] killed: %s\n", pid, r < sizeof kill_texts / sizeof kill_texts[0] && kill_texts[r] ? kill_texts[r] : "?");
	} else if (WSTATUS_EXIT_CODE(st) || always) {
		printf("[%ld] exit %d\n", pid, WSTATUS_EXIT_CODE(st));
	}
}

/* Reap background children that have ended, without blocking. */
static void reap_done(void)
{
	int st;
	long pid;
	while ((pid = sys_wait(-1, &st, WNOHANG)) > 0)
		report(pid, st, true);
}

/* Read a line, echoing as we go; false at end of input. */
static bool read_line(char *line, size_t size)
{
	size_t n = 0;
	for (;;) {
		char c;
		long r = sys_read(STDIN_FD, &c, 1);
		if (is_err(r) || r == 0)
			return false;
		if (c == '\r' || c == '\n') {
			write_all(STDOUT_FD, "\n", 1);
			line[n] = '\0';
			return true;
		}
		if (c == '\b' || c == DEL) {
			if (n) {
				n--;
				write_all(STDOUT_FD, "\b \b", 3);
			}
			continue;
		}
		if (c == CTRL_U || c == CTRL_C) {
			while (n) {
				n--;
				write_all(STDOUT_FD, "\b \b", 3);
			}
			if (c == CTRL_C) {
				write_all(STDOUT_FD, "^C\n", 3);
				line[0] = '\0';
				return true;
			}
			continue;
		}
		if ((unsigned char)c < ' ' || n + 1 >= size)
			continue;
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

static const char *error_text(long e)
{
	switch (-e) {
	case ENOENT: return "no such program";
	case ENOEXEC: return "not an executable";
	case EAGAIN: return "process table full";
	case ENOMEM: return "out of memory";
	case E2BIG: return "argument list too long";
	case ENAMETOOLONG: return "name too long";
	default: return "error";
	}
}

int main(void)
{
	char line[LINE_MAX];
	char *argv[ARGV_MAX + 1];
	printf("pfgate shell: type `help` for help\n");
	for (;;) {
		reap_done();
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
		if (!strcmp(argv[0], "exit"))
			return argc > 1 ? (int)atol(argv[1]) : 0;
		if (!strcmp(argv[0], "help")) {
			printf("run a program: prog args... [&]   builtins: exit [n], wait, kill PID, help\n"
			       "programs: ls, cat FILE, echo ..., ps, sleep MS, spin [MS], hello, usertests\n");
			continue;
		}
		if (!strcmp(argv[0], "wait")) {
			int st;
			long pid;
			while ((pid = sys_wait(-1, &st, 0)) > 0)
				report(pid, st, true);
			continue;
		}
		if (!strcmp(argv[0], "kill")) {
			long r = argc > 1 ? sys_kill((int)atol(argv[1])) : -EINVAL;
			if (is_err(r))
				printf("kill: %s\n", r == -ESRCH ? "no such process" : r == -EPERM ? "not a child of this shell" : "usage: kill PID");
			continue;
		}
		long pid = sys_spawn(argv[0], (const char *const *)argv, NULL);
		if (is_err(pid)) {
			printf("sh: %s: %s\n", argv[0], error_text(pid));
			continue;
		}
		if (background) {
			printf("[%ld]\n", pid);
			continue;
		}
		int st;
		if (sys_wait((int)pid, &st, 0) == pid)
			report(pid, st, false);
	}
}
