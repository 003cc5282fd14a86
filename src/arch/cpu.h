/*
 * CPU set-up beyond the segments and the IDT: what sysenter and sysexit need.
 * The gate returns by sysexit where the CPU has it (pf_entry.asm), and sysexit
 * takes the user CS and SS from IA32_SYSENTER_CS; a user's sysenter enters the
 * kernel wherever IA32_SYSENTER_EIP points, so it must point somewhere safe.
 */
#ifndef BOOT_CPU_H
#define BOOT_CPU_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Probe for sysenter/sysexit; where the CPU has them, set SYSENTER_CS, point
 * SYSENTER_EIP at the refusal (door_sysenter_refused: the caller is killed)
 * and keep SYSENTER_ESP at the current kernel stack top.
 */
void cpu_sysenter_init(void);
/* True when the CPU has sysenter/sysexit. */
bool cpu_has_sysenter(void);
/* Where a user's sysenter lands (read back from the MSR); 0 without sysenter. */
uint32_t cpu_sysenter_target(void);
/* Land a user's sysenter at eip instead (make bench's sysenter door). */
void cpu_set_sysenter_target(uint32_t eip);

#endif
