/* Console services: write to fd 1/2, read from fd 0. */
#include "pfgate/gate_table.h"
#include "services/svc_file.h"
#include "mm/uaccess.h"
#include "tty/console.h"
#include "tty/input.h"
#include "proc/sched.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define CONSOLE_IO_MAX 4096   /* longer reads are short transfers, as POSIX allows */

/*
 * read's bounce buffer: one CPU and a kernel that does not sleep between the
 * copy and its use, so it is never shared by two calls.
 */
static char bounce[CONSOLE_IO_MAX];

/*
 * Every page of the buffer is checked readable before any byte is queued, so
 * a bad pointer anywhere in it yields -EFAULT with nothing written. The bytes
 * go straight into COM1's queue; the call returns once all are queued
 * (sleeping while the queue is full), not once they are sent. No process can
 * unmap this one's pages while it sleeps, so the copies that follow the check
 * do not fault.
 */
long svc_write(int fd, const void __user *buf, unsigned long len)
{
	if (fd != STDOUT_FD && fd != STDERR_FD)
		return -EBADF;
	if (!user_range_ok(buf, len) || user_probe_read(buf, len))
		return -EFAULT;
	long n = console_write_user(buf, len);
	sched_preempt_point();   /* the copy ran with interrupts on: a tick may have ended the slice */
	return n;
}

/*
 * Blocks until at least one byte is queued. Bytes leave the queue only once
 * they have reached the user buffer: a bad pointer loses no input.
 */
long svc_read(int fd, void __user *buf, unsigned long len)
{
	if (fd != STDIN_FD) {
		if (fd == STDOUT_FD || fd == STDERR_FD)
			return -EBADF;
		long n = file_read(fd, buf, len);
		sched_preempt_point();   /* a long copy runs with interrupts on (mm/uaccess.c) */
		return n;
	}
	if (len == 0)
		return 0;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len > CONSOLE_IO_MAX)
		len = CONSOLE_IO_MAX;
	while (input_empty())
		sleep_on(input_channel(), 0);
	unsigned mark;
	size_t n = input_peek(bounce, len, &mark);
	if (copy_to_user(buf, bounce, n))
		return -EFAULT;
	input_consume(mark, n);
	if (n >= UACCESS_LONG_COPY)
		sched_preempt_point();   /* bounce is used up: the long copy may have let a tick end the slice */
	return (long)n;
}
