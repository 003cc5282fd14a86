/*
 * The vDSO's data page (Linux's [vvar]): one frame every Linux process maps
 * read-only at LINUX_VVAR_BASE, which the kernel rewrites at every tick
 * through its own mapping (linux/vclock.c) and the vDSO's clocks read
 * (linux/vdso_clock.c) without entering the kernel.
 *
 * A reader takes seq, reads the rest, and starts again if seq was odd (a
 * write under way) or has changed since. Between two ticks a clock is the
 * tick's time plus the TSC's cycles since the tick, as nanoseconds
 * ((cycles * mult) >> shift), the cycles capped at tick_cycles: so a read
 * never passes the next tick's time, and the clocks stay monotonic across
 * ticks even when the calibration is off.
 */
#ifndef LINUX_VVAR_H
#define LINUX_VVAR_H

#include <stdint.h>

struct linux_vvar {
	volatile uint32_t seq;   /* odd while the kernel writes */
	uint32_t tsc_usable;     /* 0: no TSC (or no calibration): the vDSO asks the kernel */
	uint32_t mult, shift;    /* nanoseconds = (cycles * mult) >> shift */
	uint32_t tick_cycles;    /* the cycles of one tick: the most a read adds */
	uint32_t tsc_lo, tsc_hi; /* the TSC at the tick */
	uint32_t real_sec, real_nsec;   /* CLOCK_REALTIME at the tick */
	uint32_t mono_sec, mono_nsec;   /* CLOCK_MONOTONIC (and BOOTTIME: no suspend) at the tick */
};

#endif
