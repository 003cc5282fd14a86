/* The per-personality doors (personal_doors.h): an IDT entry and the sysenter target. */
#include "arch/personal_doors.h"
#include "arch/traps.h"
#include "arch/cpu.h"

static struct personal_doors sets[2];   /* [false] native, [true] Linux */
static unsigned personal_vector;
static bool registered;

void personal_doors_register(unsigned vector, const struct personal_doors *native, const struct personal_doors *linux_)
{
	sets[false] = *native;
	sets[true] = *linux_;
	personal_vector = vector;
	registered = true;
	personal_doors_load(false);
}

void personal_doors_load(bool linux_)
{
	if (!registered)
		return;
	const struct personal_doors *d = &sets[linux_];
	idt_set_user_int_gate(personal_vector, d->int_entry);
	if (d->sysenter_entry)
		cpu_set_sysenter_target(d->sysenter_entry);
}
