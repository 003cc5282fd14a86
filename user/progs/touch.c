/* help: touch FILE...: create files that do not exist (-EROFS on the read-only initrd) */
#include "ulib.h"

#define FILE_MODE 0644   /* rw-r--r-- */

/* Opening for writing with O_CREAT makes a missing file and leaves an existing one as it is. */
static long touch(const char *path)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT, FILE_MODE);
	return is_err(fd) ? fd : sys_close((int)fd);
}

int main(int argc, char **argv)
{
	return each_path("touch", argc, argv, touch);
}
