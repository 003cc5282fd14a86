/* The kernel side of the gate table (expanded from include/pfgate/gates.def). */
#ifndef PFGATE_GATE_TABLE_H
#define PFGATE_GATE_TABLE_H

#include <stdint.h>
#include <stdbool.h>
#include <pfgate/layout.h>
#include <pfgate/abi.h>        /* the structures the parameters point at */
#include <pfgate/user_ptr.h>

/*
 * What the dispatch (pf_entry.asm, dispatch.c, the doors) calls: every
 * handler with the caller's EAX, EDX, ECX. Under regparm(3) a handler with
 * the parameters of its gates.def line reads exactly these registers, in
 * this order (every parameter is one register wide), ignores the ones it does
 * not declare, and returns in EAX; nothing is passed on the stack, so the
 * caller and the callee agree on the stack whatever the declared count.
 */
typedef long (*gate_handler_t)(uint32_t a0, uint32_t a1, uint32_t a2);

struct gate_info {
	const char *name;
	uint8_t nargs;
};

/* Each handler's prototype, with gates.def's types: a handler that differs does not compile. */
#define GATE(num, name, nargs, ret, params) ret svc_##name params;
#include <pfgate/gates.def>
#undef GATE

/*
 * The thunks of the FULL_GATEs (full_frame.asm): the table entries that
 * complete the frame and run svc_<name> on it. full_frame_is_gate_call
 * (dispatch.c) is their check that tf is the #PF frame of a gate call (not
 * a measurement door's), at the top of the kernel stack.
 */
#define FULL_GATE(num, name, nargs, ret, params) long full_frame_##name(uint32_t a0, uint32_t a1, uint32_t a2);
#define GATE(num, name, nargs, ret, params)
#include <pfgate/gates.def>
#undef GATE
#undef FULL_GATE
/*
 * The thunks of the INTR_GATEs (proc/intr_gate.asm): the table entries that
 * run svc_<name> and, when a signal is deliverable after it, leave by iret
 * with its handler's frame built (and the call to be made again, SA_RESTART).
 */
#define INTR_GATE(num, name, nargs, ret, params) long intr_gate_##name(uint32_t a0, uint32_t a1, uint32_t a2);
#define GATE(num, name, nargs, ret, params)
#include <pfgate/gates.def>
#undef GATE
#undef INTR_GATE
struct trap_frame;
bool full_frame_is_gate_call(const struct trap_frame *tf);
/* gatelog's line for a FULL_GATE call (its thunk logs: it never returns to the logged stub). */
void full_frame_log(uint32_t gate_addr, long result, const uint32_t *args);

/* Indexed by gate number; NULL where no service is bound. */
extern const gate_handler_t gate_table[GATE_COUNT];
extern const struct gate_info gate_info[GATE_COUNT];

/* The handler of every gate one may not call. */
long svc_enosys(uint32_t a0, uint32_t a1, uint32_t a2);

/* A set of gates (a process's: the ones it may call), one bit per gate. */
#define GATE_SET_WORDS (GATE_COUNT / 32)
struct gate_set { uint32_t bits[GATE_SET_WORDS]; };

static inline bool gate_set_has(const struct gate_set *s, uint32_t n)
{
	return (s->bits[n / 32] >> (n % 32)) & 1;
}
void gate_set_all(struct gate_set *s);

/*
 * Per-CPU gate state, in one struct so that SMP can come later: the running
 * process's dispatch table, read by pf_entry.asm (and make bench's doors),
 * set by the scheduler on every switch (NULL while idle).
 */
struct gate_cpu {
	const gate_handler_t *table;
};
extern struct gate_cpu gate_cpu0;

void gate_bind_init(void);
/* The dispatch table for a gate set (shared, or a private frame); NULL if out of frames. */
const gate_handler_t *gate_bind(const struct gate_set *set);
void gate_unbind(const gate_handler_t *table);
/* A static table shared by the processes of a personality (src/linux): gate_unbind never frees it. */
void gate_bind_add_shared(const gate_handler_t *table);

#endif
