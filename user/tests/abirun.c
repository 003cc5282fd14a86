/* help: abirun CASES TMPDIR: runs the Linux-ABI cases (test/linux_abi) on pfgate, each between the serial markers */
/*
 * pfgate's side of the Linux-ABI comparison (issue 28): the native twin of
 * test/linux_abi/run.sh, which runs the same cases on Debian's Linux under
 * busybox sh. CASES holds one case a line, its name, a tab, its command line
 * (tools/linuxref/cases.py writes it; an argument may be single-quoted) and,
 * after another tab, its own time limit in milliseconds if it has one (the
 * suite gives a case it cannot compare yet a short one: it runs only for the
 * kernel's reports of the calls it asks for, and may wait forever on what
 * an unserved call left undone, a child that was never made).
 * Each case runs as run.sh runs it: in a clean environment (PATH=/bin
 * TMPDIR=TMPDIR LC_ALL=C), stdin at end of file, stdout and stderr together
 * into one pipe (run.sh writes a file in a tmpfs; pfgate's processes have
 * no writable file system yet: the mounted disk is not in the name space),
 * kept until the case has ended, so that a kernel report of a killed case
 * lands before its begin marker, not inside its output; then it goes to
 * the console between
 *   @@linux-abi begin NAME          and
 *   @@linux-abi end NAME exit=N     (N as sh's $?: 128 + the signal if killed)
 * and after the last case "@@linux-abi done". A case still running after
 * CASE_LIMIT_MS is killed by its keeper (keep_case), as run.sh's
 * `timeout -s KILL 60` does, so one hang cannot take the cases after it.
 */
#include "ulib.h"

#define MARK "@@linux-abi"
#define CASES_MAX_BYTES 8192
#define ARGS_MAX 16
#define CASE_LIMIT_MS 60000
#define OUTPUT_MAX_BYTES 65536
#define PATH_BYTES 256
#define SHELL_SIGNALLED 128      /* sh's $? for a child a signal ended: 128 + the signal */
#define EXEC_FAILED 127          /* sh's $? for a command it could not run */

static char cases[CASES_MAX_BYTES + 1];
static char output[OUTPUT_MAX_BYTES];

/* Split a command line in place into words: blanks separate, '...' quotes (an empty '' is a word). */
static int split(char *s, char **argv)
{
	int n = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (n == ARGS_MAX)
			return -1;
		char *out = s;
		argv[n++] = out;
		while (*s && *s != ' ') {
			if (*s == '\'') {
				for (s++; *s && *s != '\''; )
					*out++ = *s++;
				if (*s != '\'')
					return -1;   /* an unclosed quote */
				s++;
			} else {
				*out++ = *s++;
			}
		}
		if (*s)
			s++;
		*out = '\0';
	}
	argv[n] = NULL;
	return n;
}

/* The child's side: stdin at end of file, stdout and stderr into the pipe's write end, then the case's program. */
static void start_case(int out_fd, char **argv, const char *const *envp)
{
	int fds[2];
	if (is_err(sys_pipe(fds)))
		sys_exit(EXEC_FAILED);
	sys_close(fds[1]);    /* no writer: a read of stdin sees the end at once, as of /dev/null */
	sys_dup2(fds[0], STDIN_FD);
	sys_dup2(out_fd, STDOUT_FD);
	sys_dup2(out_fd, STDERR_FD);
	sys_close(fds[0]);
	sys_close(out_fd);
	/* A bare command name is PATH's (/bin on the disk: busybox's sh and applets), as in run.sh. */
	char path[PATH_BYTES];
	const char *prog = argv[0];
	if (!strchr(prog, '/')) {
		snprintf(path, sizeof path, "/bin/%s", prog);
		prog = path;
	}
	long e = sys_exec(prog, (const char *const *)argv, envp);
	dprintf(STDERR_FD, "abirun: %s: %s\n", prog, strerror(e));
	sys_exit(EXEC_FAILED);
}

/*
 * The case's keeper (abirun's child; only a parent may kill): it starts the
 * case as its own child and a timer child that sleeps limit_ms
 * (CASE_LIMIT_MS: run.sh's timeout -s KILL 60); whichever ends first, it
 * kills the other. It then ends as the case did: the same exit code, or
 * killed by the same signal, so that abirun's wait reads the case's status.
 */
