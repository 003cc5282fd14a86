/*
 * The x87/MMX state of user processes: the kernel itself never touches the
 * FPU (it is built with -mno-80387), so the registers belong to one process
 * at a time, cpu0.fpu_owner, and stay there across switches. Lazy: a switch
 * to any other process sets CR0.TS, so that its first x87 or MMX
 * instruction raises #NM; only then is the owner's state saved (fnsave) into
 * its struct proc and the new one's restored (frstor). A process that never
 * uses the FPU costs a switch nothing but a compare; one that exits gives
 * its claim up, so its registers are never restored into anyone (a new
 * process starts from the FNINIT image). A switch back to the owner clears
 * TS again. Where the CPU has FXSR and SSE (glibc's static string functions
 * choose SSE2 by CPUID), CR4.OSFXSR is set and the state is fxsave's, SSE's
 * XMM registers and MXCSR included, switched the same lazy way; elsewhere it
 * is fnsave's and SSE instructions raise #UD.
 */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include <stdint.h>
#include <stdbool.h>

#include <pfgate/signal.h>
#define FPU_STATE_SIZE PF_FPSTATE_SIZE   /* fxsave's image (x87, MMX, SSE); fnsave's 108 bytes at its start where the CPU has no FXSR; a signal frame holds one */
#define FXSAVE_MXCSR       24            /* offsets in fxsave's image */
#define FXSAVE_MXCSR_MASK  28
#define MXCSR_MASK_DEFAULT 0x0000FFBFu   /* a CPU that writes 0 as its mask: bit 6 (DAZ) and bits 16-31 reserved */

#define CR0_MP 0x00000002u   /* wait/fwait honours TS */
#define CR0_EM 0x00000004u   /* emulate: off, we have an FPU */
#define CR0_TS 0x00000008u   /* task switched: x87/MMX instructions raise #NM */
#define CR0_NE 0x00000020u   /* FPU errors as #MF, not through the PIC */
#define CR4_OSFXSR     0x00000200u   /* fxsave/fxrstor keep the SSE state; SSE instructions run */
#define CR4_OSXMMEXCPT 0x00000400u   /* unmasked SSE exceptions as #XM, not #UD */
#define CPUID_EDX_FXSR 0x01000000u
#define CPUID_EDX_SSE  0x02000000u

/* The CPU has fxsave and SSE: the state is fxsave's, SSE is on (fpu_boot_init). */
extern bool fpu_fxsr;

struct proc;

/* FNINIT, saved as every new process's image; then TS set: nobody owns the FPU. */
void fpu_boot_init(void);
/* A fresh process's state: what fninit leaves. */
void fpu_init_state(uint8_t *state);
/* #NM from user mode: hand the FPU to the current process. False if there is none. */
bool fpu_claim(void);
/* p's state becomes state (sigreturn): restored at its next x87/MMX instruction. */
void fpu_replace_state(struct proc *p, const uint8_t *state);
/* p's state becomes the fresh one (a signal handler starts with it), the same way. */
void fpu_reset(struct proc *p);
/* p exits: its state in the FPU is nobody's any more. */
void fpu_release(struct proc *p);

/* fnsave also reinitialises the x87; fxsave does not, but every save is followed by a whole restore. */
static inline void fpu_save(uint8_t *state)
{
	if (fpu_fxsr)
		__asm__ volatile("fxsave %0" : "=m"(*(uint8_t(*)[FPU_STATE_SIZE])state));
	else
		__asm__ volatile("fnsave %0" : "=m"(*(uint8_t(*)[FPU_STATE_SIZE])state));
}

static inline void fpu_restore(const uint8_t *state)
{
	if (fpu_fxsr)
		__asm__ volatile("fxrstor %0" : : "m"(*(const uint8_t(*)[FPU_STATE_SIZE])state));
	else
		__asm__ volatile("frstor %0" : : "m"(*(const uint8_t(*)[FPU_STATE_SIZE])state));
}

#endif
