/*
 * TLS across switches: each copy sets its own TLS segment (set_thread_area)
 * over a block holding its pid, loads GS with it and yields many times while
 * another copy does the same; after every yield %gs:4 must still be its own
 * pid (the switch writes each process's descriptor into the GDT before it
 * pops that process's GS). Then it clears the slot while GS selects it and
 * yields again: the kernel must null GS, not fault popping it. Across the
 * same yields it keeps a value in XMM7 (the FPU switch saves SSE state).
 * Exits 0 if all held.
 */
#include "lxcalls.h"

#define NR_sched_yield 158
#define ROUNDS 200

struct user_desc { unsigned entry_number, base_addr, limit, flags; };
#define UD_SEG_32BIT 0x01
#define UD_READ_EXEC_ONLY 0x08
#define UD_LIMIT_IN_PAGES 0x10
#define UD_SEG_NOT_PRESENT 0x20

static unsigned long block[2];

int lx_main(int argc, char **argv, unsigned long *auxv)
{
	(void)argc, (void)argv, (void)auxv;
	long pid = lx_call3(NR_getpid, 0, 0, 0);
	block[1] = (unsigned long)pid;
	struct user_desc d = { 0xffffffffu, (unsigned)block, 0xfffff, UD_SEG_32BIT | UD_LIMIT_IN_PAGES };
	if (lx_call3(NR_set_thread_area, (long)&d, 0, 0) != 0)
		return 1;
	unsigned sel = d.entry_number * 8 + 3;
	__asm__ volatile("mov %0, %%gs" : : "r"(sel));
	/* And an SSE register: its state is switched (fxsave) like the x87's. */
	__asm__ volatile("movd %0, %%xmm7\n\tpshufd $0, %%xmm7, %%xmm7" : : "r"((unsigned)pid * 0x01010101u));
	for (int i = 0; i < ROUNDS; i++) {
		lx_call3(NR_sched_yield, 0, 0, 0);
		unsigned long got;
		__asm__ volatile("mov %%gs:4, %0" : "=r"(got));
		if (got != (unsigned long)pid) {
			lx_puts("lxtls: FAIL another process's TLS showed through GS after a switch\n");
			return 2;
		}
		unsigned x;
		__asm__ volatile("pshufd $0x39, %%xmm7, %%xmm6\n\tmovd %%xmm6, %0" : "=r"(x));
		if (x != (unsigned)pid * 0x01010101u) {
			lx_puts("lxtls: FAIL an SSE register changed across a switch\n");
			return 5;
		}
	}
	struct user_desc clear = { d.entry_number, 0, 0, UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT };
	if (lx_call3(NR_set_thread_area, (long)&clear, 0, 0) != 0)
		return 3;
	lx_call3(NR_sched_yield, 0, 0, 0);
	unsigned gs;
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	if ((gs & 0xfffc) != 0) {
		lx_puts("lxtls: FAIL GS still selects a cleared slot\n");
		return 4;
	}
	lx_puts("lxtls: ok\n");
	return 0;
}
