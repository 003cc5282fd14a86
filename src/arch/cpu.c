/* The sysenter MSRs: set up whether or not anything measures them (see cpu.h). */
#include "arch/cpu.h"
#include "arch/segments.h"
#include "lib/kprintf.h"
#include "arch/x86.h"

extern char door_sysenter_refused[];

static bool have_sysenter;

bool cpu_has_sysenter(void) { return have_sysenter; }

uint32_t cpu_sysenter_target(void)
{
	return have_sysenter ? rdmsr_lo(MSR_SYSENTER_EIP) : 0;
}

void cpu_set_sysenter_target(uint32_t eip)
{
	if (have_sysenter)
		wrmsr(MSR_SYSENTER_EIP, eip);
}

_Static_assert(SEG_UCODE == ((SEG_KCODE + 16) | RPL_USER) && SEG_UDATA == ((SEG_KCODE + 24) | RPL_USER),
	       "sysexit derives the user CS and SS from SYSENTER_CS: the GDT must have this layout");

void cpu_sysenter_init(void)
{
	uint32_t a, b, c, d;
	cpuid(1, &a, &b, &c, &d);
	have_sysenter = d & CPUID_1_EDX_SEP;
	if (!have_sysenter) {
		kprintf("cpu: no sysenter; the gate returns by iret\n");
		return;
	}
	wrmsr(MSR_SYSENTER_CS, SEG_KCODE);
	wrmsr(MSR_SYSENTER_EIP, (uint32_t)door_sysenter_refused);
	tss_follow_sysenter(true);
}
