/* exec's second half, for the native exec gate and Linux's execve (src/linux): the user's argv and envp, then the load. */
#ifndef SERVICES_EXEC_H
#define SERVICES_EXEC_H

#include <pfgate/user_ptr.h>

/*
 * Replace the current image by program path (a kernel string) with the user's
 * argv (NULL: just the path) and envp (NULL: none), NULL-terminated arrays of
 * user strings: 0 (the frame is the new program's), or -EFAULT, -E2BIG
 * (MAX_ARG_STRLEN, ARG_MAX_BYTES) and proc_exec's errors, the old image untouched.
 */
long exec_user_args(const char *path, const char __user *const __user *uargv, const char __user *const __user *uenvp);

#endif