static void keep_case(int out_fd, char **words, const char *const *envp, unsigned long limit_ms)
{
	long pid = sys_fork();
	if (pid == 0)
		start_case(out_fd, words, envp);
	sys_close(out_fd);   /* the case and its children hold the only writers */
	if (is_err(pid))
		sys_exit(EXEC_FAILED);
	long timer = sys_fork();
	if (timer == 0) {
		sys_sleep_ms(limit_ms);
		sys_exit(0);
	}
	int st = 0;
	long first = sys_wait(-1, &st, 0);
	if (first != pid) {
		sys_killsig((int)pid, SIGKILL);   /* its time is up (or the timer could not start) */
		sys_wait((int)pid, &st, 0);
	} else if (!is_err(timer)) {
		sys_killsig((int)timer, SIGKILL);
		sys_wait((int)timer, NULL, 0);
	}
	if (WIFSIGNALED(st))
		sys_killsig(sys_getpid(), (int)WTERMSIG(st));
	sys_exit(WIFEXITED(st) ? (int)WEXITSTATUS(st) : EXEC_FAILED);
}

/* Everything the case writes, until every writer has closed the pipe; the length kept. */
static size_t collect(int fd)
{
	size_t got = 0;
	long n;
	char sink[512];
	while ((n = sys_read(fd, got < OUTPUT_MAX_BYTES ? output + got : sink,
			     got < OUTPUT_MAX_BYTES ? OUTPUT_MAX_BYTES - got : sizeof sink)) > 0)
		got += got < OUTPUT_MAX_BYTES ? (size_t)n : 0;
	return got;
}

/* The case's status as sh's $?. */
static int status_of(int pid)
{
	int st = 0;
	if (sys_wait(pid, &st, 0) != pid)
		return EXEC_FAILED;
	return WIFEXITED(st) ? WEXITSTATUS(st) : SHELL_SIGNALLED + WTERMSIG(st);
}

/* One case: its output and status, then both on the console between the markers. */
static void run_case(const char *name, char **words, const char *const *envp, unsigned long limit_ms)
{
	int fds[2];
	size_t len = 0;
	int code = EXEC_FAILED;
	if (!is_err(sys_pipe(fds))) {
		long pid = sys_fork();
		if (pid == 0) {
			sys_close(fds[0]);
			keep_case(fds[1], words, envp, limit_ms);
		}
		sys_close(fds[1]);
		if (!is_err(pid)) {
			len = collect(fds[0]);
			code = status_of((int)pid);
		}
		sys_close(fds[0]);
	}
	printf(MARK " begin %s\n", name);
	write_all(STDOUT_FD, output, len < OUTPUT_MAX_BYTES ? len : OUTPUT_MAX_BYTES);
	if (len > OUTPUT_MAX_BYTES)
		printf("[abirun: %lu bytes more not kept]", (unsigned long)(len - OUTPUT_MAX_BYTES));
	printf("\n" MARK " end %s exit=%d\n", name, code);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		dprintf(STDERR_FD, "usage: abirun CASES TMPDIR\n");
		return 2;
	}
	long fd = sys_open(argv[1], O_RDONLY, 0), got = 0, n;
	if (is_err(fd)) {
		dprintf(STDERR_FD, "abirun: %s: %s\n", argv[1], strerror(fd));
		return 1;
	}
	while (got < CASES_MAX_BYTES && (n = sys_read((int)fd, cases + got, CASES_MAX_BYTES - got)) > 0)
		got += n;
	sys_close((int)fd);
	cases[got] = '\0';
	char tmp_env[256];
	snprintf(tmp_env, sizeof tmp_env, "TMPDIR=%s", argv[2]);
	const char *envp[] = { "PATH=/bin", tmp_env, "LC_ALL=C", NULL };
	int status = 0;
	for (char *line = cases, *next; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		char *tab = strchr(line, '\t');
		char *limit = tab ? strchr(tab + 1, '\t') : NULL;
		unsigned long limit_ms = CASE_LIMIT_MS;
		if (limit) {
			*limit++ = '\0';
			if (!parse_ulong(limit, &limit_ms)) {
				dprintf(STDERR_FD, "abirun: %s: not a time limit in milliseconds\n", limit);
				status = 1;
				continue;
			}
		}
		char *words[ARGS_MAX + 1];
		if (!tab || split(tab + 1, words) <= 0) {
			dprintf(STDERR_FD, "abirun: %s: not a case line (NAME, a tab, a command)\n", line);
			status = 1;
			continue;
		}
		*tab = '\0';
		run_case(line, words, envp, limit_ms);
	}
	printf(MARK " done\n");
	return status;
}
