/* help: abirun CASES TMPDIR: runs the Linux-ABI cases (test/linux_abi) on pfgate, each between the serial markers */
/*
 * pfgate's side of the Linux-ABI comparison (issue 28): the native twin of
 * test/linux_abi/run.sh, which runs the same cases on Debian's Linux under
 * busybox sh. CASES holds one case a line, its name, a tab, its command line
 * (tools/linuxref/cases.py writes it; an argument may be single-quoted).
 * Each case runs as run.sh runs it: in a clean environment (PATH=/bin
 * TMPDIR=TMPDIR LC_ALL=C), stdin at end of file, stdout and stderr together
 * into TMPDIR/case.out; then the file goes to the console between
 *   @@linux-abi begin NAME          and
 *   @@linux-abi end NAME exit=N     (N as sh's $?: 128 + the signal if killed)
 * and after the last case "@@linux-abi done". A case still running after
 * CASE_LIMIT_MS is killed, as run.sh's `timeout -s KILL 60` does, so one
 * hang cannot take the cases after it.
 */
#include "ulib.h"

#define MARK "@@linux-abi"
#define CASES_MAX_BYTES 8192
#define ARGS_MAX 16
#define CASE_LIMIT_MS 60000
#define POLL_MS 10
#define SHELL_SIGNALLED 128      /* sh's $? for a child a signal ended: 128 + the signal */
#define EXEC_FAILED 127          /* sh's $? for a command it could not run */
#define OUT_MODE 0644

static char cases[CASES_MAX_BYTES + 1];

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

/* The child's side: stdin at end of file, stdout and stderr to out, then the case's program. */
static void start_case(const char *out, char **argv, const char *const *envp)
{
	int fds[2];
	long fd = sys_open(out, O_WRONLY | O_CREAT | O_TRUNC, OUT_MODE);
	if (is_err(fd) || is_err(sys_pipe(fds)))
		sys_exit(EXEC_FAILED);
	sys_close(fds[1]);    /* no writer: a read of stdin sees the end at once, as of /dev/null */
	sys_dup2(fds[0], STDIN_FD);
	sys_dup2((int)fd, STDOUT_FD);
	sys_dup2((int)fd, STDERR_FD);
	sys_close(fds[0]);
	sys_close((int)fd);
	long e = sys_exec(argv[0], (const char *const *)argv, envp);
	dprintf(STDERR_FD, "abirun: %s: %s\n", argv[0], strerror(e));
	sys_exit(EXEC_FAILED);
}

/* Wait for the case, killing it after CASE_LIMIT_MS; its status as sh's $?. */
static int finish_case(int pid)
{
	int st = 0;
	unsigned long waited = 0;
	long r;
	while ((r = sys_wait(pid, &st, WNOHANG)) == 0) {
		if (waited >= CASE_LIMIT_MS) {
			sys_killsig(pid, SIGKILL);
			r = sys_wait(pid, &st, 0);
			break;
		}
		sys_sleep_ms(POLL_MS);
		waited += POLL_MS;
	}
	if (r != pid)
		return EXEC_FAILED;
	return WIFEXITED(st) ? WEXITSTATUS(st) : SHELL_SIGNALLED + WTERMSIG(st);
}

static void copy_out(const char *path)
{
	char buf[512];
	long fd = sys_open(path, O_RDONLY, 0), n;
	if (is_err(fd))
		return;
	while ((n = sys_read((int)fd, buf, sizeof buf)) > 0)
		write_all(STDOUT_FD, buf, (size_t)n);
	sys_close((int)fd);
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
	char out[256], tmp_env[256];
	snprintf(out, sizeof out, "%s/case.out", argv[2]);
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
		long pid = sys_fork();
		if (pid == 0)
			start_case(out, words, envp);
		int code = is_err(pid) ? EXEC_FAILED : finish_case((int)pid);
		printf(MARK " begin %s\n", line);
		copy_out(out);
		printf("\n" MARK " end %s exit=%d\n", line, code);
	}
	sys_unlink(out);
	printf(MARK " done\n");
	return status;
}
