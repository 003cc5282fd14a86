/* The 8253/8254 PIT channel 0 at TIMER_HZ: the tick and the uptime. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include <stdint.h>

void pit_init(void);
/* Called from IRQ0. */
void pit_tick(void);
uint64_t uptime_ms(void);

#endif
