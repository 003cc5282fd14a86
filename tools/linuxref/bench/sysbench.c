/*
 * The system-call-bound figures of issue 29, timed by the guest itself
 * (clock_gettime(CLOCK_MONOTONIC), the vDSO's on Linux): each workload runs
 * BATCHES batches of its count and prints the median batch's time per
 * operation, in nanoseconds, one line each:
 *     bench NAME ns=N ops=COUNT batches=BATCHES
 * A static i386 Linux program (glibc or musl), unmodified on either kernel.
 *   sysbench [FILE_TO_STAT [TMPDIR [TRUE_PROGRAM]]]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 11

static const char *stat_path = "/abi/data/hello.txt";
static const char *tmp_dir = "/tmp";
static const char *true_path = "/bin/true";

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void report(const char *name, void (*op)(int), int count)
{
	long long per_op[BATCHES];
	op(count / 10 + 1);   /* warm: first-touch faults, caches */
	for (int b = 0; b < BATCHES; b++) {
		long long t0 = now_ns();
		op(count);
		per_op[b] = (now_ns() - t0) / count;
	}
	qsort(per_op, BATCHES, sizeof per_op[0], by_value);
	printf("bench %s ns=%lld ops=%d batches=%d\n", name, per_op[BATCHES / 2], count, BATCHES);
}

static void getpid_loop(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
}

static void stat_loop(int n)
{
	struct stat st;
	for (int i = 0; i < n; i++)
		if (stat(stat_path, &st) != 0)
			exit(10);
}

static void open_close_loop(int n)
{
	for (int i = 0; i < n; i++) {
		int fd = open(stat_path, O_RDONLY);
		if (fd < 0)
			exit(11);
		close(fd);
	}
}

static void file_loop(int n)
{
	static char block[4096];
	char path[256];
	snprintf(path, sizeof path, "%s/sysbench.tmp", tmp_dir);
	for (int i = 0; i < n; i++) {
		int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
		if (fd < 0 || write(fd, block, sizeof block) != sizeof block)
			exit(12);
		close(fd);
		unlink(path);
	}
}

static int to_child[2], to_parent[2];

static void pingpong_loop(int n)
{
	char c = 'x';
	for (int i = 0; i < n; i++) {
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			exit(13);
	}
}

static void fork_loop(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
}

static void exec_loop(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			char *argv[] = { "true", NULL }, *envp[] = { NULL };
			execve(true_path, argv, envp);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			exit(14);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1)
		stat_path = argv[1];
	if (argc > 2)
		tmp_dir = argv[2];
	if (argc > 3)
		true_path = argv[3];
	report("getpid", getpid_loop, 5000);
	report("stat", stat_loop, 1000);
	report("open_close", open_close_loop, 1000);
	report("file_4k", file_loop, 200);
	if (pipe(to_child) != 0 || pipe(to_parent) != 0)
		return 1;
	pid_t echo = fork();
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
	report("fork_exit_wait", fork_loop, 50);
	report("fork_exec_wait", exec_loop, 20);
	return 0;
}
