/* The loop of the small file programs (rm, mkdir, rmdir, touch): one call per path argument. */
#include "ulib.h"

int each_path(const char *prog, int argc, char **argv, long (*op)(const char *path))
{
	if (argc < 2) {
		dprintf(STDERR_FD, "usage: %s PATH...\n", prog);
		return 2;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		long r = op(argv[i]);
		if (is_err(r)) {
			dprintf(STDERR_FD, "%s: %s: %s\n", prog, argv[i], strerror(r));
			status = 1;
		}
	}
	return status;
}
