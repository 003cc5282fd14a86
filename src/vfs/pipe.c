/* Pipes (vfs/pipe.h). */
#include "vfs/pipe.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "arch/long_work.h"
#include "lib/params.h"
#include "lib/string.h"
#include <pfgate/errno.h>

_Static_assert(PIPE_BUF == PAGE_SIZE, "a pipe's buffer is one frame");

struct pipe {
	bool used;
	char *buf;               /* PIPE_BUF bytes, a frame through the direct map */
	uint32_t written, read;  /* bytes ever written and read: written - read are in buf */
	uint32_t readers, writers;   /* open-file objects of each end (each may be shared by many descriptors) */
	bool reader_waits, writer_waits;   /* someone may sleep on that side's channel (see side_sleep) */
};

static struct pipe pipes[NPIPE];
static unsigned in_use;

/* Sleep channels: readers wait on `written`, writers on `read`. */
static const void *readers_chan(struct pipe *p) { return &p->written; }
static const void *writers_chan(struct pipe *p) { return &p->read; }

/*
 * A side's sleeper sets its flag before it sleeps; the other side wakes the
 * channel only when the flag is set, and clears it (wakeup wakes every
 * sleeper there; each that sleeps again sets it again). So a ping-pong's
 * read wakes no writer that is not there. A sleeper that does not come
 * back (killed, or a signal) leaves the flag set: one wakeup too many,
 * never one too few.
 */
static int side_sleep(bool *waits, const void *chan)
{
	*waits = true;
	return sleep_on_chan(chan);
}

/* Wake one side's sleepers, and poll's (its readiness changed). */
static void wake_side(bool *waits, const void *chan)
{
	if (*waits) {
		*waits = false;
		wakeup(chan);
	}
	wakeup_pollers();
}

/*
 * Copy n bytes at stream position pos between the ring and the user: one
 * piece, or two when the bytes wrap round the buffer's end (inline: to_user
 * is a constant at each call, and a pipe's small transfers pay no loop).
 * 0 or -EFAULT.
 */
static inline __attribute__((always_inline)) int ring_copy(struct pipe *p, uint32_t pos, void __user *ubuf,
							  uint32_t n, bool to_user)
{
	char __user *u = ubuf;
	uint32_t at = pos % PIPE_BUF;
	uint32_t first = PIPE_BUF - at < n ? PIPE_BUF - at : n;
	/* Both sides have checked their whole buffer with user_range_ok (a read before it may sleep). */
	int r = to_user ? copy_to_user_checked(u, p->buf + at, first) : copy_from_user_checked(p->buf + at, u, first);
	if (__builtin_expect(first == n, 1) || r)
		return r;
	return to_user ? copy_to_user_checked(u + first, p->buf, n - first)
		       : copy_from_user_checked(p->buf, u + first, n - first);
}

/*
 * long_work_point (arch/long_work.h) after a pipe's copy of n bytes. The
 * kernel runs with interrupts off but for long work: only a copy of
 * UACCESS_LONG_COPY bytes or more (mm/uaccess.c) let a tick (the slice used
 * up) or a kill in, so a shorter one has nothing to look at (a ping-pong
 * copies four single bytes a round trip). A sleep before the copy has
 * already passed sched()'s kill check, and a switch starts a new slice.
 */
static inline void pipe_work_point(uint32_t n)
{
	if (__builtin_expect(n >= UACCESS_LONG_COPY, 0))
		long_work_point();
}

static long pipe_read(struct file *f, void __user *buf, unsigned long len)
{
	struct pipe *p = f->obj;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len == 0)
		return 0;
	while (p->written == p->read) {
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (side_sleep(&p->reader_waits, readers_chan(p)))
			return -EINTR;
	}
	uint32_t avail = p->written - p->read;
	uint32_t n = avail < len ? avail : (uint32_t)len;
	if (ring_copy(p, p->read, buf, n, true))
		return -EFAULT;   /* nothing consumed (all or nothing, as Linux's pipe read) */
	p->read += n;
	wake_side(&p->writer_waits, writers_chan(p));
	pipe_work_point(n);   /* a long copy runs with interrupts on */
	return (long)n;
}

/*
 * A write that does not fit at once (a full ring, more than PIPE_BUF bytes)
 * or finds no reader: piece by piece, sleeping for space.
 */
