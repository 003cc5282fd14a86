/* The kernel's random bytes (drivers/random.h): not cryptographic. */
#include "drivers/random.h"
#include "drivers/rtc.h"
#include "arch/x86.h"
#include "lib/string.h"
#include <stdbool.h>
#include <stdint.h>

#define SPLITMIX_STEP 0x9E3779B97F4A7C15ull   /* SplitMix64's increment (the golden ratio's bits) */
#define SPLITMIX_MUL1 0xBF58476D1CE4E5B9ull
#define SPLITMIX_MUL2 0x94D049BB133111EBull

static uint64_t state;
static bool seeded;

static uint64_t next(void)
{
	uint64_t z = (state += SPLITMIX_STEP);
	z = (z ^ (z >> 30)) * SPLITMIX_MUL1;
	z = (z ^ (z >> 27)) * SPLITMIX_MUL2;
	return z ^ (z >> 31);
}

void random_fill(void *buf, size_t n)
{
	if (!seeded) {
		state = (uint64_t)rtc_unix_time() << 32;
		seeded = true;
	}
	state ^= rdtsc();   /* when in the run the call came: different from call to call and boot to boot */
	uint8_t *out = buf;
	while (n) {
		uint64_t w = next();
		size_t k = n < sizeof w ? n : sizeof w;
		memcpy(out, &w, k);
		out += k;
		n -= k;
	}
}
