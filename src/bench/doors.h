/*
 * The comparison doors: other ways into the same gate table, which exist only
 * to be measured against the page-fault gate (make bench). They are part of
 * the measurement part (src/bench/), linked only into the kernel that make
 * bench, the door tests and the bench image boot; make run's kernel has none
 * (a user's sysenter lands on the refusal there, boot/cpu.c). Each takes the
 * gate number from EBX (the page-fault gate needs none: the address is the
 * number) and the arguments from EAX, EDX, ECX like the gate, and dispatches
 * through the caller's own gate table, so a withheld gate is -ENOSYS here too.
 *   int 0x80            IDT vector DOOR_INT_VECTOR, DPL 3, returns by iret
 *   sysenter            returns by sysexit; the user passes its ESP in EBP and
 *                       its return address in EDI (both callee-saved: its stub
 *                       saves them)
 *   lcall               one GDT call gate per gate number, returns by lret
 * (The gate's own sysexit return is no door: see pf_entry.asm.)
 * A Linux program finds int 0x80 and sysenter in Linux's convention instead,
 * and one more call gate, DOOR_LINUX_CALLGATE_SEL (linux_doors.c).
 */
#ifndef BENCH_DOORS_H
#define BENCH_DOORS_H

#include <stdbool.h>
#include <pfgate/abi.h>   /* DOOR_INT_VECTOR, DOOR_CALLGATE_SEL: the user side of the doors */

/* A call-gate stub: cli, push imm32, jmp rel32 (door_entries.asm), the rel32 last. */
#define DOOR_CALLGATE_STUB_SIZE (1 + 5 + 5)
#define DOOR_CALLGATE_STUB_JMP_REL (DOOR_CALLGATE_STUB_SIZE - 4)

/* The trap frame's vector for the Linux call gate's frames (no IDT vector: a name for reports). */
#define DOOR_LINUX_CALLGATE_VECTOR 0x82

/*
 * The doors open only with the `doors` boot option (make bench and the hostile
 * tests set it): otherwise the page fault stays the only way in, as
 * docs/design.md has it, and int 0x80, lcall and sysenter kill the caller
 * exactly as in make run's kernel (no IDT entry, the ordinary GDT, the
 * sysenter refusal).
 */
void doors_init(bool enabled);

#endif
