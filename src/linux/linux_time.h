/*
 * Linux's clocks and time structures (i386), shared by the time calls
 * (linux_time.c) and the sleeps (linux_proc.c).
 */
#ifndef LINUX_LINUX_TIME_H
#define LINUX_LINUX_TIME_H

#include <stdint.h>

#define LINUX_CLOCK_REALTIME           0
#define LINUX_CLOCK_MONOTONIC          1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID 2
#define LINUX_CLOCK_THREAD_CPUTIME_ID  3
#define LINUX_CLOCK_MONOTONIC_RAW      4
#define LINUX_CLOCK_REALTIME_COARSE    5
#define LINUX_CLOCK_MONOTONIC_COARSE   6
#define LINUX_CLOCK_BOOTTIME           7
#define LINUX_TIMER_ABSTIME            1
#define NSEC_PER_SEC   1000000000
#define NSEC_PER_MSEC  1000000u
#define USEC_PER_MSEC  1000u
#define MSEC_PER_SEC   1000u

struct linux_timespec32 { int32_t sec, nsec; };
struct linux_timespec64 { int64_t sec, nsec; };
struct linux_timeval32 { int32_t sec, usec; };

/* Clock clock's now, in seconds and milliseconds: 0, or -EINVAL for a clock Linux would not know. */
long linux_clock_now(uint32_t clock, uint32_t *sec, uint32_t *ms);

#endif
