/*
 * Linux's time calls: clock_gettime(64), clock_getres(_time64), time,
 * gettimeofday, setitimer and getitimer. The kernel's clock is the PIT's
 * tick (MS_PER_TICK) and the CMOS clock read at boot (drivers/rtc.h), so the
 * resolution every clock reports is the tick. ITIMER_REAL is alarm()'s timer
 * (proc/signal.h); the CPU-time timers (ITIMER_VIRTUAL, ITIMER_PROF) are
 * -EINVAL: the kernel keeps no user/system split to drive them.
 */
#include "linux/linux_calls.h"
#include "linux/linux_time.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "drivers/pit.h"
#include "drivers/rtc.h"
#include "lib/params.h"
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))
#define LINUX_ITIMER_REAL 0
#define USEC_PER_SEC 1000000

long linux_clock_now(uint32_t clock, uint32_t *sec, uint32_t *ms)
{
	uint32_t now = (uint32_t)uptime_ms();   /* 49 days before it wraps; the kernel has no 64-bit division */
	switch (clock) {
	case LINUX_CLOCK_REALTIME:
	case LINUX_CLOCK_REALTIME_COARSE:
		*sec = rtc_unix_time_ms(ms);   /* the milliseconds since the CMOS clock's second, as the vDSO's (vclock.c) */
		return 0;
	case LINUX_CLOCK_MONOTONIC:
	case LINUX_CLOCK_MONOTONIC_RAW:
	case LINUX_CLOCK_MONOTONIC_COARSE:
	case LINUX_CLOCK_BOOTTIME:   /* the machine never suspends */
		*sec = now / MSEC_PER_SEC;
		break;
	case LINUX_CLOCK_PROCESS_CPUTIME_ID:
	case LINUX_CLOCK_THREAD_CPUTIME_ID:   /* one thread per process */
		now = current_proc()->cpu_ticks * MS_PER_TICK;
		*sec = now / MSEC_PER_SEC;
		break;
	default:
		return -EINVAL;
	}
	*ms = now % MSEC_PER_SEC;
	return 0;
}

long linux_sys_clock_gettime64(const struct linux_args *a)
{
	uint32_t sec, ms;
	long r = linux_clock_now(a->ebx, &sec, &ms);
	struct linux_timespec64 ts = { sec, (int64_t)ms * NSEC_PER_MSEC };
	return r ? r : copy_to_user(UPTR(a->ecx), &ts, sizeof ts) ? -EFAULT : 0;
}

long linux_sys_clock_gettime(const struct linux_args *a)
{
	uint32_t sec, ms;
	long r = linux_clock_now(a->ebx, &sec, &ms);
	struct linux_timespec32 ts = { (int32_t)sec, (int32_t)(ms * NSEC_PER_MSEC) };
	return r ? r : copy_to_user(UPTR(a->ecx), &ts, sizeof ts) ? -EFAULT : 0;
}

/* clock_getres(clock, res): the tick, for every clock; res may be NULL (Linux then only checks the clock). */
long linux_sys_clock_getres_time64(const struct linux_args *a)
{
	uint32_t sec, ms;
	long r = linux_clock_now(a->ebx, &sec, &ms);
	struct linux_timespec64 res = { 0, MS_PER_TICK * NSEC_PER_MSEC };
	return r ? r : a->ecx && copy_to_user(UPTR(a->ecx), &res, sizeof res) ? -EFAULT : 0;
}

long linux_sys_clock_getres(const struct linux_args *a)
{
	uint32_t sec, ms;
	long r = linux_clock_now(a->ebx, &sec, &ms);
	struct linux_timespec32 res = { 0, MS_PER_TICK * NSEC_PER_MSEC };
	return r ? r : a->ecx && copy_to_user(UPTR(a->ecx), &res, sizeof res) ? -EFAULT : 0;
}

