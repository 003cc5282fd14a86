/*
 * The Linux dispatch: the table of Linux handlers (from linux_calls.def),
 * the dispatch table Linux processes use (gate LINUX_GATE_FIRST + n holds the
 * thunk for every served n, svc_enosys elsewhere: native gates included, a
 * Linux program has none), the per-process counts by door and, with the
 * `linuxlog` boot option, a line per call (strace-like) and one report per
 * process of each call it asked for that has no service (under linuxlog
 * every Linux number enters the kernel: the vDSO's bitmap is full and every
 * Linux gate holds the thunk; without it the vDSO answers those itself).
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "proc/linux_upcalls.h"
#include "proc/signal.h"
#include <pfgate/layout.h>
#include "lib/kprintf.h"
#include "lib/string.h"
#include <pfgate/errno.h>

static const linux_handler_t handlers[LINUX_CALL_COUNT] = {
#define LINUX_CALL(nr, name, nargs) [nr] = linux_sys_##name,
#include <pfgate/linux_calls.def>
#undef LINUX_CALL
};

static const char *const names[LINUX_CALL_COUNT] = {
#define LINUX_CALL(nr, name, nargs) [nr] = #name,
#include <pfgate/linux_calls.def>
#undef LINUX_CALL
};

/* The calls whose gate holds the full thunk (linux_calls.def's LINUX_FULL_CALL). */
static const bool full_frame[LINUX_CALL_COUNT] = {
#define LINUX_CALL(nr, name, nargs)
#define LINUX_FULL_CALL(nr, name, nargs) [nr] = true,
#include <pfgate/linux_calls.def>
#undef LINUX_FULL_CALL
#undef LINUX_CALL
};

#define LINUX_CALL(nr, name, nargs) _Static_assert((nr) >= 0 && (nr) < LINUX_CALL_COUNT, "Linux call " #name " outside the gate window");
#include <pfgate/linux_calls.def>
#undef LINUX_CALL

/* The gate thunks (linux_entry.asm): every served Linux gate's table entry, lean or full. */
long linux_gate_entry(uint32_t a0, uint32_t a1, uint32_t a2);
long linux_gate_entry_full(uint32_t a0, uint32_t a1, uint32_t a2);

/* Every Linux process's dispatch table. Not static: the thunks read call n from their slot's place in it. */
extern gate_handler_t linux_gate_slots[GATE_COUNT];   /* (declared for sparse: only linux_entry.asm uses it by name) */
gate_handler_t linux_gate_slots[GATE_COUNT];
static bool logging;

const gate_handler_t *linux_gate_table(void) { return linux_gate_slots; }

void linux_init(bool log_calls, bool report_unserved)
{
	logging = log_calls || report_unserved;
	uint8_t *bound = linux_vdso_page + LINUX_VDSO_BOUND_OFFSET;
	for (uint32_t n = 0; n < LINUX_GATE_FIRST; n++)
		linux_gate_slots[n] = svc_enosys;   /* the native gates: a Linux program has none */
	/* To report an unserved call the kernel must see it: then every Linux number enters (linuxlog). */
	for (uint32_t nr = 0; nr < LINUX_CALL_COUNT; nr++) {
		bool enters = handlers[nr] || report_unserved;
		linux_gate_slots[LINUX_GATE_FIRST + nr] = !enters ? svc_enosys : full_frame[nr] ? linux_gate_entry_full : linux_gate_entry;
		if (enters)
			bound[nr / 8] |= (uint8_t)(1u << (nr % 8));
	}
	gate_bind_add_shared(linux_gate_slots);
}

/*
 * linux_entry.asm's lean entry, for a call that returned -EINTR: the frame
 * completed and holding the call's return. Made again, it is the same gate
 * with every register as called (the gate reads no EAX).
 */
void linux_gate_interrupted(struct trap_frame *tf, const gate_handler_t *slot);
void linux_gate_interrupted(struct trap_frame *tf, const gate_handler_t *slot)
{
	uint32_t gate = (uint32_t)(slot - linux_gate_slots);
	const struct call_again again = { GATE_ADDR(gate), tf->esp - 4,
					  gate - LINUX_GATE_FIRST /* the number, as __kernel_vsyscall was given it */, tf->ecx, tf->edx };
	signal_call_return(tf, &again);
}

void linux_report_exit(int status)
{
	const struct proc *p = current_proc();
	if (logging)
		kprintf("linux: pid %d (%s) exits %d: %u calls by a gate, %u by int 0x80, %u by the vDSO's door\n",
			p->pid, p->name, status & 0xFF, p->linux.gate_calls, p->linux.int80_calls, p->linux.bench_door_calls);
}

static const char *const call_door_names[] = {
	[LINUX_DOOR_GATE] = "gate", [LINUX_DOOR_INT80] = "int 0x80", [LINUX_DOOR_BENCH] = "the vDSO's door",
};

long linux_call(uint32_t nr, const struct linux_args *a, enum linux_door door)
{
	struct proc *p = current_proc();
	if (door == LINUX_DOOR_GATE)
		p->linux.gate_calls++;
	else if (door == LINUX_DOOR_INT80)
		p->linux.int80_calls++;
	else
		p->linux.bench_door_calls++;
	p->linux.by_int80 = door == LINUX_DOOR_INT80;
	linux_handler_t h = nr < LINUX_CALL_COUNT ? handlers[nr] : NULL;
	if (!h) {
		if (logging && nr < LINUX_CALL_COUNT && !(p->linux.enosys_seen[nr / 32] & (1u << (nr % 32)))) {
			p->linux.enosys_seen[nr / 32] |= 1u << (nr % 32);
			kprintf("linux: pid %d (%s) asked for call %u, which has no service: -ENOSYS\n", p->pid, p->name, nr);
		} else if (logging && nr >= LINUX_CALL_COUNT) {
			kprintf("linux: pid %d (%s) asked for call %u, past every Linux number: -ENOSYS\n", p->pid, p->name, nr);
		}
		return -ENOSYS;
	}
	if (logging)   /* before the call: exit never comes back to be logged */
		kprintf("linux: pid %d %s(%x, %x, %x, %x) by %s\n", p->pid, names[nr], a->ebx, a->ecx, a->edx, a->esi,
			call_door_names[door]);
	long r = h(a);
	if (logging)
		kprintf("linux: pid %d %s = %d\n", p->pid, names[nr], (int)r);
	return r;
}
