/*
 * The Linux doors' cost, for the report: Bochs' TSC counts instructions (the
 * bochsrc's ips with sync=none), so rdtsc around a batch of calls gives
 * each call's count. getpid by the vDSO (call, bound check, bitmap test, jump
 * to the gate, the #PF, the thunk, the Linux dispatch, the handler, iret), by
 * int 0x80 (the #GP path, a full frame) and an empty loop; the least of a
 * few batches (a timer tick inflates one). Under QEMU the figures are times,
 * not counts.
 */
#include "lxcalls.h"

#define BATCH 200
#define BATCHES 5

static unsigned long long rdtsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}


static unsigned measure(int which)
{
	unsigned best = ~0u;
	for (int b = 0; b < BATCHES; b++) {
		unsigned long long t0 = rdtsc();
		if (which == 0)
			__asm__ volatile("mov %0, %%edi\n1:\n\tmov $20, %%eax\n\tcall *lx_sysinfo\n\tdec %%edi\n\tjnz 1b"
					 : : "i"(BATCH) : "eax", "edi", "memory", "cc");
		else if (which == 1)
			__asm__ volatile("mov %0, %%edi\n1:\n\tmov $20, %%eax\n\tint $0x80\n\tdec %%edi\n\tjnz 1b"
					 : : "i"(BATCH) : "eax", "edi", "memory", "cc");
		else
			__asm__ volatile("mov %0, %%edi\n1:\n\tmov $20, %%eax\n\tdec %%edi\n\tjnz 1b"
					 : : "i"(BATCH) : "eax", "edi", "memory", "cc");
		unsigned t = (unsigned)(rdtsc() - t0);
		if (t < best)
			best = t;
	}
	return best;
}

static void put_uint(unsigned v)
{
	char buf[12];
	int i = sizeof buf;
	buf[--i] = 0;
	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	lx_puts(buf + i);
}

int lx_main(int argc, char **argv, unsigned long *auxv)
{
	(void)argc, (void)argv, (void)auxv;
	unsigned vdso = measure(0), int80 = measure(1), floor = measure(2);
	lx_puts("lxbench: getpid per call, loop removed: by the vDSO and its gate ");
	put_uint((vdso - floor) / BATCH);
	lx_puts(", by int 0x80 ");
	put_uint((int80 - floor) / BATCH);
	lx_puts(" (rdtsc ticks; Bochs: instructions)\n");
	return 0;
}
