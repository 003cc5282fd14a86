/* help: copybench [CALLS BATCHES]: copyin through the gate from 64 B to 64 KiB (make bench) */
/*
 * How the gate scales with the data it moves: the copyin service (a checked
 * copy of a user buffer into the kernel, in chunks) for sizes from 64 bytes
 * to 64 KiB, through the page-fault gate. Figures are TSC ticks per call
 * (Bochs: instructions, exact; QEMU TCG: host time, relative only), the
 * minimum and the median of the batches, the loop's dec+jnz included, and
 * the minimum per byte in hundredths.
 * Usage: copybench [calls-per-batch [batches]]
 */
#include "ulib.h"

#define SIZE_MAX_BYTES (64 * 1024)
#define BATCHES_MAX 32

static char buf[SIZE_MAX_BYTES] __attribute__((aligned(16)));

static inline uint32_t tsc_lo(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

/* n calls of copyin(buf, len); *last = the last result. */
static uint32_t loop(uint32_t n, uint32_t len, long *last)
{
	uint32_t t0 = tsc_lo();
	long r;
	__asm__ volatile("1:\n\tmov %[buf], %%eax\n\tmov %[len], %%edx\n\tcall sys_copyin\n\tdec %%esi\n\tjnz 1b"
			 : "=a"(r), "+S"(n) : [buf] "i"(buf), [len] "m"(len) : "ecx", "edx", "memory", "cc");
	*last = r;
	return tsc_lo() - t0;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)atol(argv[1]) : 20;
	unsigned batches = argc > 2 ? (unsigned)atol(argv[2]) : 5;
	if (!n)
		n = 1;
	if (!batches || batches > BATCHES_MAX)
		batches = 5;
	memset(buf, 'x', sizeof buf);
	for (uint32_t len = 64; len <= SIZE_MAX_BYTES; len *= 4) {
		uint32_t t[BATCHES_MAX];
		long last;
		loop(n, len, &last);   /* warm up */
		bool ok = last == (long)len;
		for (unsigned b = 0; b < batches; b++) {
			t[b] = loop(n, len, &last) / n;
			ok &= last == (long)len;
		}
		sort_u32(t, batches);
		printf("bench-copy: size=%lu min=%lu median=%lu per-byte-x100=%lu result=%s\n", (unsigned long)len,
		       (unsigned long)t[0], (unsigned long)t[batches / 2], (unsigned long)(t[0] * 100 / len),
		       ok ? "ok" : "WRONG");
	}
	return 0;
}
