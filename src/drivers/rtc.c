/* The CMOS clock, read once (drivers/rtc.h). */
#include "drivers/rtc.h"
#include "drivers/pit.h"
#include "arch/x86.h"
#include <stdbool.h>

#define CMOS_INDEX 0x70   /* bit 7 of the index would mask NMIs: left 0 */
#define CMOS_DATA  0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS   0x04
#define RTC_DAY     0x07
#define RTC_MONTH   0x08
#define RTC_YEAR    0x09   /* two digits: 2000 + year (no century register is standard) */
#define RTC_STATUS_A 0x0A
#define RTC_A_UPDATING 0x80   /* the registers are changing: read later */
#define RTC_STATUS_B 0x0B
#define RTC_B_24H    0x02
#define RTC_B_BINARY 0x04     /* else BCD */
#define RTC_HOUR_PM  0x80     /* in 12-hour mode */
#define RTC_SETTLE_TRIES 100000u

static uint32_t boot_time;      /* the clock's reading ... */
static uint64_t boot_uptime_ms; /* ... at this uptime */
static bool read_once;

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static uint32_t from_bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10u + (v & 0x0F);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil). */
static uint32_t days_since_1970(uint32_t y, uint32_t m, uint32_t d)
{
	y -= m <= 2;
	uint32_t era = y / 400, yoe = y - era * 400;
	uint32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static uint32_t rtc_read(void)
{
	for (uint32_t i = 0; i < RTC_SETTLE_TRIES; i++) {
		if (cmos(RTC_STATUS_A) & RTC_A_UPDATING)
			continue;
		uint8_t b = cmos(RTC_STATUS_B);
		bool bin = b & RTC_B_BINARY;
		uint8_t raw_hour = cmos(RTC_HOURS);
		uint32_t s = from_bcd(cmos(RTC_SECONDS), bin), mi = from_bcd(cmos(RTC_MINUTES), bin);
		uint32_t h = from_bcd(raw_hour & ~RTC_HOUR_PM, bin);
		uint32_t d = from_bcd(cmos(RTC_DAY), bin), mo = from_bcd(cmos(RTC_MONTH), bin);
		uint32_t y = 2000 + from_bcd(cmos(RTC_YEAR), bin);
		if (cmos(RTC_STATUS_A) & RTC_A_UPDATING)
			continue;   /* it changed while read: again */
		if (!(b & RTC_B_24H) && (raw_hour & RTC_HOUR_PM))
			h = (h % 12) + 12;
		else if (!(b & RTC_B_24H) && h == 12)
			h = 0;
		if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
			return 0;
		return days_since_1970(y, mo, d) * 86400u + h * 3600u + mi * 60u + s;
	}
	return 0;
}

uint32_t rtc_unix_time_ms(uint32_t *ms)
{
	if (!read_once) {
		boot_time = rtc_read();
		boot_uptime_ms = uptime_ms();
		read_once = true;
	}
	*ms = 0;
	if (!boot_time)
		return 0;
	uint32_t since = (uint32_t)(uptime_ms() - boot_uptime_ms);   /* 32 bits of ms: 49 days, then the seconds wrap back */
	*ms = since % 1000;
	return boot_time + since / 1000;
}

uint32_t rtc_unix_time(void)
{
	uint32_t ms;
	return rtc_unix_time_ms(&ms);
}
