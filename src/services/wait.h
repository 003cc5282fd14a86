/* wait's body, for the native wait gate and Linux's wait4 and waitpid (src/linux). */
#ifndef SERVICES_WAIT_H
#define SERVICES_WAIT_H

#include <pfgate/user_ptr.h>

/*
 * Wait for child pid (-1 any, 0 or -pgid one of a group) with options
 * WNOHANG, WUNTRACED and WCONTINUED (checked by the caller). An ended
 * child's status goes through status_of (NULL: as the kernel keeps it). The
 * status is written before the child is reaped (or its report cleared), so a
 * bad pointer gets -EFAULT and the child can still be waited for. Returns
 * the child's pid, 0 (WNOHANG, none ready) or -ECHILD, -EINTR, -EFAULT.
 */
long wait_child(int pid, unsigned long options, int __user *ustatus, int (*status_of)(int));

#endif
