/*
 * The comparison doors: other ways into the same gate table, which exist only
 * to be measured against the page-fault gate (make bench). Each takes the
 * gate number from EBX (the page-fault gate needs none: the address is the
 * number) and the arguments from EAX, EDX, ECX like the gate, and dispatches
 * through the caller's own gate table, so a withheld gate is -ENOSYS here too.
 *   int 0x80            IDT vector DOOR_INT_VECTOR, DPL 3, returns by iret
 *   sysenter            returns by sysexit; the user passes its ESP in EBP and
 *                       its return address in EDI (both callee-saved: its stub
 *                       saves them)
 *   lcall               one GDT call gate per gate number, returns by lret
 * And a variant of the gate itself: the same #PF entry, returning by sysexit
 * (gatereturn=sysexit boot option, or the default; see pf_entry.asm).
 */
#ifndef PFGATE_DOORS_H
#define PFGATE_DOORS_H

#include <stdbool.h>
#include <stdint.h>
#include <pfgate/abi.h>   /* DOOR_INT_VECTOR, DOOR_CALLGATE_SEL: the user side of the doors */

#define DOOR_SYSENTER_VECTOR 0x81   /* not an IDT vector: marks sysenter frames in reports */

/*
 * The doors are only installed with the `doors` boot option (make bench and
 * the hostile tests set it): otherwise the page fault stays the only way in,
 * as DESIGN.md has it, and int 0x80, lcall and sysenter kill the caller. The
 * sysenter MSRs are set either way where the CPU has them: the gate's sysexit
 * return needs SYSENTER_CS, and a stray sysenter must land somewhere safe.
 */
void doors_init(bool enabled);
/* True when the CPU has sysenter/sysexit (and both doors that use them are on). */
bool doors_have_sysenter(void);
/* Is a kernel-mode #DB at eip a user's trap flag carried into a door? */
bool doors_single_step_entry(uint32_t eip);

#endif
