/* help: rm FILE...: remove files (-EROFS on the read-only initrd) */
#include "ulib.h"

/* The gate's own calling convention (regparm) is not a plain function pointer's. */
static long op(const char *path)
{
	return sys_unlink(path);
}

int main(int argc, char **argv)
{
	return each_path("rm", argc, argv, op);
}
