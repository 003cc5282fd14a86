/*
 * A -nostdlib static Linux program: every call through AT_SYSINFO (the
 * vDSO) but the ones that test int 0x80. Prints "lxhello: ok CHECK" or
 * "lxhello: FAIL CHECK" per check; exits 0 only if all passed.
 */
#include "lxcalls.h"

static int failures;

static void check(int ok, const char *what)
{
	lx_puts(ok ? "lxhello: ok " : "lxhello: FAIL ");
	lx_puts(what);
	lx_puts("\n");
	failures += !ok;
}

/* getpid through the vDSO with known values in every register but EAX: all must come back. */
static int registers_kept(void)
{
	unsigned long out[6];
	__asm__ volatile(
		"push %%ebp\n\t"
		"push %%ebx\n\t"
		"push %[out]\n\t"
		"mov $0x11111111, %%ebx\n\tmov $0x22222222, %%ecx\n\tmov $0x33333333, %%edx\n\t"
		"mov $0x44444444, %%esi\n\tmov $0x55555555, %%edi\n\tmov $0x66666666, %%ebp\n\t"
		"mov $20, %%eax\n\t"
		"call *lx_sysinfo\n\t"
		"mov %%ebp, %%eax\n\t"
		"pop %%ebp\n\t"            /* out */
		"mov %%ebx, 0(%%ebp)\n\tmov %%ecx, 4(%%ebp)\n\tmov %%edx, 8(%%ebp)\n\t"
		"mov %%esi, 12(%%ebp)\n\tmov %%edi, 16(%%ebp)\n\tmov %%eax, 20(%%ebp)\n\t"
		"pop %%ebx\n\t"
		"pop %%ebp\n\t"
		: : [out] "r"(out) : "eax", "ecx", "edx", "esi", "edi", "memory", "cc");
	static const unsigned long want[6] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666 };
	for (int i = 0; i < 6; i++)
		if (out[i] != want[i])
			return 0;
	return 1;
}

/* The same by int 0x80. */
static int registers_kept_int80(void)
{
	unsigned long out[6];
	__asm__ volatile(
		"push %%ebp\n\t"
		"push %%ebx\n\t"
		"push %[out]\n\t"
		"mov $0x11111111, %%ebx\n\tmov $0x22222222, %%ecx\n\tmov $0x33333333, %%edx\n\t"
		"mov $0x44444444, %%esi\n\tmov $0x55555555, %%edi\n\tmov $0x66666666, %%ebp\n\t"
		"mov $20, %%eax\n\t"
		"int $0x80\n\t"
		"mov %%ebp, %%eax\n\t"
		"pop %%ebp\n\t"
		"mov %%ebx, 0(%%ebp)\n\tmov %%ecx, 4(%%ebp)\n\tmov %%edx, 8(%%ebp)\n\t"
		"mov %%esi, 12(%%ebp)\n\tmov %%edi, 16(%%ebp)\n\tmov %%eax, 20(%%ebp)\n\t"
		"pop %%ebx\n\t"
		"pop %%ebp\n\t"
		: : [out] "r"(out) : "eax", "ecx", "edx", "esi", "edi", "memory", "cc");
	static const unsigned long want[6] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666 };
	for (int i = 0; i < 6; i++)
		if (out[i] != want[i])
			return 0;
	return 1;
}

struct user_desc { unsigned entry_number, base_addr, limit, flags; };
#define UD_SEG_32BIT 0x01
#define UD_LIMIT_IN_PAGES 0x10
#define UD_USEABLE 0x40

static unsigned long tls_block[4] = { 0, 0, 0, 0 };

