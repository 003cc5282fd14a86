/* help: mv FROM TO: rename a file (-EROFS on the read-only initrd) */
#include "ulib.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		dprintf(STDERR_FD, "usage: mv FROM TO\n");
		return 2;
	}
	long r = sys_rename(argv[1], argv[2]);
	if (is_err(r)) {
		dprintf(STDERR_FD, "mv: %s -> %s: %s\n", argv[1], argv[2], strerror(r));
		return 1;
	}
	return 0;
}
