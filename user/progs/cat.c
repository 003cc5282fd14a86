/* help: cat [FILE...]: copy files (or the standard input) to the standard output */
#include "ulib.h"

/* Copy fd to the standard output: 0, or 1 after saying what failed. */
static int copy(int fd, const char *name)
{
	char buf[512];
	long n;
	while ((n = sys_read(fd, buf, sizeof buf)) > 0) {
		long w = write_all(STDOUT_FD, buf, (size_t)n);
		if (is_err(w)) {
			dprintf(STDERR_FD, "cat: write: %s\n", strerror(w));
			return 1;
		}
	}
	if (is_err(n)) {
		dprintf(STDERR_FD, "cat: %s: %s\n", name, strerror(n));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return copy(STDIN_FD, "standard input");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		long fd = sys_open(argv[i], O_RDONLY, 0);
		if (is_err(fd)) {
			dprintf(STDERR_FD, "cat: %s: %s\n", argv[i], strerror(fd));
			status = 1;
			continue;
		}
		status |= copy((int)fd, argv[i]);
		sys_close((int)fd);
	}
	return status;
}
