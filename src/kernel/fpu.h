/*
 * The x87/MMX state of user processes: the kernel itself never touches the
 * FPU (it is built with -mno-80387), so each process's state is saved when
 * the scheduler takes the CPU back and restored before it runs again. Eager
 * fnsave/frstor: simple, and cheap next to a context switch. (SSE is not
 * enabled: CR4.OSFXSR stays clear, so SSE instructions raise #UD.)
 */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include <stdint.h>

#define FPU_STATE_SIZE 108   /* fnsave's 32-bit protected-mode image */

void fpu_boot_init(void);
/* A fresh process's state: what fninit leaves. */
void fpu_init_state(uint8_t *state);

static inline void fpu_save(uint8_t *state)
{
	__asm__ volatile("fnsave %0" : "=m"(*(uint8_t(*)[FPU_STATE_SIZE])state));
}

static inline void fpu_restore(const uint8_t *state)
{
	__asm__ volatile("frstor %0" : : "m"(*(const uint8_t(*)[FPU_STATE_SIZE])state));
}

#endif
