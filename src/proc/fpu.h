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
 * TS again. (SSE is not enabled: CR4.OSFXSR stays clear, so SSE
 * instructions raise #UD.)
 */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include <stdint.h>
#include <stdbool.h>

#include <pfgate/signal.h>
#define FPU_STATE_SIZE PF_FPSTATE_SIZE   /* fnsave's 32-bit protected-mode image (a signal frame holds one) */

#define CR0_MP 0x00000002u   /* wait/fwait honours TS */
#define CR0_EM 0x00000004u   /* emulate: off, we have an FPU */
#define CR0_TS 0x00000008u   /* task switched: x87/MMX instructions raise #NM */
#define CR0_NE 0x00000020u   /* FPU errors as #MF, not through the PIC */

struct proc;

/* FNINIT, saved as every new process's image; then TS set: nobody owns the FPU. */
void fpu_boot_init(void);
/* A fresh process's state: what fninit leaves. */
void fpu_init_state(uint8_t *state);
/* #NM from user mode: hand the FPU to the current process. False if there is none. */
bool fpu_claim(void);
/* p's state becomes state (sigreturn): restored at its next x87/MMX instruction. */
void fpu_replace_state(struct proc *p, const uint8_t *state);
/* p exits: its state in the FPU is nobody's any more. */
void fpu_release(struct proc *p);

static inline void fpu_save(uint8_t *state)
{
	__asm__ volatile("fnsave %0" : "=m"(*(uint8_t(*)[FPU_STATE_SIZE])state));
}

static inline void fpu_restore(const uint8_t *state)
{
	__asm__ volatile("frstor %0" : : "m"(*(const uint8_t(*)[FPU_STATE_SIZE])state));
}

#endif
