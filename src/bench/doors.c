/* Opening the comparison doors: an IDT entry, the sysenter target, the call gates. */
#include "bench/doors.h"
#include "arch/cpu.h"
#include "arch/segments.h"
#include "arch/traps.h"
#include "kernel/cmdline.h"
#include "tty/console.h"
#include "kernel/part.h"
#include "lib/panic.h"
#include "arch/smap.h"
#include "lib/string.h"
#include "arch/x86.h"
#include "arch/personal_doors.h"
#include "bench/vdso_doors.h"
#include <pfgate/layout.h>

extern char door_int80_entry[], door_sysenter_entry[], door_callgate_stub_0[], door_callgate_stubs_end[];
extern char door_int80_entry_nosmap[], door_sysenter_entry_nosmap[];
extern char door_callgate_common[], door_callgate_common_nosmap[];
extern const uint32_t door_callgate_stubs[GATE_COUNT];
extern char door_linux_int80_entry[], door_linux_sysenter_entry[], door_linux_callgate_entry[];

_Static_assert(SEG_UCODE == USER_CS && SEG_UDATA == USER_DS, "abi.h's selectors are the GDT's");
/* The call gates follow the ordinary GDT: gate n's is entry DOOR_CALLGATE_FIRST + n. */
_Static_assert(DOOR_CALLGATE_FIRST == GDT_ENTRIES, "the call gates start right after the ordinary GDT");

#define ACC_CALL_GATE32 0x0C

/* The ordinary entries (copied in by gdt_extend), one call gate per gate number, then Linux's call gate. */
#define LINUX_CALLGATE (DOOR_CALLGATE_FIRST + GATE_COUNT)
_Static_assert(DOOR_LINUX_CALLGATE_SEL >> 3 == LINUX_CALLGATE, "abi.h's Linux call gate is this entry");
static struct gdt_entry gdt_with_call_gates[LINUX_CALLGATE + 1];

/* A 32-bit call gate into kernel code at `offset`, callable from ring 3. */
static void set_call_gate(struct gdt_entry *e, uint32_t offset)
{
	/* Same layout as a segment descriptor but for the fields' meaning: offset, selector, type. */
	e->limit_lo = offset & 0xFFFF;                  /* offset 15:0 */
	e->base_lo = SEG_KCODE;                         /* target selector */
	e->base_mid = 0;                                /* no parameters copied */
	e->access = ACC_PRESENT | ACC_DPL3 | ACC_CALL_GATE32;
	e->limit_hi_flags = (offset >> 16) & 0xFF;      /* offset 31:16 */
	e->base_hi = offset >> 24;
}

/* A user's single step lands on the first instruction of a call-gate stub (see trap.c). */
static bool callgate_step_landing(uint32_t eip)
{
	if (eip == (uint32_t)door_linux_callgate_entry)
		return true;
	if (eip < (uint32_t)door_callgate_stub_0 || eip >= (uint32_t)door_callgate_stubs_end)
		return false;
	for (unsigned n = 0; n < GATE_COUNT; n++)
		if (eip == door_callgate_stubs[n])
			return true;
	return false;
}

/*
 * Where SMAP is off, every call-gate stub's jmp goes to the common part's copy
 * without the window's clac (door_entries.asm). The stubs are one layout, the
 * jmp's rel32 last; the old target is checked first, so a stub laid out
 * otherwise stops the boot instead of jumping into the middle of an instruction.
 */
static void callgate_stubs_jump_to(const char *target)
{
	for (unsigned n = 0; n < GATE_COUNT; n++) {
		uint8_t *rel = (uint8_t *)door_callgate_stubs[n] + DOOR_CALLGATE_STUB_JMP_REL;
		const char *next = (const char *)door_callgate_stubs[n] + DOOR_CALLGATE_STUB_SIZE;
		int32_t old, new = target - next;
		memcpy(&old, rel, sizeof old);
		if (rel[-1] != X86_JMP_REL32 || next + old != door_callgate_common)
			panic("doors: call-gate stub %u is not `jmp door_callgate_common` at +%u", n,
			      DOOR_CALLGATE_STUB_JMP_REL - 1);
		memcpy(rel, &new, sizeof new);   /* the text is writable through the direct map */
	}
	uint32_t a, b, c, d;
	cpuid(0, &a, &b, &c, &d);                /* serialise: no stale prefetched jmp */
}

/* Each door in the copy that matches SMAP (boot/smap.inc): without the window's clac where SMAP is off. */
void doors_init(bool enabled)
{
	if (!enabled)
		return;
	bool smap = cpu_smap_on();
	if (!smap)
		callgate_stubs_jump_to(door_callgate_common_nosmap);
	for (unsigned n = 0; n < GATE_COUNT; n++)
		set_call_gate(&gdt_with_call_gates[DOOR_CALLGATE_FIRST + n], door_callgate_stubs[n]);
	set_call_gate(&gdt_with_call_gates[LINUX_CALLGATE], (uint32_t)door_linux_callgate_entry);
	gdt_extend(gdt_with_call_gates, LINUX_CALLGATE + 1);
	trap_add_step_landings(callgate_step_landing);
	bool sysenter = cpu_has_sysenter();
	/* Vector 0x80 and the sysenter target are the running program's personality's (arch/personal_doors.h). */
	const struct personal_doors native = {
		(uint32_t)(smap ? door_int80_entry : door_int80_entry_nosmap),
		sysenter ? (uint32_t)(smap ? door_sysenter_entry : door_sysenter_entry_nosmap) : 0,
	};
	const struct personal_doors linux_ = {
		(uint32_t)door_linux_int80_entry, sysenter ? (uint32_t)door_linux_sysenter_entry : 0,
	};
	personal_doors_register(DOOR_INT_VECTOR, &native, &linux_);
	if (!sysenter)
		kprintf("doors: this CPU has no sysenter; that door is off\n");
	kprintf("doors: int 0x80, sysenter and call gates are open (for measurements)\n");
	vdso_doors_choose();
}

static void doors_part_init(void)
{
	doors_init(cmdline_flag("doors"));
}
KERNEL_PART(doors_part_init);
