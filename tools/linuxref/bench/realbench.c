/*
 * Issue 29's real workloads: unmodified Debian busybox doing real work, each
 * run timed by this driver (the TSC, whose ticks are instructions in Bochs,
 * and clock_gettime(CLOCK_MONOTONIC)) around fork + execve + wait of the
 * program. Each workload runs BATCHES times; the median run's figures are
 * printed per operation, in sysbench's format (tools/bench/parse.py reads
 * both):
 *     bench NAME ns=N tsc=T ops=COUNT batches=BATCHES
 *     bench NAME unsupported: WHAT      (the kernel lacks it: ENOSYS)
 *     bench NAME failed: WHAT: ERROR
 * The workloads:
 *   sh_pipes   busybox sh: a loop of `echo x | wc -c` (a fork and a pipe per
 *              round; one operation = one round)
 *   find_grep  find over a tree of source files piped to xargs, grep -l in
 *              every file (busybox sh, find, xargs, grep)
 *   tar        tar of the docs into TMP
 *   gzip       gzip of that tar (compute-bound)
 *   sort       sort of a 1 MiB file of random lines made here (compute-bound)
 *   lua        a slot: Lua is a dynamic binary (not yet run by pfgate)
 * Usage: realbench [BUSYBOX_DIR [DATA [TMP [DIVISOR]]]]
 *   BUSYBOX_DIR  /bin: busybox and its applet names
 *   DATA         /bench: DATA/src (the tree find and grep go over), DATA/docs
 *   DIVISOR      divides the loop and the sort file, and leaves one batch (a
 *                short run: Bochs, whose counts are exact, or a counting boot)
 * A static i386 Linux program (glibc), unmodified on pfgate and on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guest_clock.h"

#define BATCHES 3               /* a short run (DIVISOR > 1: Bochs, exact, or a counting boot) takes one */
#define SH_ROUNDS 100
#define SORT_BYTES (1 << 20)
#define SORT_LINE 16            /* 15 letters and a newline */
#define EXEC_FAILED 125         /* a child's status: its execve failed (lower: that errno) */
#define NO_OUTPUT NULL
#define FIND_BATCH 6            /* files per grep: their paths within pfgate's 256 bytes of arguments */

static const char *bindir = "/bin", *data = "/bench", *tmp = "/tmp";
static int divisor = 1, batches = BATCHES;

/*
 * Run argv[0] (a name under bindir) with its stdout to out (NULL: /dev/null):
 * NULL, or why not (in a static buffer).
 */
