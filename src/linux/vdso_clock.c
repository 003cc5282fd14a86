/*
 * The vDSO's clocks (user mode, linked into build/gen/vdso.so with
 * vdso.asm; not part of the kernel): clock_gettime, clock_gettime64,
 * gettimeofday and time, served from the data page the kernel keeps current
 * (vvar.h) without entering the kernel. A clock the page does not keep, or
 * any fine clock when the TSC is unusable, goes to the kernel through
 * __kernel_vsyscall, as the call would have without the vDSO.
 * Exported with version LINUX_2.6 (vdso.ld.S), the name glibc and musl ask.
 */
#include "linux/vvar.h"
#include "linux/linux_time.h"
#include <pfgate/layout.h>
#include <stdbool.h>
#include <stdint.h>

enum {
#define LINUX_CALL(nr, name, nargs) LINUX_NR_##name = (nr),
#include <pfgate/linux_calls.def>
#undef LINUX_CALL
};

/* __kernel_vsyscall, inside the vDSO (vdso.asm): Linux's call number in EAX, the arguments in EBX, ECX. */
extern void vdso_vsyscall(void) __attribute__((visibility("hidden")));

static long kernel_call(uint32_t nr, uint32_t a0, uint32_t a1)
{
	long r;
	__asm__ volatile("call vdso_vsyscall" : "=a"(r) : "a"(nr), "b"(a0), "c"(a1) : "memory", "cc");
	return r;
}

static const struct linux_vvar *page(void) { return (const struct linux_vvar *)LINUX_VVAR_BASE; }

static uint64_t read_tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* The page's time of clock at this moment: 0, or -1 if the kernel must answer. */
static int page_time(uint32_t clock, uint32_t *sec, uint32_t *nsec)
{
	const struct linux_vvar *v = page();
	bool fine = clock == LINUX_CLOCK_REALTIME || clock == LINUX_CLOCK_MONOTONIC || clock == LINUX_CLOCK_BOOTTIME ||
		    clock == LINUX_CLOCK_MONOTONIC_RAW;
	bool coarse = clock == LINUX_CLOCK_REALTIME_COARSE || clock == LINUX_CLOCK_MONOTONIC_COARSE;
	bool real = clock == LINUX_CLOCK_REALTIME || clock == LINUX_CLOCK_REALTIME_COARSE;
	if (!coarse && !(fine && v->tsc_usable))
		return -1;
	uint32_t seq, s, ns, add;
	do {
		seq = v->seq;
		__asm__ volatile("" ::: "memory");
		s = real ? v->real_sec : v->mono_sec;
		ns = real ? v->real_nsec : v->mono_nsec;
		add = 0;
		if (fine) {
			int64_t cycles = (int64_t)(read_tsc() - (((uint64_t)v->tsc_hi << 32) | v->tsc_lo));
			uint32_t capped = cycles < 0 ? 0 : cycles > v->tick_cycles ? v->tick_cycles : (uint32_t)cycles;
			add = (uint32_t)(((uint64_t)capped * v->mult) >> v->shift);
		}
		__asm__ volatile("" ::: "memory");
	} while ((seq & 1) || seq != v->seq);
	ns += add;
	while (ns >= NSEC_PER_SEC) {
		ns -= NSEC_PER_SEC;
		s++;
	}
	*sec = s;
	*nsec = ns;
	return 0;
}

int __vdso_clock_gettime(uint32_t clock, struct linux_timespec32 *ts);
int __vdso_clock_gettime(uint32_t clock, struct linux_timespec32 *ts)
{
	uint32_t sec, nsec;
	if (page_time(clock, &sec, &nsec))
		return (int)kernel_call(LINUX_NR_clock_gettime, clock, (uint32_t)ts);
	ts->sec = (int32_t)sec;
	ts->nsec = (int32_t)nsec;
	return 0;
}

int __vdso_clock_gettime64(uint32_t clock, struct linux_timespec64 *ts);
int __vdso_clock_gettime64(uint32_t clock, struct linux_timespec64 *ts)
{
	uint32_t sec, nsec;
	if (page_time(clock, &sec, &nsec))
		return (int)kernel_call(LINUX_NR_clock_gettime64, clock, (uint32_t)ts);
	ts->sec = sec;
	ts->nsec = nsec;
	return 0;
}

/* The zone is UTC, no daylight saving, as the kernel's gettimeofday says (linux_time.c). */
int __vdso_gettimeofday(struct linux_timeval32 *tv, int32_t *tz);
int __vdso_gettimeofday(struct linux_timeval32 *tv, int32_t *tz)
{
	uint32_t sec, nsec;
	if (page_time(LINUX_CLOCK_REALTIME, &sec, &nsec))
		return (int)kernel_call(LINUX_NR_gettimeofday, (uint32_t)tv, (uint32_t)tz);
	if (tv) {
		tv->sec = (int32_t)sec;
		tv->usec = (int32_t)(nsec / (NSEC_PER_MSEC / USEC_PER_MSEC));
	}
	if (tz)
		tz[0] = tz[1] = 0;
	return 0;
}

/* time(t): the tick's seconds, as Linux's vDSO gives them. */
int32_t __vdso_time(int32_t *t);
int32_t __vdso_time(int32_t *t)
{
	uint32_t sec, nsec;
	page_time(LINUX_CLOCK_REALTIME_COARSE, &sec, &nsec);
	if (t)
		*t = (int32_t)sec;
	return (int32_t)sec;
}
