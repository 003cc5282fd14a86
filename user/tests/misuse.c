/* help: misuse CASE: one gate misuse the kernel must kill (run without CASE for the list) */
/*
 * Misuses of the gate window and of the machine, one per process: the kernel
 * must kill this process with the right reason and carry on. usertests runs
 * each case and checks the wait status. The cases: misuse_cases.h. Usage: misuse CASE
 */
#include "ulib.h"
#include "cases.h"
#include "misuse_cases.h"

#define WRITE_GATE GATE_ADDR(GATE_NR_write)

typedef void (*fn_t)(void);

/* Jump (not call) to a gate with ESP set to `esp`: the return-address read is what fails. */
static void __attribute__((noreturn)) jump_to_gate_with_esp(uint32_t esp)
{
	__asm__ volatile("mov %0, %%esp\n\tjmp *%1" : : "r"(esp), "r"(WRITE_GATE) : "memory");
	__builtin_unreachable();
}

/* Recurses until the stack runs into its guard page; the depth bound is never reached. */
static int recurse(int n)
{
	volatile char pad[256];
	pad[0] = (char)n;
	if (n > (int)(USER_STACK_PAGES * PAGE_SIZE))
		return n;
	return recurse(n + 1) + pad[0];
}

struct misuse_case {
	const char *name;
	void (*run)(void);
};

static void gate_plus_1(void) { ((fn_t)(WRITE_GATE + 1))(); }
static void gate_mid(void) { ((fn_t)(WRITE_GATE + 0x800))(); }
static void gate_last_byte(void) { ((fn_t)(WRITE_GATE + PAGE_SIZE - 1))(); }
static void gate_read(void) { (void)*(volatile uint32_t *)WRITE_GATE; }
static void gate_write(void) { *(volatile uint32_t *)WRITE_GATE = 1; }
static void gate_read_unbound(void) { (void)*(volatile uint8_t *)GATE_ADDR(GATE_COUNT - 1); }
static void esp_kernel(void) { jump_to_gate_with_esp(KERNEL_BASE + 0x1000); }
static void esp_straddle(void) { jump_to_gate_with_esp(KERNEL_BASE - 2); }
static void esp_unmapped(void) { jump_to_gate_with_esp(0x20000000u); }
static void esp_gate_window(void) { jump_to_gate_with_esp(GATE_BASE + 0x100); }
static void esp_null(void) { jump_to_gate_with_esp(0); }
static void null_read(void) { (void)*(volatile uint32_t *)0; }
static void kernel_read(void) { (void)*(volatile uint32_t *)(KERNEL_BASE + 0x100000); }
static void kernel_write(void) { *(volatile uint32_t *)(KERNEL_BASE + 0x100000) = 0; }
static void text_write(void) { *(volatile uint8_t *)(uintptr_t)&gate_plus_1 = 0xC3; }
static void port_io(void) { __asm__ volatile("inb $0x60, %%al" : : : "eax"); }
static void cli_insn(void) { __asm__ volatile("cli"); }
static void hlt_insn(void) { __asm__ volatile("hlt"); }
static void int_unused(void) { __asm__ volatile("int $0x82"); }
/* A software "page fault": the IDT entry has DPL 0, so this is #GP, never a gate call. */
static void int_pagefault(void) { __asm__ volatile("mov $0xBFC02000, %%eax\n\tint $14" : : : "eax"); }
/* The comparison doors are closed unless the kernel was booted with `doors`. */
static void door_int80(void) { __asm__ volatile("int $0x80" : : "a"(0), "b"(GATE_NR_nop) : "ecx", "edx"); }
static void door_lcall(void) { __asm__ volatile("lcall %0, $0" : : "i"(DOOR_CALLGATE_SEL(GATE_NR_nop)) : "eax", "ecx", "edx"); }
static void door_sysenter(void)
{
	__asm__ volatile("mov %%esp, %%ebp\n\tmov $1f, %%edi\n\tsysenter\n1:" : : "b"(GATE_NR_nop) : "eax", "ecx", "edx", "edi", "memory");
}
static void ud2_insn(void) { __asm__ volatile("ud2"); }
/* In asm: GCC may turn a C division by a known dividend into a comparison. */
static void divide_zero(void) { __asm__ volatile("xor %%ecx, %%ecx\n\tmov $1, %%eax\n\tcdq\n\tidiv %%ecx" : : : "eax", "ecx", "edx"); }
static void stack_overflow(void) { recurse(0); }

#define MISUSE_ROW(name, fn, reason) { #name, fn },
static const struct misuse_case cases[] = { MISUSE_CASES(MISUSE_ROW) };

static void usage(void)
{
	case_usage("usage: misuse CASE   (the kernel kills this process; the shell says why)",
		   cases, CASE_COUNT(cases), sizeof cases[0]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
		return 2;
	}
	const struct misuse_case *c = case_find(cases, CASE_COUNT(cases), sizeof cases[0], argv[1]);
	if (c) {
		c->run();
		dprintf(STDERR_FD, "misuse %s: survived\n", argv[1]);
		return 3;
	}
	dprintf(STDERR_FD, "misuse: unknown case %s\n", argv[1]);
	usage();
	return 2;
}
