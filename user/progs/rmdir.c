/* help: rmdir DIR...: remove empty directories (-EROFS on the read-only initrd) */
#include "ulib.h"

/* The gate's own calling convention (regparm) is not a plain function pointer's. */
static long op(const char *path)
{
	return sys_rmdir(path);
}

int main(int argc, char **argv)
{
	return each_path("rmdir", argc, argv, op);
}
