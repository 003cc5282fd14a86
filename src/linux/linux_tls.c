/*
 * set_thread_area: a Linux program's TLS segment (glibc's and musl's %gs,
 * whose 0x10 holds AT_SYSINFO and 0x14 the stack canary). One slot per
 * process, GDT entry GDT_TLS, written into the GDT by every switch
 * (proc/sched.c) and at once here; the process loads GS itself. The gate's
 * lean path never touches GS, so the user's survives every call.
 */
#include "linux/linux_calls.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "arch/segments.h"
#include "lib/string.h"
#include <pfgate/errno.h>

/* struct user_desc, as Linux's i386 ABI lays it out. */
struct linux_user_desc {
	uint32_t entry_number, base_addr, limit;
	uint32_t flags;   /* the bit fields below, lowest first */
};
#define UD_SEG_32BIT       0x01
#define UD_CONTENTS_MASK   0x06   /* 0 data, 1 expand-down data, 2 code (refused) */
#define UD_CONTENTS_SHIFT  1
#define UD_READ_EXEC_ONLY  0x08
#define UD_LIMIT_IN_PAGES  0x10
#define UD_SEG_NOT_PRESENT 0x20
#define UD_USEABLE         0x40
#define UD_CONTENTS_CODE   2

#define LINUX_ENTRY_ANY    0xFFFFFFFFu   /* -1: the kernel picks the slot */
#define ACC_CODE_DATA      0x10
#define ACC_WRITABLE       0x02
#define ACC_EXPAND_DOWN    0x04
#define DESC_FLAG_AVL      0x1
#define DESC_FLAG_32BIT    0x4
#define DESC_FLAG_4K       0x8
#define DESC_LIMIT_MAX     0xFFFFFu

#define SEL_INDEX_MASK 0xFFF8u   /* a selector without its RPL; TI (bit 2) set is no GDT selector */

/*
 * FS and GS are the user's, live in the CPU all through the kernel. One that
 * selects the changed slot is loaded again (its cached descriptor is the old
 * one), or made null if the slot is no longer present: swtch would otherwise
 * fault in the kernel popping it.
 */
static void reload_if_selected(bool present)
{
	uint16_t fs, gs;
	__asm__ volatile("mov %%fs, %0\n\tmov %%gs, %1" : "=r"(fs), "=r"(gs));
	uint16_t to = present ? SEG_TLS : 0;
	if ((fs & SEL_INDEX_MASK) == (SEG_TLS & SEL_INDEX_MASK))
		__asm__ volatile("mov %0, %%fs" : : "r"(to));
	if ((gs & SEL_INDEX_MASK) == (SEG_TLS & SEL_INDEX_MASK))
		__asm__ volatile("mov %0, %%gs" : : "r"(to));
}

long linux_sys_set_thread_area(const struct linux_args *a)
{
	struct linux_user_desc d;
	if (copy_from_user(&d, (void __user *)(uintptr_t)a->ebx, sizeof d))
		return -EFAULT;
	if (d.entry_number == LINUX_ENTRY_ANY) {
		d.entry_number = GDT_TLS;
		if (copy_to_user((void __user *)(uintptr_t)a->ebx, &d.entry_number, sizeof d.entry_number))
			return -EFAULT;
	} else if (d.entry_number != GDT_TLS) {
		return -EINVAL;
	}
	uint32_t contents = (d.flags & UD_CONTENTS_MASK) >> UD_CONTENTS_SHIFT;
	if (contents == UD_CONTENTS_CODE || d.limit > DESC_LIMIT_MAX)
		return -EINVAL;
	struct gdt_entry e = { 0 };
	bool empty = !d.base_addr && !d.limit && (d.flags & UD_READ_EXEC_ONLY) && (d.flags & UD_SEG_NOT_PRESENT);
	if (!empty) {   /* a ring-3 data segment, never anything else: no way to the kernel's privilege */
		e.limit_lo = d.limit & 0xFFFF;
		e.base_lo = d.base_addr & 0xFFFF;
		e.base_mid = (d.base_addr >> 16) & 0xFF;
		e.base_hi = (d.base_addr >> 24) & 0xFF;
		e.access = (uint8_t)(ACC_DPL3 | ACC_CODE_DATA | (contents ? ACC_EXPAND_DOWN : 0) |
			((d.flags & UD_READ_EXEC_ONLY) ? 0 : ACC_WRITABLE) | ((d.flags & UD_SEG_NOT_PRESENT) ? 0 : ACC_PRESENT));
		e.limit_hi_flags = (uint8_t)(((d.limit >> 16) & 0x0F) | (((d.flags & UD_SEG_32BIT) ? DESC_FLAG_32BIT : 0) |
			((d.flags & UD_LIMIT_IN_PAGES) ? DESC_FLAG_4K : 0) | ((d.flags & UD_USEABLE) ? DESC_FLAG_AVL : 0)) << 4);
	}
	struct proc *p = current_proc();
	p->linux.tls = e;
	gdt_set_tls(&e);
	reload_if_selected(e.access & ACC_PRESENT);
	return 0;
}
