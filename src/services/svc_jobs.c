/* Job control services: process groups, sessions, the console's foreground group, alarm. */
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "proc/pgrp.h"
#include "tty/foreground.h"
#include "vfs/fdtable.h"
#include "vfs/console_file.h"
#include "drivers/pit.h"
#include <pfgate/errno.h>

long svc_setpgid(int pid, int pgid)
{
	return proc_setpgid(pid, pgid);
}

long svc_getpgid(int pid)
{
	return proc_getpgid(pid);
}

long svc_setsid(void)
{
	return proc_setsid();
}

long svc_tcsetpgrp(int fd, int pgid)
{
	long r = console_fd_check(fd);
	return r ? r : foreground_set_group(pgid);
}

long svc_tcgetpgrp(int fd)
{
	long r = console_fd_check(fd);
	return r ? r : foreground_group();
}

long svc_alarm(unsigned long seconds)
{
	return (long)signal_alarm(current_proc(), uptime_ms(), seconds);
}
