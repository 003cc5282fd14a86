/* The console as an open file (vfs/console_file.h): reads take typed input, writes go to the screen and COM1. */
#include "vfs/console_file.h"
#include "vfs/dev_file.h"
#include "mm/uaccess.h"
#include "tty/console.h"
#include "tty/input.h"
#include "tty/foreground.h"
#include "vfs/fdtable.h"
#include "tty/termios.h"
#include "proc/sched.h"
#include "arch/long_work.h"
#include "lib/params.h"
#include <pfgate/errno.h>

#define CONSOLE_IO_MAX 4096   /* longer reads are short transfers, as POSIX allows */
#define READ_STAGE 128        /* bytes staged on the kernel stack per copy */
_Static_assert(READ_STAGE < UACCESS_LONG_COPY, "a console read's copies are short: interrupts stay off");

/*
 * A buffer not wholly below the kernel is -EFAULT with nothing written (as
 * Linux's access_ok). One that runs into a bad page is a partial write: a
 * native program's writes the bytes before that page and returns their
 * count (console_write_user), -EFAULT if there are none. A Linux program's
 * follows Linux's terminal, which copies a write in chunks of
 * TTY_WRITE_CHUNK and stops at the first chunk it cannot copy whole: it
 * writes the whole chunks before the bad page. The bytes go straight into
 * COM1's queue; the call returns once all are queued (sleeping while the
 * queue is full), not once they are sent.
 */
#define TTY_WRITE_CHUNK 2048   /* Linux's default tty write chunk (tty_io.c) */

/* The bytes of buf's whole chunks that precede its first unreadable one. */
static unsigned long linux_tty_writable(const void __user *buf, unsigned long len)
{
	unsigned long ok = 0;
	while (ok < len) {
		unsigned long chunk = len - ok < TTY_WRITE_CHUNK ? len - ok : TTY_WRITE_CHUNK;
		if (user_probe_read((const char __user *)buf + ok, chunk))
			break;
		ok += chunk;
	}
	return ok;
}

static long console_file_write(struct file *f, const void __user *buf, unsigned long len)
{
	(void)f;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	unsigned long n_ok = current_proc()->linux.abi ? linux_tty_writable(buf, len) : len;
	if (len && !n_ok)
		return -EFAULT;
	long n = console_write_user(buf, n_ok);
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
static long console_file_read(struct file *f, void __user *buf, unsigned long len)
{
	if (current_proc()->linux.abi) {   /* a Linux program reads through the terminal settings */
		long bg = foreground_read_check();
		return bg ? bg : tty_read_linux(buf, len, f->flags & O_NONBLOCK);
	}
	if (len == 0)
		return 0;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len > CONSOLE_IO_MAX)
		len = CONSOLE_IO_MAX;
	for (;;) {   /* a background reader is stopped (SIGTTIN) and, continued, checks again */
		long bg = foreground_read_check();
		if (bg)
			return bg;
		if (!input_empty())
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on(input_channel(), 0))
			return -EINTR;
	}
	char __user *out = buf;
	size_t done = 0;
	while (done < len) {
		char stage[READ_STAGE];
		unsigned mark;
		size_t n = input_peek(stage, len - done < sizeof stage ? len - done : sizeof stage, &mark);
		if (!n)
			break;
		for (size_t i = 0; i < n; i++)
			if (stage[i] == '\r')
				stage[i] = '\n';   /* the serial line's Enter: native programs always get NL, as before */
		size_t rest = copy_to_user_rest(out + done, stage, n);
		input_consume(mark, n - rest);   /* what did not reach the user stays queued */
		done += n - rest;
		if (rest)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

static long console_file_fstat(struct file *f, struct pf_stat *st)
{
	(void)f;
	st->type = PF_TYPE_CONSOLE;
	st->ino = dev_console_ino();
	return 0;
}

/* Output never waits long (the queue drains by itself): always writable. Either end answers for both, as a terminal does. */
static unsigned console_file_poll(struct file *f)
{
	(void)f;
	return (input_empty() && !tty_line_pending() ? 0 : FILE_POLLIN) | FILE_POLLOUT;
}

static const struct file_ops console_ops = {
	.read = console_file_read,
	.write = console_file_write,
	.fstat = console_file_fstat,
	.poll = console_file_poll,
};

long console_fd_check(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return f->ops == &console_ops ? 0 : -ENOTTY;
}

struct file *console_file_open(uint32_t access)
{
	return file_alloc(&console_ops, access);
}