static const char *run(char *const argv[], const char *out)
{
	static char why[128];
	char path[256];
	snprintf(path, sizeof path, "%s/%s", bindir, argv[0]);
	pid_t pid = fork();
	if (pid < 0)
		return strerror(errno);
	if (pid == 0) {
		int fd = out ? open(out, O_CREAT | O_TRUNC | O_WRONLY, 0644) : open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(EXEC_FAILED + 1);
		close(fd);
		char pathenv[300];
		snprintf(pathenv, sizeof pathenv, "PATH=%s", bindir);
		char *envp[] = { pathenv, NULL };
		execve(path, argv, envp);
		_exit(errno > 0 && errno < EXEC_FAILED ? errno : EXEC_FAILED);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return strerror(errno);
	if (WIFSIGNALED(status))
		snprintf(why, sizeof why, "killed by signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		snprintf(why, sizeof why, "exit status %d", WEXITSTATUS(status));
	else
		return NULL;
	return why;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return x < y ? -1 : x > y;
}

/* BATCHES runs of argv; one line with the median run's time per operation (ops per run). */
static void measure(const char *name, char *const argv[], const char *out, int ops)
{
	unsigned long long ticks[BATCHES], nanos[BATCHES];
	for (int b = 0; b < batches; b++) {
		long long n0 = now_ns();
		unsigned long long t0 = tsc();
		const char *why = run(argv, out);
		unsigned long long t1 = tsc();
		long long n1 = now_ns();
		if (why) {
			printf("bench %s failed: %s: %s\n", name, argv[0], why);
			return;
		}
		ticks[b] = (t1 - t0) / ops;
		nanos[b] = (unsigned long long)(n1 - n0) / ops;
	}
	qsort(ticks, batches, sizeof ticks[0], cmp_ull);
	qsort(nanos, batches, sizeof nanos[0], cmp_ull);
	printf("bench %s ns=%llu tsc=%llu ops=%d batches=%d\n", name, nanos[batches / 2], ticks[batches / 2], ops, batches);
}

/* The sort's input: lines of random lowercase letters from a fixed seed, the same file on every kernel. */
static int make_sort_input(const char *path, int bytes)
{
	static char buf[SORT_BYTES];
	unsigned x = 2463534242u;
	for (int i = 0; i < bytes; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;   /* xorshift32 */
		buf[i] = i % SORT_LINE == SORT_LINE - 1 ? '\n' : 'a' + x % 26;
	}
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		return errno;
	int err = write(fd, buf, bytes) == bytes ? 0 : errno ? errno : EIO;
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		bindir = argv[1];
	if (argc > 2)
		data = argv[2];
	if (argc > 3)
		tmp = argv[3];
	if (argc > 4)
		divisor = atoi(argv[4]) > 0 ? atoi(argv[4]) : 1;
	if (divisor > 1)
		batches = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	char script[256], tree[256], tar_file[256], gz_file[256], sort_in[256], sort_out[256];
	int rounds = SH_ROUNDS / divisor > 0 ? SH_ROUNDS / divisor : 1;
	snprintf(script, sizeof script, "i=0; while [ $i -lt %d ]; do echo x | wc -c; i=$((i+1)); done", rounds);
	snprintf(tree, sizeof tree, "%s/src", data);
	snprintf(tar_file, sizeof tar_file, "%s/realbench.tar", tmp);
	snprintf(gz_file, sizeof gz_file, "%s/realbench.tar.gz", tmp);
	snprintf(sort_in, sizeof sort_in, "%s/realbench.sort", tmp);
	snprintf(sort_out, sizeof sort_out, "%s/realbench.sorted", tmp);

	char *sh[] = { "sh", "-c", script, NULL };
	measure("sh_pipes", sh, NO_OUTPUT, rounds);
	/* xargs -n: pfgate took 16 arguments of 256 bytes in all when this workload was written, where find's -exec +
	 * would pass them all to one grep; so a grep per FIND_BATCH files, the same on Linux. It has Linux's limits
	 * now (docs/design.md, "Arguments, as Linux takes them"); the workload stays as it was, its figures comparable. */
	char find_script[512];
	snprintf(find_script, sizeof find_script,   /* xargs says 123 when a grep found nothing in its files */
		 "find %s -type f | xargs -n %d grep -l 'page fault' || [ $? -eq 123 ]", tree, FIND_BATCH);
	char *find[] = { "sh", "-c", find_script, NULL };
	measure("find_grep", find, NO_OUTPUT, 1);
	char *tar[] = { "tar", "-cf", tar_file, "-C", (char *)data, "docs", NULL };
	measure("tar", tar, NO_OUTPUT, 1);
	char *gzip[] = { "gzip", "-c", tar_file, NULL };
	measure("gzip", gzip, gz_file, 1);
	int err = make_sort_input(sort_in, SORT_BYTES / divisor / SORT_LINE * SORT_LINE);
	if (err)
		printf("bench sort failed: making its input: %s\n", strerror(err));
	else {
		char *sort[] = { "sort", "-o", sort_out, sort_in, NULL };
		measure("sort", sort, NO_OUTPUT, 1);
	}
	printf("bench lua unsupported: dynamic binaries (Lua runs once pfgate loads them)\n");
	unlink(tar_file);
	unlink(gz_file);
	unlink(sort_in);
	unlink(sort_out);
	return 0;
}
