#include "drivers/pit.h"
#include "drivers/pic.h"
#include "lib/params.h"
#include "arch/x86.h"

#define PIT_CH0      0x40
#define PIT_CMD      0x43
#define PIT_CH0_RATE_GEN_LOHI 0x34   /* channel 0, lo/hi byte, mode 2 */
#define PIT_INPUT_HZ 1193182u

static volatile uint64_t ticks;

void pit_init(void)
{
	uint32_t divisor = (PIT_INPUT_HZ + TIMER_HZ / 2) / TIMER_HZ;
	outb(PIT_CMD, PIT_CH0_RATE_GEN_LOHI);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	pic_unmask(IRQ_TIMER);
}

void pit_tick(void) { ticks++; }
uint64_t uptime_ms(void) { return ticks * MS_PER_TICK; }
