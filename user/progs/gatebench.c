/*
 * Round-trip cost of a gate call, in TSC ticks per call: under Bochs one tick
 * is one instruction (an exact count), under QEMU TCG it is host time (a
 * relative figure only). Each figure is per loop iteration; the loop itself
 * (dec, jnz) is two instructions of it. The plain near call/ret is the floor.
 * Usage: gatebench [calls-per-batch [batches]]
 */
#include "ulib.h"
#include "kernel/format.h"

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
static uint64_t loop_gate_nop(uint32_t n)
{
	uint64_t t0 = rdtsc();
	__asm__ volatile("1: call sys_nop\n\tdec %%ebx\n\tjnz 1b" : "+b"(n) : : "eax", "ecx", "edx", "memory", "cc");
	return rdtsc() - t0;
}

static uint64_t loop_plain(uint32_t n)
{
	uint64_t t0 = rdtsc();
	__asm__ volatile("1: call %P1\n\tdec %%ebx\n\tjnz 1b" : "+b"(n) : "i"(plain_nop) : "eax", "ecx", "edx", "memory", "cc");
	return rdtsc() - t0;
}

static uint64_t loop_empty(uint32_t n)
{
	uint64_t t0 = rdtsc();
	__asm__ volatile("1: dec %%ebx\n\tjnz 1b" : "+b"(n) : : "memory", "cc");
	return rdtsc() - t0;
}

#define MAX_BATCHES 64

static void sort(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Ticks per call as "whole.hundredths" without floating point. */
static void report(const char *what, uint64_t (*loop)(uint32_t), uint32_t n, unsigned batches)
{
	uint64_t t[MAX_BATCHES];
	loop(n);   /* warm up: TLB, caches, the emulator's translation cache */
	for (unsigned b = 0; b < batches; b++)
		t[b] = loop(n);
	sort(t, batches);
	uint64_t min = t[0] * 100, med = t[batches / 2] * 100;
	divmod64(&min, n);
	divmod64(&med, n);
	printf("bench: %-10s min %lu.%02lu  median %lu.%02lu  ticks/iteration  (%lu calls x %u batches)\n", what,
	       (unsigned long)(min / 100), (unsigned long)(min % 100), (unsigned long)(med / 100),
	       (unsigned long)(med % 100), (unsigned long)n, batches);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)atol(argv[1]) : 2000;
	unsigned batches = argc > 2 ? (unsigned)atol(argv[2]) : 11;
	if (n == 0)
		n = 1;
	if (batches == 0 || batches > MAX_BATCHES)
		batches = 11;
	report("empty", loop_empty, n, batches);
	report("call/ret", loop_plain, n, batches);
	report("gate nop", loop_gate_nop, n, batches);
	return 0;
}
