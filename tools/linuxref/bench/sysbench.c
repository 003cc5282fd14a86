/*
 * The system-call-bound figures of issue 29, timed by the guest itself
 * (clock_gettime(CLOCK_MONOTONIC), the vDSO's on Linux, and the TSC, whose
 * ticks are instructions in Bochs): each workload runs BATCHES batches of its
 * count and prints the median batch's time per operation, one line each:
 *     bench NAME ns=N tsc=T ops=COUNT batches=BATCHES
 * A workload whose first call fails prints instead, and the others go on:
 *     bench NAME unsupported: CALL          (ENOSYS: the kernel has no such call)
 *     bench NAME failed: CALL: ERROR        (any other error)
 * tools/bench/parse.py reads these lines (for pfgate and for Linux alike).
 * A static i386 Linux program (glibc or musl), unmodified on either kernel.
 *   sysbench [FILE_TO_STAT [TMPDIR [TRUE_PROGRAM [DIVISOR]]]]
 * DIVISOR divides every count (a short run: the counting boot, Bochs).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guest_clock.h"

#define BATCHES 11
#define EXEC_FAILED 125   /* a child's exit status: its execve failed, errno unknown (lower: that errno) */

static int divisor = 1;
static const char *current;     /* the workload running */
static jmp_buf give_up;         /* back to report() when a call fails */

static const char *stat_path = "/abi/data/hello.txt";
static const char *tmp_dir = "/tmp";
static const char *true_path = "/bin/true";

/* A call failed: the workload's line says which and why, and the next workload runs. */
static void fail(const char *call)
{
	int e = errno;
	if (e == ENOSYS)
		printf("bench %s unsupported: %s\n", current, call);
	else
		printf("bench %s failed: %s: %s\n", current, call, strerror(e));
	longjmp(give_up, 1);
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void report(const char *name, void (*op)(int), int count)
{
	long long per_op[BATCHES];
	unsigned long long ticks[BATCHES];
	current = name;
	count = count / divisor > 0 ? count / divisor : 1;
	if (setjmp(give_up))
		return;
	op(count / 10 + 1);   /* warm: first-touch faults, caches */
	for (int b = 0; b < BATCHES; b++) {
		long long t0 = now_ns();
		unsigned long long c0 = tsc();
		op(count);
		ticks[b] = (tsc() - c0) / count;
		per_op[b] = (now_ns() - t0) / count;
	}
	qsort(per_op, BATCHES, sizeof per_op[0], by_value);
	qsort(ticks, BATCHES, sizeof ticks[0], by_value);
	printf("bench %s ns=%lld tsc=%llu ops=%d batches=%d\n", name, per_op[BATCHES / 2], ticks[BATCHES / 2], count,
	       BATCHES);
}

static void getpid_loop(int n)
{
	for (int i = 0; i < n; i++)
		if (syscall(SYS_getpid) < 0)
			fail("getpid");
}

static void stat_loop(int n)
{
	struct stat st;
	for (int i = 0; i < n; i++)
		if (stat(stat_path, &st) != 0)
			fail("stat");
}

static void open_close_loop(int n)
{
	for (int i = 0; i < n; i++) {
		int fd = open(stat_path, O_RDONLY);
		if (fd < 0)
			fail("open");
		if (close(fd) != 0)
			fail("close");
	}
}

static void file_loop(int n)
{
	static char block[4096];
	char path[256];
	snprintf(path, sizeof path, "%s/sysbench.tmp", tmp_dir);
	for (int i = 0; i < n; i++) {
		int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
		if (fd < 0)
			fail("open O_CREAT");
		if (write(fd, block, sizeof block) != sizeof block)
			fail("write");
		if (close(fd) != 0)
			fail("close");
		if (unlink(path) != 0)
			fail("unlink");
	}
}

static int to_child[2], to_parent[2];

static void pingpong_loop(int n)
{
	char c = 'x';
	for (int i = 0; i < n; i++) {
		if (write(to_child[1], &c, 1) != 1)
			fail("write");
		if (read(to_parent[0], &c, 1) != 1)
			fail("read");
	}
}

static void fork_loop(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			fail("fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, NULL, 0) != pid)
			fail("waitpid");
	}
}

static void exec_loop(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			fail("fork");
		if (pid == 0) {
			char *argv[] = { "true", NULL }, *envp[] = { NULL };
			execve(true_path, argv, envp);
			_exit(errno > 0 && errno < EXEC_FAILED ? errno : EXEC_FAILED);   /* why, to the parent */
		}
		int status;
		if (waitpid(pid, &status, 0) != pid)
			fail("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			errno = WIFEXITED(status) && WEXITSTATUS(status) < EXEC_FAILED ? WEXITSTATUS(status) : ECHILD;
			fail("execve");
		}
	}
}

/* The ping-pong's echo: a child that sends back every byte it reads, until the pipe closes. */
static void pingpong(void)
{
	current = "pipe_pingpong";
	if (setjmp(give_up))
		return;
	if (pipe(to_child) != 0 || pipe(to_parent) != 0)
		fail("pipe");
	pid_t echo = fork();
	if (echo < 0)
		fail("fork");
	if (echo == 0) {
		char c;
		close(to_child[1]);   /* else its read never sees the end */
		close(to_parent[0]);
		while (read(to_child[0], &c, 1) == 1)
			write(to_parent[1], &c, 1);
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	report("pipe_pingpong", pingpong_loop, 500);
	close(to_child[1]);
	waitpid(echo, NULL, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		stat_path = argv[1];
	if (argc > 2)
		tmp_dir = argv[2];
	if (argc > 3)
		true_path = argv[3];
	if (argc > 4)
		divisor = atoi(argv[4]) > 0 ? atoi(argv[4]) : 1;
	setvbuf(stdout, NULL, _IOLBF, 0);   /* each line as it is made, whatever stdout is */
	report("getpid", getpid_loop, 5000);
	report("stat", stat_loop, 1000);
	report("open_close", open_close_loop, 1000);
	report("file_4k", file_loop, 200);
	pingpong();
	report("fork_exit_wait", fork_loop, 50);
	report("fork_exec_wait", exec_loop, 20);
	return 0;
}
