/* help: ls [DIR]: the initrd's files, with sizes */
/* ls [DIR]: the initrd's entries, with sizes. */
#include "ulib.h"

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "";
	struct pf_dirent d;
	long r;
	unsigned long i = 0;
	while ((r = sys_readdir(dir, i++, &d)) == 1)
		printf("%8lu %s%s\n", d.size, d.name, d.type == PF_TYPE_DIR ? "/" : "");
	if (is_err(r)) {
		printf("ls: %s: %s\n", dir, strerror(r));
		return 1;
	}
	return 0;
}
