/* help: mkdir DIR...: make directories (-EROFS on the read-only initrd) */
#include "ulib.h"

#define DIR_MODE 0755   /* rwxr-xr-x, before any umask (there is none) */

static long make(const char *path)
{
	return sys_mkdir(path, DIR_MODE);
}

int main(int argc, char **argv)
{
	return each_path("mkdir", argc, argv, make);
}