int lx_main(int argc, char **argv, unsigned long *auxv)
{
	(void)argc, (void)argv;
	check(lx_sysinfo != 0, "AT_SYSINFO is in the auxiliary vector");
	unsigned long ehdr = 0, rnd = 0;
	for (unsigned long *a = auxv; a[0] != AT_NULL; a += 2) {
		if (a[0] == AT_SYSINFO_EHDR)
			ehdr = a[1];
		if (a[0] == AT_RANDOM)
			rnd = a[1];
	}
	check(ehdr && ((const unsigned char *)ehdr)[0] == 0x7f && ((const unsigned char *)ehdr)[1] == 'E',
	      "AT_SYSINFO_EHDR points at an ELF image");
	check(rnd != 0, "AT_RANDOM is there");
	const char msg[] = "lxhello: hello from a Linux program, by the gates\n";
	check(lx_call3(NR_write, 1, (long)msg, sizeof msg - 1) == sizeof msg - 1, "write through the vDSO");
	check(lx_call3(NR_getpid, 0, 0, 0) > 0, "getpid through the vDSO");
	check(registers_kept(), "every register but EAX kept through the vDSO and the gate");
	check(registers_kept_int80(), "every register but EAX kept through int 0x80");
	check(lx_call3(500, 0, 0, 0) == -ENOSYS && lx_call3(500, 0, 0, 0) == -ENOSYS, "an unserved number: -ENOSYS (from the vDSO), twice");
	check(lx_call3(0x7fffffff, 0, 0, 0) == -ENOSYS, "a number past every call: -ENOSYS");
	check(lx_int80(0xdeadbeef, 0, 0, 0) == -ENOSYS, "int 0x80 with a garbage EAX: -ENOSYS");
	check(lx_int80(NR_write, 1, (long)"lxhello: int 0x80 writes too\n", 29) == 29, "write by int 0x80");
	check(lx_call3(NR_write, 1, 0xc0000000, 10) == -EFAULT, "write of a kernel pointer: -EFAULT (gate)");
	check(lx_int80(NR_write, 1, 16, 10) == -EFAULT, "write of an unmapped pointer: -EFAULT (int 0x80)");
	check(lx_call3(NR_uname, 0xc0001000, 0, 0) == -EFAULT, "uname into the kernel: -EFAULT");
	char uts[6 * 65];
	check(lx_call3(NR_uname, (long)uts, 0, 0) == 0 && uts[0] == 'L', "uname says Linux");
	long brk0 = lx_call3(NR_brk, 0, 0, 0);
	long brk1 = lx_call3(NR_brk, brk0 + 8192, 0, 0);
	check(brk0 > 0 && brk1 == brk0 + 8192, "brk grows the heap");
	if (brk1 == brk0 + 8192) {
		((volatile char *)brk0)[8191] = 1;
		check(((volatile char *)brk0)[8191] == 1, "the new heap is usable");
	}
	check(lx_call3(NR_brk, 0x7fffffff * 2UL, 0, 0) == brk1, "brk past the limit leaves it where it was");
	check(lx_call3(NR_mprotect, 0xc0000000, 4096, 1) == -ENOMEM, "mprotect of the kernel: -ENOMEM");
	check(lx_call3(NR_mprotect, 0xbfc00000, 4096, 1) == -ENOMEM, "mprotect of the gate window: -ENOMEM");
	check(lx_call3(NR_mprotect, brk0 + 1, 4096, 1) == -EINVAL, "mprotect of an unaligned address: -EINVAL");
	check(lx_call3(NR_mprotect, 0x10000, 4096, 1) == -ENOMEM, "mprotect of nothing mapped: -ENOMEM");
	/* TLS: a segment at tls_block, GS loaded with it, then calls through the vDSO keep GS. */
	struct user_desc d = { 0xffffffffu, (unsigned)tls_block, 0xfffff, UD_SEG_32BIT | UD_LIMIT_IN_PAGES | UD_USEABLE };
	tls_block[1] = 0x12345678;
	long r = lx_int80(NR_set_thread_area, (long)&d, 0, 0);
	check(r == 0 && d.entry_number != 0xffffffffu, "set_thread_area picks a slot");
	if (r == 0) {
		unsigned sel = d.entry_number * 8 + 3, got;
		__asm__ volatile("mov %0, %%gs" : : "r"(sel));
		lx_call3(NR_getpid, 0, 0, 0);
		lx_call3(NR_write, 1, (long)"lxhello: (a call with GS loaded)\n", 33);
		__asm__ volatile("mov %%gs:4, %0" : "=r"(got));
		unsigned gs;
		__asm__ volatile("mov %%gs, %0" : "=r"(gs));
		check(got == 0x12345678 && (gs & 0xffff) == sel, "GS and its TLS segment survive gate calls");
	}
	check(lx_call3(NR_set_thread_area, 0x10, 0, 0) == -EFAULT, "set_thread_area with a bad pointer: -EFAULT");
	return failures;
}
