/* Installing the comparison doors: an IDT entry, the sysenter MSRs, the call gates. */
#include "bench/doors.h"
#include "boot/segments.h"
#include "trap/traps.h"
#include "kernel/x86.h"
#include "kernel/console.h"
#include "kernel/sched.h"
#include <pfgate/layout.h>

extern char door_int80_entry[], door_sysenter_entry[], door_sysenter_refused[], door_callgate_stub_0[], door_callgate_stubs_end[];
extern const uint32_t door_callgate_stubs[GATE_COUNT];

static bool have_sysenter;

bool doors_have_sysenter(void) { return have_sysenter; }

/*
 * Where can a user's EFLAGS.TF single-step the CPU into kernel code? Every
 * interrupt, trap and exception clears TF on entry (so do the #PF gate, int
 * 0x80 and every IDT vector), and a task switch loads EFLAGS from the new
 * TSS. Only two entries from ring 3 keep it: sysenter, which lands on
 * whatever IA32_SYSENTER_EIP holds (the open door, or the refusal when the
 * doors are closed), and a call gate, which lands on the first instruction
 * of its stub. The trap then comes before that first instruction runs. Any
 * other kernel-mode #DB is a kernel bug. The sysenter target is read back
 * from the MSR, so a new sysenter entry cannot be forgotten here.
 */
bool doors_single_step_entry(uint32_t eip)
{
	if (have_sysenter && eip == rdmsr_lo(MSR_SYSENTER_EIP))
		return true;
	if (eip < (uint32_t)door_callgate_stub_0 || eip >= (uint32_t)door_callgate_stubs_end)
		return false;
	for (unsigned n = 0; n < GATE_COUNT; n++)
		if (eip == door_callgate_stubs[n])
			return true;
	return false;
}

_Static_assert(SEG_UCODE == USER_CS && SEG_UDATA == USER_DS, "abi.h's selectors are the GDT's");
_Static_assert(SEG_UCODE == ((SEG_KCODE + 16) | RPL_USER) && SEG_UDATA == ((SEG_KCODE + 24) | RPL_USER),
	       "sysexit derives the user CS and SS from SYSENTER_CS: the GDT must have this layout");

void doors_init(bool enabled)
{
	if (enabled) {
		idt_set_user_gate(DOOR_INT_VECTOR, (uint32_t)door_int80_entry);
		for (unsigned n = 0; n < GATE_COUNT; n++)
			gdt_set_call_gate(GDT_CALLGATE_FIRST + n, door_callgate_stubs[n]);
		kprintf("doors: int 0x80, sysenter and call gates are open (for measurements)\n");
	}
	uint32_t a, b, c, d;
	cpuid(1, &a, &b, &c, &d);
	have_sysenter = d & CPUID_1_EDX_SEP;
	if (have_sysenter) {
		wrmsr(MSR_SYSENTER_CS, SEG_KCODE);
		wrmsr(MSR_SYSENTER_EIP, (uint32_t)(enabled ? door_sysenter_entry : door_sysenter_refused));
		tss_follow_sysenter(true);
	} else {
		kprintf("doors: this CPU has no sysenter; that door and the sysexit return are off\n");
	}
}

/* sysenter with the doors closed: a misuse like any other. */
void door_sysenter_refuse(struct trap_frame *tf);
void door_sysenter_refuse(struct trap_frame *tf)
{
	proc_kill_fault(tf, 0, KILL_PROTECTION);
}
