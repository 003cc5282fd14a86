#include "proc/fpu.h"
#include "proc/sched.h"
#include "arch/x86.h"
#include "lib/string.h"

static uint8_t initial_state[FPU_STATE_SIZE] __attribute__((aligned(16)));
bool fpu_fxsr;
static uint32_t mxcsr_mask;   /* the MXCSR bits this CPU has: fxrstor of any other faults (#GP) */

void fpu_boot_init(void)
{
	uint32_t a, b, c, d;
	cpuid(CPUID_LEAF_FEATURES, &a, &b, &c, &d);
	fpu_fxsr = (d & (CPUID_EDX_FXSR | CPUID_EDX_SSE)) == (CPUID_EDX_FXSR | CPUID_EDX_SSE);
	if (fpu_fxsr)
		write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	uint32_t cr0 = read_cr0();
	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE;
	write_cr0(cr0);
	__asm__ volatile("fninit");
	fpu_save(initial_state);   /* fnsave also leaves the FPU initialised */
	if (fpu_fxsr) {
		memcpy(&mxcsr_mask, initial_state + FXSAVE_MXCSR_MASK, sizeof mxcsr_mask);
		if (!mxcsr_mask)
			mxcsr_mask = MXCSR_MASK_DEFAULT;
	}
	write_cr0(cr0 | CR0_TS);
	cpu0.fpu_ts = true;
	cpu0.fpu_owner = NULL;
}

void fpu_init_state(uint8_t *state)
{
	memcpy(state, initial_state, FPU_STATE_SIZE);
}

bool fpu_claim(void)
{
	struct proc *p = current_proc();
	if (!p)
		return false;
	__asm__ volatile("clts" ::: "memory");
	cpu0.fpu_ts = false;
	struct proc *owner = cpu0.fpu_owner;
	if (owner != p) {
		if (owner)
			fpu_save(owner->fpu);   /* fnsave also reinitialises: nothing pending */
		else   /* the last owner gave its claim up (exit, a kill at #MF) with an unmasked */
			__asm__ volatile("fnclex");   /* exception pending, which frstor would raise here */
		fpu_restore(p->fpu);
		cpu0.fpu_owner = p;
	}
	return true;
}

void fpu_release(struct proc *p)
{
	if (cpu0.fpu_owner == p)
		cpu0.fpu_owner = NULL;
}

void fpu_replace_state(struct proc *p, const uint8_t *state)
{
	memcpy(p->fpu, state, FPU_STATE_SIZE);
	if (fpu_fxsr) {   /* from a signal frame, the user's to forge: a reserved MXCSR bit would fault the restore in ring 0 */
		uint32_t mxcsr;
		memcpy(&mxcsr, p->fpu + FXSAVE_MXCSR, sizeof mxcsr);
		mxcsr &= mxcsr_mask;
		memcpy(p->fpu + FXSAVE_MXCSR, &mxcsr, sizeof mxcsr);
	}
	if (cpu0.fpu_owner == p) {   /* the registers hold the handler's: nobody's now, and the next use traps */
		cpu0.fpu_owner = NULL;
		write_cr0(read_cr0() | CR0_TS);
		cpu0.fpu_ts = true;
	}
}

void fpu_reset(struct proc *p)
{
	fpu_replace_state(p, initial_state);
}
