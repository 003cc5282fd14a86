/* /proc as busybox's ps, top and free read it, checked against what the
 * process knows of itself (getpid, getppid, its argv). */
#include "abi.h"
#include <fcntl.h>
#include <unistd.h>

/* The whole file (at most len - 1 bytes, NUL-terminated): its length, or -1. */
static long slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t got = 0;
	ssize_t n;
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	return (long)got;
}

int main(int argc, char **argv)
{
	static char buf[8192];
	CHECK("read /proc/self/stat", slurp("/proc/self/stat", buf, sizeof buf) > 0);
	int pid = 0, ppid = 0, pgrp = 0;
	char comm[64] = "", state = '?';
	int fields = sscanf(buf, "%d (%63[^)]) %c %d %d", &pid, comm, &state, &ppid, &pgrp);
	printf("stat: %d fields parsed, state %c\n", fields, state);
	const char *base = strrchr(argv[0], '/');
	CHECK("stat's comm is the program's name", !strcmp(comm, base ? base + 1 : argv[0]));
	CHECK("stat's pid is getpid()", pid == getpid());
	CHECK("stat's ppid is getppid()", ppid == getppid());
	int count = 1;
	for (const char *c = strrchr(buf, ')'); c && *c; c++)
		count += *c == ' ';
	printf("stat: %d fields in all\n", count);

	long n = slurp("/proc/self/cmdline", buf, sizeof buf);
	size_t want = 0;
	int same = 1;
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]) + 1;
		same &= want + l <= (size_t)n && !memcmp(buf + want, argv[i], l);
		want += l;
	}
	printf("cmdline: %ld bytes past argv[0], argv's %zu\n", n - (long)strlen(argv[0]), want - strlen(argv[0]));
	CHECK("cmdline is argv, each ending in NUL", same && (size_t)n == want);

	slurp("/proc/self/status", buf, sizeof buf);
	char line[64];
	snprintf(line, sizeof line, "\nPid:\t%d\n", getpid());
	CHECK("status has Pid: getpid()", strstr(buf, line) != NULL);
	snprintf(line, sizeof line, "\nPPid:\t%d\n", getppid());
	CHECK("status has PPid: getppid()", strstr(buf, line) != NULL);
	snprintf(line, sizeof line, "Name:\t%s\n", comm);
	CHECK("status starts with Name: stat's comm", !strncmp(buf, line, strlen(line)));

	slurp("/proc/meminfo", buf, sizeof buf);
	unsigned long total = 0, free_kb = 0;
	CHECK("meminfo starts MemTotal: N kB", sscanf(buf, "MemTotal: %lu kB", &total) == 1 && total > 0);
	const char *f = strstr(buf, "\nMemFree:");
	CHECK("meminfo has MemFree below MemTotal", f && sscanf(f, "\nMemFree: %lu kB", &free_kb) == 1 && free_kb <= total);
	CHECK("meminfo's lines are Linux's width (16 + 8)", !strncmp(buf + 16 + 8, " kB\n", 4));
	CHECK("meminfo has SwapTotal", strstr(buf, "\nSwapTotal:") != NULL);

	slurp("/proc/uptime", buf, sizeof buf);
	unsigned long up, upc, idle, idlec;
	char end;
	CHECK("uptime is 'N.NN N.NN'", sscanf(buf, "%lu.%2lu %lu.%2lu%c", &up, &upc, &idle, &idlec, &end) == 5 && end == '\n');

	slurp("/proc/mounts", buf, sizeof buf);
	CHECK("mounts has / and proc on /proc", strstr(buf, " / ") && strstr(buf, " /proc proc "));

	slurp("/proc/self/maps", buf, sizeof buf);
	unsigned lo, hi;
	char perms[5];
	CHECK("maps' first line is lo-hi perms", sscanf(buf, "%x-%x %4s", &lo, &hi, perms) == 3 && lo < hi);
	CHECK("maps has the [stack]", strstr(buf, "[stack]\n") != NULL);

	EXPECT_FAIL("open /proc/no-such", open("/proc/no-such", O_RDONLY));
	EXPECT_FAIL("open /proc/999999/stat", open("/proc/999999/stat", O_RDONLY));
	EXPECT_FAIL("open /proc/self/stat/x", open("/proc/self/stat/x", O_RDONLY));
	return 0;
}
