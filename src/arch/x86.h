/* Privileged and port instructions as inline functions: C calls these, never raw asm. */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include <stdint.h>

#define EFLAGS_IF   0x00000200u   /* interrupts enabled */
#define EFLAGS_IOPL 0x00003000u   /* I/O privilege level */
#define EFLAGS_RSVD 0x00000002u   /* bit 1 always reads 1 */
#define EFLAGS_TF   0x00000100u   /* single step */
#define EFLAGS_DF   0x00000400u   /* string direction */
#define EFLAGS_NT   0x00004000u   /* nested task */
#define EFLAGS_VM   0x00020000u   /* virtual 8086 */
#define EFLAGS_AC   0x00040000u   /* alignment check */

#define CR0_WP 0x00010000u        /* ring 0 honours read-only pages: copy_to_user faults on them */
#define CR0_AM 0x00040000u        /* ring 3 with EFLAGS.AC set gets #AC on a misaligned access (SIGBUS), as on Linux */
#define CR0_PG 0x80000000u        /* paging */
#define CR4_PSE 0x00000010u       /* 4 MiB pages for the direct map */
#define CR4_PGE 0x00000080u       /* global pages survive CR3 reloads */
#define CR4_SMEP 0x00100000u      /* the kernel may not execute from user pages */
#define CR4_SMAP 0x00200000u      /* the kernel may not touch user pages unless EFLAGS.AC */

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* String port I/O: `count` 16-bit words between port and memory (an ATA sector is 256 of them). */
static inline void insw(uint16_t port, void *buf, uint32_t count)
{
	__asm__ volatile("rep insw" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void outsw(uint16_t port, const void *buf, uint32_t count)
{
	__asm__ volatile("rep outsw" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
/* Enable interrupts and halt as one step: no wakeup can slip between the two. */
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }

static inline uint32_t read_eflags(void)
{
	uint32_t f;
	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return f;
}
/* Interrupts off, returning the old EFLAGS for irq_restore: safe whether or not they were on. */
static inline uint32_t irq_save(void)
{
	uint32_t f = read_eflags();
	cli();
	return f;
}
static inline void irq_restore(uint32_t eflags)
{
	if (eflags & EFLAGS_IF)
		sti();
}
static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void invlpg(uint32_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#define MSR_SYSENTER_CS  0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define CPUID_1_EDX_TSC  (1u << 4)    /* rdtsc */
#define CPUID_1_EDX_SEP  (1u << 11)   /* sysenter/sysexit */
#define CPUID_LEAF_FEATURES 1       /* EDX, ECX: the feature bits (SEP, FXSR, SSE ...) */
#define CPUID_LEAF_EXT_FEATURES 7
#define X86_JMP_REL32 0xE9             /* opcode of jmp rel32 (the call-gate stubs are patched at it) */
#define CPUID_7_EBX_SMEP (1u << 7)
#define CPUID_7_EBX_SMAP (1u << 20)
#define X86_RET          0xC3         /* the one-byte near return */
#define SMAP_SITE_LEN    3            /* stac, clac and the NOP that replaces them: 3 bytes each */

static inline void wrmsr(uint32_t msr, uint32_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"(v), "d"(0));
}

/* The low half of an MSR (all the kernel writes). */
static inline uint32_t rdmsr_lo(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo;
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static inline uint32_t read_ebp(void) { uint32_t v; __asm__ volatile("mov %%ebp, %0" : "=r"(v)); return v; }

#endif
