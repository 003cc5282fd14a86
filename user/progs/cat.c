/* help: cat FILE...: copy initrd files to the console */
/* cat FILE...: copies initrd files to the console. */
#include "ulib.h"

int main(int argc, char **argv)
{
	char buf[512];
	int status = 0;
	for (int i = 1; i < argc; i++) {
		long fd = sys_open(argv[i]);
		if (is_err(fd)) {
			printf("cat: %s: %s\n", argv[i], strerror(fd));
			status = 1;
			continue;
		}
		long n;
		while ((n = sys_read((int)fd, buf, sizeof buf)) > 0)
			write_all(STDOUT_FD, buf, (size_t)n);
		sys_close((int)fd);
	}
	return status;
}
