/*
 * Deliberately wrong (make check): sparse must warn on each marked line, or
 * the user-pointer check is not checking. Never compiled into the kernel.
 */
#include "mm/uaccess.h"
#include "lib/string.h"

long wrong_deref(const char __user *upath);
long wrong_deref(const char __user *upath)
{
	return upath[0];                          /* WRONG: dereferences a user pointer */
}

long wrong_pass(const char __user *upath);
long wrong_pass(const char __user *upath)
{
	return (long)strlen(upath);               /* WRONG: a user pointer where a kernel one is wanted */
}

int wrong_direction(void __user *ubuf);
int wrong_direction(void __user *ubuf)
{
	char k[4];
	return copy_from_user(ubuf, k, sizeof k); /* WRONG: source and destination swapped */
}
