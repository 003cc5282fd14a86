/*
 * poll, ppoll and ppoll_time64, _newselect, pselect6 and pselect6_time64 for Linux programs,
 * on the files' readiness (file_poll: pipes and the console say theirs,
 * files and directories are always ready). A caller with nothing ready
 * sleeps on poll_channel (poll_sleep), which every change of a pipe or of the console's
 * input wakes, until then, its timeout or a signal (-EINTR): it never spins.
 * ppoll's and pselect6's signal masks are checked and not applied: this
 * personality blocks no signal yet (rt_sigprocmask), so no mask can differ.
 */
#include "linux/linux_calls.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "drivers/pit.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))

/* Linux's poll bits beyond the files' own (FILE_POLL*, Linux's values already). */
#define LINUX_POLLNVAL   0x020
#define LINUX_POLLRDNORM 0x040
#define LINUX_POLLWRNORM 0x100
#define POLL_ALWAYS      (FILE_POLLERR | FILE_POLLHUP | LINUX_POLLNVAL)   /* reported unasked */
#define MSEC_PER_SEC     1000u
#define USEC_PER_MSEC    1000u
#define NSEC_PER_MSEC    1000000u
#define NSEC_PER_SEC     1000000000u
#define TIMEOUT_MAX_MS   0x7FFFFFFFu   /* a longer wait is this long (24 days) */
#define NO_TIMEOUT       (-1)
#define LINUX_SIGSET_BYTES 8

/* What f is ready for, with Linux's "normal data" twins of POLLIN and POLLOUT. */
static unsigned readiness(struct file *f)
{
	unsigned r = file_poll(f);
	if (r & FILE_POLLIN)
		r |= LINUX_POLLRDNORM;
	if (r & FILE_POLLOUT)
		r |= LINUX_POLLWRNORM;
	return r;
}

/*
 * Wait until ready() finds something (its count), timeout_ms passes (0:
 * look once; NO_TIMEOUT: no end) or a signal comes (-EINTR). *left: the
 * milliseconds of the timeout not used.
 */
static long wait_ready(long (*ready)(void *ctx), void *ctx, int64_t timeout_ms, uint32_t *left)
{
	uint64_t deadline = timeout_ms > 0 ? uptime_ms() + (uint64_t)timeout_ms : 0;
	for (;;) {
		long n = ready(ctx);
		uint64_t now = uptime_ms();
		*left = deadline && now < deadline ? (uint32_t)(deadline - now) : 0;
		if (n || !timeout_ms || (deadline && now >= deadline))
			return n;
		if (poll_sleep(deadline))
			return -EINTR;
	}
}

struct linux_pollfd { int32_t fd; int16_t events, revents; };
struct poll_call { uint32_t ufds, nfds; };

/* One look at every entry, each revents written: how many have any, or -EFAULT. */
static long poll_scan(void *ctx)
{
	const struct poll_call *c = ctx;
	long ready = 0;
	for (uint32_t i = 0; i < c->nfds; i++) {
		struct linux_pollfd __user *u = UPTR(c->ufds + i * sizeof(struct linux_pollfd));
		struct linux_pollfd pfd;
		if (copy_from_user(&pfd, u, sizeof pfd))
			return -EFAULT;
		int16_t rev = 0;
		if (pfd.fd >= 0) {
			struct file *f = fd_file(pfd.fd);
			rev = (int16_t)(f ? readiness(f) & ((uint16_t)pfd.events | POLL_ALWAYS) : LINUX_POLLNVAL);
		}
		if (copy_to_user(&u->revents, &rev, sizeof rev))
			return -EFAULT;
		ready += rev != 0;
	}
	return ready;
}

/* More entries than a process has descriptors is -EINVAL (Linux's RLIMIT_NOFILE rule: ugetrlimit says FD_MAX). */
static long poll_for(uint32_t ufds, uint32_t nfds, int64_t timeout_ms)
{
	if (nfds > FD_MAX)
		return -EINVAL;
	if (!user_range_ok(UPTR(ufds), nfds * sizeof(struct linux_pollfd)))
		return -EFAULT;
	struct poll_call c = { ufds, nfds };
	uint32_t left;
	return wait_ready(poll_scan, &c, timeout_ms, &left);
}

