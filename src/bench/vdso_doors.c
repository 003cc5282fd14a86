/* Choosing the vDSO's door at boot (vdso_doors.h). */
#include "bench/vdso_doors.h"
#include "linux/linux_calls.h"
#include "kernel/cmdline.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include "lib/string.h"
#include <pfgate/layout.h>

extern const char vdso_door_int80[], vdso_door_int80_end[], vdso_door_sysenter[], vdso_door_sysenter_end[];
extern const char vdso_door_callgate[], vdso_door_callgate_end[];

static const struct {
	const char *name;
	const char *image, *end;
} variants[] = {
	{ "int80", vdso_door_int80, vdso_door_int80_end },
	{ "sysenter", vdso_door_sysenter, vdso_door_sysenter_end },
	{ "callgate", vdso_door_callgate, vdso_door_callgate_end },
};

void vdso_doors_choose(void)
{
	char door[16];
	if (!cmdline_get("vdso", door, sizeof door))
		return;
	for (unsigned i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		if (strcmp(door, variants[i].name))
			continue;
		size_t n = (size_t)(variants[i].end - variants[i].image);
		if (n > LINUX_VDSO_BOUND_OFFSET)   /* the served calls' bitmap lies above (linux_init's) */
			panic("vdso: the %s variant (%u bytes) reaches the bitmap", door, (unsigned)n);
		memset(linux_vdso_page, 0, LINUX_VDSO_BOUND_OFFSET);
		memcpy(linux_vdso_page, variants[i].image, n);
		kprintf("vdso: Linux programs enter by %s\n", door);
		return;
	}
}
