/* Console services: write to fd 1/2, read from fd 0. */
#include "pfgate/gate_table.h"
#include "services/svc_file.h"
#include "mm/uaccess.h"
#include "tty/console.h"
#include "tty/input.h"
#include "proc/sched.h"
#include "arch/long_work.h"
#include "lib/params.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define CONSOLE_IO_MAX 4096   /* longer reads are short transfers, as POSIX allows */
#define READ_STAGE 128        /* bytes staged on the kernel stack per copy */
_Static_assert(READ_STAGE < UACCESS_LONG_COPY, "a console read's copies are short: interrupts stay off");

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
	long_work_point();   /* the copy ran with interrupts on: a tick may have ended the slice */
	return n;
}

/*
 * Blocks until at least one byte is queued. Bytes leave the queue only once
 * they have reached the user buffer: a bad pointer loses no input. The queue
 * holds at most a few KiB, so a read is short work: it copies through a
 * small stage on the stack with interrupts off (each copy under
 * UACCESS_LONG_COPY), and nothing can change the queue between a peek and
 * its consume. A fault after some bytes were delivered returns those.
 */
long svc_read(int fd, void __user *buf, unsigned long len)
{
	if (fd != STDIN_FD) {
		if (fd == STDOUT_FD || fd == STDERR_FD)
			return -EBADF;
		long n = file_read(fd, buf, len);
		long_work_point();   /* a long copy runs with interrupts on (mm/uaccess.c) */
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
	char __user *out = buf;
	size_t done = 0;
	while (done < len) {
		char stage[READ_STAGE];
		unsigned mark;
		size_t n = input_peek(stage, len - done < sizeof stage ? len - done : sizeof stage, &mark);
		if (!n)
			break;
		if (copy_to_user(out + done, stage, n))
			return done ? (long)done : -EFAULT;
		input_consume(mark, n);
		done += n;
	}
	return (long)done;
}