long linux_sys_poll(const struct linux_args *a)
{
	int32_t ms = (int32_t)a->edx;
	return poll_for(a->ebx, a->ecx, ms < 0 ? NO_TIMEOUT : ms);
}

struct linux_timespec64 { int64_t sec, nsec; };
struct linux_timespec32 { int32_t sec, nsec; };

/* A timeout (timespec64, or the old 32-bit timespec) in milliseconds, rounded up: NO_TIMEOUT for none, -EINVAL, -EFAULT. */
static int64_t timespec_ms(uint32_t uts, bool time32)
{
	if (!uts)
		return NO_TIMEOUT;
	struct linux_timespec64 ts;
	struct linux_timespec32 t32;
	if (time32 ? copy_from_user(&t32, UPTR(uts), sizeof t32) : copy_from_user(&ts, UPTR(uts), sizeof ts))
		return -EFAULT;
	if (time32)
		ts = (struct linux_timespec64){ t32.sec, t32.nsec };
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (ts.sec >= TIMEOUT_MAX_MS / MSEC_PER_SEC)
		return TIMEOUT_MAX_MS;
	uint32_t ns = (uint32_t)ts.nsec;
	return (int64_t)ts.sec * MSEC_PER_SEC + (ns + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
}

/* Linux writes back the time not slept, so a restarted call waits only the rest. */
static long put_timespec_left(uint32_t uts, uint32_t left_ms, bool time32)
{
	struct linux_timespec64 ts = { left_ms / MSEC_PER_SEC, (int64_t)(left_ms % MSEC_PER_SEC) * NSEC_PER_MSEC };
	struct linux_timespec32 t32 = { (int32_t)ts.sec, (int32_t)ts.nsec };
	if (!uts)
		return 0;
	return (time32 ? copy_to_user(UPTR(uts), &t32, sizeof t32) : copy_to_user(UPTR(uts), &ts, sizeof ts)) ? -EFAULT : 0;
}

static long sigmask_ok(uint32_t mask, uint32_t size)
{
	return mask && size != LINUX_SIGSET_BYTES ? -EINVAL : 0;
}

/* ppoll_time64 and ppoll(fds, nfds, timeout, sigmask, sigsetsize) */
static long ppoll_any(const struct linux_args *a, bool time32)
{
	int64_t ms = timespec_ms(a->edx, time32);
	long bad = ms < NO_TIMEOUT ? (long)ms : sigmask_ok(a->esi, a->edi);
	if (bad)
		return bad;
	if (a->ecx > FD_MAX)
		return -EINVAL;
	if (!user_range_ok(UPTR(a->ebx), a->ecx * sizeof(struct linux_pollfd)))
		return -EFAULT;
	struct poll_call c = { a->ebx, a->ecx };
	uint32_t left;
	long n = wait_ready(poll_scan, &c, ms, &left);
	long put = ms > 0 ? put_timespec_left(a->edx, left, time32) : 0;
	return n < 0 ? n : put ? put : n;
}

long linux_sys_ppoll_time64(const struct linux_args *a) { return ppoll_any(a, false); }
long linux_sys_ppoll(const struct linux_args *a) { return ppoll_any(a, true); }

/* select's descriptor sets: FD_MAX bits, in 32-bit words (Linux's i386 longs). */
#define SET_WORDS (FD_MAX / 32)
struct fd_sets { uint32_t in[SET_WORDS], out[SET_WORDS], ex[SET_WORDS]; };
struct select_call { uint32_t n; struct fd_sets want, got; };

static bool bit(const uint32_t *s, uint32_t fd) { return s[fd / 32] >> (fd % 32) & 1; }
static void set_bit(uint32_t *s, uint32_t fd) { s[fd / 32] |= 1u << (fd % 32); }

static long select_scan(void *ctx)
{
	struct select_call *c = ctx;
	memset(&c->got, 0, sizeof c->got);
	long count = 0;
	for (uint32_t fd = 0; fd < c->n; fd++) {
		bool in = bit(c->want.in, fd), out = bit(c->want.out, fd);
		if (!in && !out)
			continue;   /* an exceptional condition (POLLPRI) never comes here */
		unsigned r = readiness(fd_file((int)fd));
		if (in && (r & (FILE_POLLIN | FILE_POLLHUP | FILE_POLLERR))) {
			set_bit(c->got.in, fd);
			count++;
		}
		if (out && (r & (FILE_POLLOUT | FILE_POLLERR))) {
			set_bit(c->got.out, fd);
			count++;
		}
	}
	return count;
}

/* Read one user set (NULL: empty) of n bits, the bits past n cleared. */
static long get_set(uint32_t uset, uint32_t n, uint32_t *set)
{
	memset(set, 0, SET_WORDS * sizeof *set);
	if (!uset)
		return 0;
	if (copy_from_user(set, UPTR(uset), (n + 31) / 32 * sizeof *set))
		return -EFAULT;
	if (n % 32)
		set[n / 32] &= (1u << (n % 32)) - 1;
	return 0;
}

/*
 * select(n, in, out, ex, ms): sets past FD_MAX descriptors are cut to it, as
 * Linux cuts them to its table; a descriptor asked for that is not open is
 * -EBADF. The sets come back holding what is ready; the count, 0 at the timeout.
 */
static long select_for(const struct linux_args *a, int64_t ms, uint32_t *left)
{
	if ((int32_t)a->ebx < 0)
		return -EINVAL;
	struct select_call c;
	c.n = a->ebx < FD_MAX ? a->ebx : FD_MAX;
	if (get_set(a->ecx, c.n, c.want.in) || get_set(a->edx, c.n, c.want.out) || get_set(a->esi, c.n, c.want.ex))
		return -EFAULT;
	for (uint32_t fd = 0; fd < c.n; fd++)
		if ((bit(c.want.in, fd) || bit(c.want.out, fd) || bit(c.want.ex, fd)) && !fd_file((int)fd))
			return -EBADF;
	long count = wait_ready(select_scan, &c, ms, left);
	if (count < 0)
		return count;
	size_t bytes = (c.n + 31) / 32 * sizeof(uint32_t);
	if ((a->ecx && copy_to_user(UPTR(a->ecx), c.got.in, bytes)) || (a->edx && copy_to_user(UPTR(a->edx), c.got.out, bytes)) ||
	    (a->esi && copy_to_user(UPTR(a->esi), c.got.ex, bytes)))
		return -EFAULT;
	return count;
}

struct linux_timeval { int32_t sec, usec; };

long linux_sys__newselect(const struct linux_args *a)
{
	int64_t ms = NO_TIMEOUT;
	struct linux_timeval tv;
	if (a->edi) {
		if (copy_from_user(&tv, UPTR(a->edi), sizeof tv))
			return -EFAULT;
		if (tv.sec < 0 || tv.usec < 0 || tv.usec >= (int32_t)(USEC_PER_MSEC * MSEC_PER_SEC))
			return -EINVAL;
		ms = (uint32_t)tv.sec >= TIMEOUT_MAX_MS / MSEC_PER_SEC ? TIMEOUT_MAX_MS
			: (int64_t)tv.sec * MSEC_PER_SEC + ((uint32_t)tv.usec + USEC_PER_MSEC - 1) / USEC_PER_MSEC;
	}
	uint32_t left;
	long n = select_for(a, ms, &left);
	if (n >= 0 && ms > 0) {
		tv = (struct linux_timeval){ (int32_t)(left / MSEC_PER_SEC), (int32_t)(left % MSEC_PER_SEC * USEC_PER_MSEC) };
		if (copy_to_user(UPTR(a->edi), &tv, sizeof tv))
			return -EFAULT;
	}
	return n;
}

/* pselect6_time64 and pselect6(n, in, out, ex, timeout, {sigmask, size}) */
static long pselect_any(const struct linux_args *a, bool time32)
{
	int64_t ms = timespec_ms(a->edi, time32);
	if (ms < NO_TIMEOUT)
		return (long)ms;
	if (a->ebp) {
		uint32_t sig[2];
		if (copy_from_user(sig, UPTR(a->ebp), sizeof sig))
			return -EFAULT;
		long bad = sigmask_ok(sig[0], sig[1]);
		if (bad)
			return bad;
	}
	uint32_t left;
	long n = select_for(a, ms, &left);
	long put = n >= 0 && ms > 0 ? put_timespec_left(a->edi, left, time32) : 0;
	return put ? put : n;
}

long linux_sys_pselect6_time64(const struct linux_args *a) { return pselect_any(a, false); }
long linux_sys_pselect6(const struct linux_args *a) { return pselect_any(a, true); }
