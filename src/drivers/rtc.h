/* The CMOS real-time clock (MC146818): the wall time, for the file system's times. */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include <stdint.h>

/*
 * Seconds since 1970-01-01 UTC (the clock is taken to keep UTC, as QEMU's
 * and Bochs' do by default): the RTC read once, at the first call, plus the
 * uptime since. 0 if the clock never settles (then times stay 0).
 */
uint32_t rtc_unix_time(void);
/* The same with its milliseconds past that second into *ms (0 with the seconds if the clock never settled). */
uint32_t rtc_unix_time_ms(uint32_t *ms);

#endif
