/* help: gatebench [CALLS [BATCHES]]: TSC ticks per gate round trip */
/*
 * Round-trip cost of a gate call, in TSC ticks per call: under Bochs one tick
 * is one instruction (an exact count), under QEMU TCG it is host time (a
 * relative figure only). Each figure is per loop iteration; the loop itself
 * (dec, jnz) is two instructions of it. The plain near call/ret is the floor.
 * Usage: gatebench [calls-per-batch [batches]]
 */
#include "ulib.h"
#include "lib/format.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static long __attribute__((noinline, regparm(3))) plain_nop(void)
{
	return 0;
}

/* The loops are asm so that exactly `call X; dec; jnz` runs per iteration. */
static uint32_t loop_gate_nop(uint32_t n)
{
	uint64_t t0 = rdtsc();
	__asm__ volatile("1: call sys_nop\n\tdec %%ebx\n\tjnz 1b" : "+b"(n) : : "eax", "ecx", "edx", "memory", "cc");
	return (uint32_t)(rdtsc() - t0);   /* a batch stays far below 2^32 ticks */
}

static uint32_t loop_plain(uint32_t n)
{
	uint64_t t0 = rdtsc();
	__asm__ volatile("1: call %P1\n\tdec %%ebx\n\tjnz 1b" : "+b"(n) : "i"(plain_nop) : "eax", "ecx", "edx", "memory", "cc");
	return (uint32_t)(rdtsc() - t0);   /* a batch stays far below 2^32 ticks */
}

static uint32_t loop_empty(uint32_t n)
{
	uint64_t t0 = rdtsc();
	__asm__ volatile("1: dec %%ebx\n\tjnz 1b" : "+b"(n) : : "memory", "cc");
	return (uint32_t)(rdtsc() - t0);   /* a batch stays far below 2^32 ticks */
}

#define MAX_BATCHES 64

/* Ticks per call as "whole.hundredths" without floating point. */
static void report(const char *what, uint32_t (*loop)(uint32_t), uint32_t n, unsigned batches)
{
	uint32_t t[MAX_BATCHES];
	loop(n);   /* warm up: TLB, caches, the emulator's translation cache */
	for (unsigned b = 0; b < batches; b++)
		t[b] = loop(n);
	sort_u32(t, batches);
	uint64_t min = (uint64_t)t[0] * 100, med = (uint64_t)t[batches / 2] * 100;
	divmod64(&min, n);
	divmod64(&med, n);
	printf("bench: %-10s min %lu.%02lu  median %lu.%02lu  ticks/iteration  (%lu calls x %u batches)\n", what,
	       (unsigned long)(min / 100), (unsigned long)(min % 100), (unsigned long)(med / 100),
	       (unsigned long)(med % 100), (unsigned long)n, batches);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)arg_ulong("gatebench", "CALLS", argv[1]) : 2000;
	unsigned batches = argc > 2 ? (unsigned)arg_ulong("gatebench", "BATCHES", argv[2]) : 11;
	if (n == 0)
		n = 1;
	if (batches == 0 || batches > MAX_BATCHES)
		batches = 11;
	report("empty", loop_empty, n, batches);
	report("call/ret", loop_plain, n, batches);
	report("gate nop", loop_gate_nop, n, batches);
	return 0;
}
