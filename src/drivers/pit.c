#include "drivers/pit.h"
#include "drivers/pic.h"
#include "lib/params.h"
#include "arch/x86.h"

#define PIT_CH0      0x40
#define PIT_CMD      0x43
#define PIT_CH0_RATE_GEN_LOHI 0x34   /* channel 0, lo/hi byte, mode 2 */
#define PIT_CH2      0x42
#define PIT_CH2_ONESHOT_LOHI 0xB0     /* channel 2, lo/hi byte, mode 0: OUT rises at the count's end */
#define PIT_INPUT_HZ 1193182u
#define PORT_B       0x61             /* the keyboard controller's port B: channel 2's gate and OUT */
#define PORT_B_CH2_GATE    0x01
#define PORT_B_SPEAKER     0x02
#define PORT_B_CH2_OUT     0x20
#define CALIBRATION_COUNT  59659u     /* 50 ms of the PIT's input clock */
#define NSEC_PER_SEC       1000000000ull

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

uint64_t pit_time_tsc(uint32_t *ns)
{
	uint32_t a, b, c, d;
	cpuid(CPUID_LEAF_FEATURES, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_TSC))
		return 0;
	outb(PORT_B, (uint8_t)((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_CH2_GATE));   /* counting, silent */
	outb(PIT_CMD, PIT_CH2_ONESHOT_LOHI);
	outb(PIT_CH2, CALIBRATION_COUNT & 0xFF);
	outb(PIT_CH2, CALIBRATION_COUNT >> 8);   /* mode 0 counts from this write */
	uint64_t start = rdtsc();
	while (!(inb(PORT_B) & PORT_B_CH2_OUT))
		;
	uint64_t end = rdtsc();
	*ns = (uint32_t)(CALIBRATION_COUNT * NSEC_PER_SEC / PIT_INPUT_HZ);
	return end - start;
}
