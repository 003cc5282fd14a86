/*
 * An ordinary C program, built with the stock i686-linux-gnu-gcc -static
 * (glibc): it runs unmodified. It prints, reads a file of the initrd by
 * stdio and by descriptor (open, read, lseek, fstat), and checks what it got;
 * the exit status is the number of checks that failed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
	printf("lxglibc: %s %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

int main(int argc, char **argv)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s has %d argument(s)", argv[0], argc - 1);
	printf("lxglibc: hello from glibc; %s; pid %d; strlen %zu\n", buf, (int)getpid(), strlen(buf));

	FILE *f = fopen("/README", "r");
	check(f != NULL, "fopen /README");
	if (f) {
		char line[128];
		check(fgets(line, sizeof line, f) && !strncmp(line, "make run", 8), "its first line is make run");
		check(fseek(f, 0, SEEK_END) == 0 && ftell(f) > 1000, "fseek to the end, ftell the size");
		fclose(f);
	}
	int fd = open("/README", O_RDONLY);
	struct stat st;
	check(fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 1000, "open and fstat: a regular file");
	check(fd >= 0 && lseek(fd, 2, SEEK_SET) == 2 && read(fd, buf, 4) == 4, "lseek and read");
	if (fd >= 0)
		close(fd);
	check(open("/no/such/file", O_RDONLY) == -1, "open of a missing file fails");
	check(stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat / is a directory");
	struct utsname u;
	check(uname(&u) == 0 && !strcmp(u.sysname, "Linux"), "uname");
	struct timespec ts;
	check(clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_nsec < 1000000000, "clock_gettime");
	check(getuid() == 0 && geteuid() == 0, "getuid, geteuid");
	return failures;
}
