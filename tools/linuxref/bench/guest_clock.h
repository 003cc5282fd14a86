/*
 * The guest's own clocks for the bench programs (sysbench.c, realbench.c):
 * each figure is what the program itself measured, on pfgate as on Linux.
 */
#ifndef BENCH_GUEST_CLOCK_H
#define BENCH_GUEST_CLOCK_H

#include <time.h>

static inline long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline unsigned long long tsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

#endif