/* time(t): the seconds since 1970, also into *t unless t is NULL. */
long linux_sys_time(const struct linux_args *a)
{
	int32_t now = (int32_t)rtc_unix_time();
	return a->ebx && copy_to_user(UPTR(a->ebx), &now, sizeof now) ? -EFAULT : now;
}

/* gettimeofday(tv, tz): either may be NULL; the zone is UTC, no daylight saving (struct timezone's two ints). */
long linux_sys_gettimeofday(const struct linux_args *a)
{
	uint32_t sec, ms;
	linux_clock_now(LINUX_CLOCK_REALTIME, &sec, &ms);
	struct linux_timeval32 tv = { (int32_t)sec, (int32_t)(ms * USEC_PER_MSEC) };
	static const int32_t utc[2] = { 0, 0 };
	if (a->ebx && copy_to_user(UPTR(a->ebx), &tv, sizeof tv))
		return -EFAULT;
	return a->ecx && copy_to_user(UPTR(a->ecx), utc, sizeof utc) ? -EFAULT : 0;
}

struct linux_itimerval32 { struct linux_timeval32 interval, value; };

/* A timeval as milliseconds, rounded up to the next one (Linux rounds up to its tick); -1 if Linux refuses it. */
static int64_t timeval_ms(struct linux_timeval32 tv)
{
	if (tv.sec < 0 || tv.usec < 0 || tv.usec >= USEC_PER_SEC)
		return -1;
	uint64_t ms = (uint64_t)(uint32_t)tv.sec * MSEC_PER_SEC + ((uint32_t)tv.usec + USEC_PER_MSEC - 1) / USEC_PER_MSEC;
	return ms > SIGNAL_TIMER_MAX_MS ? SIGNAL_TIMER_MAX_MS : (int64_t)ms;
}

static struct linux_timeval32 ms_timeval(uint32_t ms)
{
	return (struct linux_timeval32){ (int32_t)(ms / MSEC_PER_SEC), (int32_t)(ms % MSEC_PER_SEC * USEC_PER_MSEC) };
}

/* Set (when new_ms is not NULL) and read ITIMER_REAL: 0, or -EINVAL for another timer. */
static long itimer(uint32_t which, const int64_t *new_ms, struct linux_itimerval32 *old)
{
	if (which != LINUX_ITIMER_REAL)
		return -EINVAL;
	struct proc *p = current_proc();
	uint32_t value, interval;
	if (new_ms) {
		signal_itimer(p, uptime_ms(), (uint32_t)new_ms[1], (uint32_t)new_ms[0], &value, &interval);
	} else {   /* reading: set it back as it is */
		signal_itimer(p, uptime_ms(), 0, 0, &value, &interval);
		uint32_t unused_value, unused_interval;
		signal_itimer(p, uptime_ms(), value, interval, &unused_value, &unused_interval);
	}
	*old = (struct linux_itimerval32){ ms_timeval(interval), ms_timeval(value) };
	return 0;
}

/* setitimer(which, new, old): new NULL disarms, as Linux (with a warning) does; old may be NULL. */
long linux_sys_setitimer(const struct linux_args *a)
{
	struct linux_itimerval32 want = { { 0, 0 }, { 0, 0 } }, old;
	if (a->ecx && copy_from_user(&want, UPTR(a->ecx), sizeof want))
		return -EFAULT;
	int64_t ms[2] = { timeval_ms(want.interval), timeval_ms(want.value) };
	if (ms[0] < 0 || ms[1] < 0)
		return -EINVAL;
	long r = itimer(a->ebx, ms, &old);
	return r ? r : a->edx && copy_to_user(UPTR(a->edx), &old, sizeof old) ? -EFAULT : 0;
}

long linux_sys_getitimer(const struct linux_args *a)
{
	struct linux_itimerval32 now;
	long r = itimer(a->ebx, NULL, &now);
	return r ? r : copy_to_user(UPTR(a->ecx), &now, sizeof now) ? -EFAULT : 0;
}
