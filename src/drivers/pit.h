/* The 8253/8254 PIT channel 0 at TIMER_HZ: the tick and the uptime. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include <stdint.h>

void pit_init(void);
/* Called from IRQ0. */
void pit_tick(void);
uint64_t uptime_ms(void);
/*
 * The TSC's cycles over a span the PIT's channel 2 times (about 50 ms, its
 * length in nanoseconds into *ns), polled with interrupts as they are: boot
 * only, before anything else uses channel 2 (the PC speaker's). 0: no TSC.
 */
uint64_t pit_time_tsc(uint32_t *ns);

#endif
