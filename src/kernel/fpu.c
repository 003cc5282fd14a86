#include "kernel/fpu.h"
#include "kernel/x86.h"
#include "kernel/string.h"

#define CR0_MP 0x00000002u   /* wait/fwait honours TS */
#define CR0_EM 0x00000004u   /* emulate: off, we have an FPU */
#define CR0_TS 0x00000008u
#define CR0_NE 0x00000020u   /* FPU errors as #MF, not through the PIC */

static uint8_t initial_state[FPU_STATE_SIZE] __attribute__((aligned(16)));

void fpu_boot_init(void)
{
	uint32_t cr0 = read_cr0();
	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE;
	write_cr0(cr0);
	__asm__ volatile("fninit");
	fpu_save(initial_state);   /* fnsave also leaves the FPU initialised */
}

void fpu_init_state(uint8_t *state)
{
	memcpy(state, initial_state, FPU_STATE_SIZE);
}
