/* help: cp FROM TO: copy a file (-EROFS on the read-only initrd) */
#include "ulib.h"

#define FILE_MODE 0644   /* rw-r--r-- */

int main(int argc, char **argv)
{
	if (argc != 3) {
		dprintf(STDERR_FD, "usage: cp FROM TO\n");
		return 2;
	}
	long in = sys_open(argv[1], O_RDONLY, 0);
	if (is_err(in)) {
		dprintf(STDERR_FD, "cp: %s: %s\n", argv[1], strerror(in));
		return 1;
	}
	long out = sys_open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, FILE_MODE);
	if (is_err(out)) {
		dprintf(STDERR_FD, "cp: %s: %s\n", argv[2], strerror(out));
		return 1;
	}
	static char buf[4096];
	long n;
	while ((n = sys_read((int)in, buf, sizeof buf)) > 0) {
		long w = write_all((int)out, buf, (size_t)n);
		if (is_err(w)) {
			dprintf(STDERR_FD, "cp: %s: %s\n", argv[2], strerror(w));
			return 1;
		}
	}
	if (is_err(n)) {
		dprintf(STDERR_FD, "cp: %s: %s\n", argv[1], strerror(n));
		return 1;
	}
	long r = sys_close((int)out);
	if (is_err(r)) {
		dprintf(STDERR_FD, "cp: %s: %s\n", argv[2], strerror(r));
		return 1;
	}
	return 0;
}