static long __attribute__((noinline)) pipe_write_slow(struct file *f, struct pipe *p, const void __user *buf,
						      unsigned long len)
{
	bool atomic = len <= PIPE_BUF;
	unsigned long done = 0;
	while (done < len) {
		if (!p->readers) {
			/* SIGPIPE: its default action ends the writer here, before the write returns (a point holds nothing). */
			struct proc *self = current_proc();
			signal_post(self, SIGPIPE, self->pid, 0);
			long_work_point();
			return done ? (long)done : -EPIPE;   /* ignored or handled (the handler at the next tick) */
		}
		uint32_t space = PIPE_BUF - (p->written - p->read);
		unsigned long want = len - done;
		if (space == 0 || (atomic && space < want)) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			if (side_sleep(&p->writer_waits, writers_chan(p)))
				return done ? (long)done : -EINTR;
			continue;
		}
		uint32_t n = space < want ? space : (uint32_t)want;
		if (ring_copy(p, p->written, (void __user *)((const char __user *)buf + done), n, false))
			return done ? (long)done : -EFAULT;
		p->written += n;
		done += n;
		wake_side(&p->reader_waits, readers_chan(p));
		long_work_point();   /* between pieces: a kill ends the writer here, what was written stays */
	}
	return (long)done;
}

static long pipe_write(struct file *f, const void __user *buf, unsigned long len)
{
	struct pipe *p = f->obj;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	/*
	 * The common case: a reader, and room for the whole write (so it is
	 * atomic). A refused copy (a page not there) leaves the pipe as it was.
	 */
	if (__builtin_expect(len - 1 < PIPE_BUF - (p->written - p->read) && p->readers, 1)) {
		if (ring_copy(p, p->written, (void __user *)buf, (uint32_t)len, false))
			return -EFAULT;
		p->written += (uint32_t)len;
		wake_side(&p->reader_waits, readers_chan(p));
		pipe_work_point((uint32_t)len);
		return (long)len;
	}
	return pipe_write_slow(f, p, buf, len);
}

static long pipe_fstat(struct file *f, struct pf_stat *st)
{
	struct pipe *p = f->obj;
	st->type = PF_TYPE_PIPE;
	st->size = p->written - p->read;
	return 0;
}

static unsigned pipe_poll_read(struct file *f)
{
	struct pipe *p = f->obj;
	return (p->written != p->read ? FILE_POLLIN : 0) | (p->writers ? 0 : FILE_POLLHUP);
}

static unsigned pipe_poll_write(struct file *f)
{
	struct pipe *p = f->obj;
	return (p->written - p->read < PIPE_BUF ? FILE_POLLOUT : 0) | (p->readers ? 0 : FILE_POLLERR);
}

static void pipe_release(struct pipe *p)
{
	if (p->readers || p->writers)
		return;
	frame_free(V2P(p->buf));
	p->used = false;
	in_use--;
}

static void pipe_close_read(struct file *f)
{
	struct pipe *p = f->obj;
	p->readers--;
	wake_side(&p->writer_waits, writers_chan(p));   /* they fail with -EPIPE now */
	pipe_release(p);
}

static void pipe_close_write(struct file *f)
{
	struct pipe *p = f->obj;
	p->writers--;
	wake_side(&p->reader_waits, readers_chan(p));   /* they see the end of the stream */
	pipe_release(p);
}

static const struct file_ops pipe_read_ops = {
	.read = pipe_read,
	.fstat = pipe_fstat,
	.close = pipe_close_read,
	.poll = pipe_poll_read,
};

static const struct file_ops pipe_write_ops = {
	.write = pipe_write,
	.fstat = pipe_fstat,
	.close = pipe_close_write,
	.poll = pipe_poll_write,
};

long pipe_create(struct file **rd, struct file **wr)
{
	struct pipe *p = pipes;
	while (p < &pipes[NPIPE] && p->used)
		p++;
	if (p == &pipes[NPIPE])
		return -ENFILE;
	struct file *r = file_alloc(&pipe_read_ops, O_RDONLY);
	struct file *w = r ? file_alloc(&pipe_write_ops, O_WRONLY) : NULL;
	uint32_t frame = w ? frame_alloc_raw() : 0;
	if (!frame) {
		long err = w ? -ENOMEM : -ENFILE;
		/* Their ops would close a pipe that does not exist yet: free them as plain objects. */
		static const struct file_ops unborn = { 0 };
		if (r)
			r->ops = &unborn;
		if (w)
			w->ops = &unborn;
		if (r)
			file_put(r);
		if (w)
			file_put(w);
		return err;
	}
	memset(p, 0, sizeof *p);
	p->used = true;
	p->buf = P2V(frame);
	p->readers = p->writers = 1;
	r->obj = w->obj = p;
	in_use++;
	*rd = r;
	*wr = w;
	return 0;
}

unsigned pipe_count(void)
{
	return in_use;
}
