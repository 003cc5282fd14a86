/* help: abirun CASES TMPDIR: runs the Linux-ABI cases (test/linux_abi) on pfgate, each between the serial markers */
/*
 * pfgate's side of the Linux-ABI comparison (issue 28): the native twin of
 * test/linux_abi/run.sh, which runs the same cases on Debian's Linux under
 * busybox sh. CASES holds one case a line, its name, a tab, its command line
 * (tools/linuxref/cases.py writes it; an argument may be single-quoted).
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
 * CASE_LIMIT_MS is killed by a watching process, as run.sh's
 * `timeout -s KILL 60` does, so one hang cannot take the cases after it.
 */
#include "ulib.h"

#define MARK "@@linux-abi"
#define CASES_MAX_BYTES 8192
#define ARGS_MAX 16
#define CASE_LIMIT_MS 60000
#define OUTPUT_MAX_BYTES 65536
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
	long e = sys_exec(argv[0], (const char *const *)argv, envp);
	dprintf(STDERR_FD, "abirun: %s: %s\n", argv[0], strerror(e));
	sys_exit(EXEC_FAILED);
}

/* A process that kills the case should it outlive CASE_LIMIT_MS (run.sh's timeout -s KILL 60). */
static long start_watch(int pid)
{
	long w = sys_fork();
	if (w == 0) {
		sys_sleep_ms(CASE_LIMIT_MS);
		sys_killsig(pid, SIGKILL);
		sys_exit(0);
	}
	return w;
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
static void run_case(const char *name, char **words, const char *const *envp)
{
	int fds[2];
	size_t len = 0;
	int code = EXEC_FAILED;
	if (!is_err(sys_pipe(fds))) {
		long pid = sys_fork();
		if (pid == 0) {
			sys_close(fds[0]);
			start_case(fds[1], words, envp);
		}
		sys_close(fds[1]);
		if (!is_err(pid)) {
			long watch = start_watch((int)pid);
			len = collect(fds[0]);
			code = status_of((int)pid);
			if (!is_err(watch)) {
				sys_killsig((int)watch, SIGKILL);
				sys_wait((int)watch, NULL, 0);
			}
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
		char *words[ARGS_MAX + 1];
		if (!tab || split(tab + 1, words) <= 0) {
			dprintf(STDERR_FD, "abirun: %s: not a case line (NAME, a tab, a command)\n", line);
			status = 1;
			continue;
		}
		*tab = '\0';
		run_case(line, words, envp);
	}
	printf(MARK " done\n");
	return status;
}
