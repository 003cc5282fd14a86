/*
 * Hostile acts of a Linux program that must end it with a report and
 * nothing else (argv[1] names the act): a jump into the middle of a Linux
 * gate page (what a corrupt vDSO table entry would do), a jump to a gate
 * page past the vDSO's bound check, and an int 0x80 that is not one.
 */
#include "lxcalls.h"

#define GATE_WINDOW 0xbfc00000ul
#define PAGE 4096ul

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int lx_main(int argc, char **argv, unsigned long *auxv)
{
	(void)auxv;
	if (argc < 2)
		return 2;
	if (same(argv[1], "midgate")) {   /* write's gate + 8: no entry point */
		void (*f)(void) = (void (*)(void))(GATE_WINDOW + (512 + NR_write) * PAGE + 8);
		f();
	} else if (same(argv[1], "unbound")) {   /* a Linux gate with no service: -ENOSYS, then exit 0 */
		long r;
		__asm__ volatile("call *%1" : "=a"(r) : "r"(GATE_WINDOW + (512 + 500) * PAGE), "a"(4) : "memory", "ecx", "edx");
		return r == -ENOSYS ? 0 : 1;
	} else if (same(argv[1], "nativegate")) {   /* a native gate (write, 2) from a Linux program: unbound */
		long r;
		__asm__ volatile("call *%1" : "=a"(r) : "r"(GATE_WINDOW + 2 * PAGE), "a"(1), "d"(0), "c"(0) : "memory");
		return r == -ENOSYS ? 0 : 1;
	} else if (same(argv[1], "int81")) {   /* another vector: a protection fault like any */
		__asm__ volatile("int $0x81");
	}
	return 3;
}
