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
	} else if (same(argv[1], "vdso")) {   /* its own vDSO made writable and corrupted: only this process dies */
		unsigned long base = 0;
		for (unsigned long *a = auxv; a[0] != AT_NULL; a += 2)
			if (a[0] == AT_SYSINFO_EHDR)
				base = a[1];
		if (!base || lx_call3(NR_mprotect, (long)base, (long)PAGE, 3) != 0)
			return 4;
		volatile unsigned char *code = (volatile unsigned char *)lx_sysinfo;
		code[0] = 0x0f;   /* ud2 at __kernel_vsyscall */
		code[1] = 0x0b;
		lx_call3(NR_getpid, 0, 0, 0);
	} else if (same(argv[1], "readonly")) {   /* mprotect takes the write bit away */
		static volatile unsigned char page[2 * PAGE];
		unsigned long p = ((unsigned long)page + PAGE - 1) & ~(PAGE - 1);
		((volatile unsigned char *)p)[0] = 1;
		if (lx_call3(NR_mprotect, (long)p, (long)PAGE, 1) != 0)
			return 5;
		((volatile unsigned char *)p)[0] = 2;
	} else if (same(argv[1], "int81")) {   /* another vector: a protection fault like any */
		__asm__ volatile("int $0x81");
	}
	return 3;
}
