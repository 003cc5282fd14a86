/* Console services: write to fd 1/2, read from fd 0. */
#include "pfgate/gate_table.h"
#include "services/svc_file.h"
#include "mm/uaccess.h"
#include "kernel/console.h"
#include "kernel/input.h"
#include "kernel/sched.h"
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
	return console_write_user(buf, len);
}

/*
 * Blocks until at least one byte is queued. Bytes leave the queue only once
 * they have reached the user buffer: a bad pointer loses no input.
 */
long svc_read(int fd, void __user *buf, unsigned long len)
{
	if (fd != STDIN_FD)
		return fd == STDOUT_FD || fd == STDERR_FD ? -EBADF : file_read(fd, buf, len);
	if (len == 0)
		return 0;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len > CONSOLE_IO_MAX)
		len = CONSOLE_IO_MAX;
	while (input_empty())
		sleep_on(input_channel(), 0);
	size_t n = input_peek(bounce, len);
	if (copy_to_user(buf, bounce, n))
		return -EFAULT;
	input_consume(n);
	return (long)n;
}
