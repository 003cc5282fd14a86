#include "pfgate/gate_table.h"

/*
 * Designated initialisers: a duplicated number is a compile error (-Woverride-init).
 * The handlers are typed (gate_table.h); the table holds them as the uniform
 * register-argument type the dispatch calls, which is sound under regparm(3)
 * (see gate_handler_t). The cast goes through void (*)(void), the one
 * function type -Wcast-function-type accepts as "any function".
 */
#define AS_GATE_HANDLER(fn) ((gate_handler_t)(void (*)(void))(fn))

/*
 * The measurement part's gates (BENCH_GATE in gates.def) are in the table only
 * when this file is compiled for make bench's kernel (PFGATE_BENCH, with
 * src/bench/ linked in); in make run's kernel their numbers stay unbound.
 */
#ifdef PFGATE_BENCH
#define BENCH_GATE(num, name, nargs, ret, params) GATE(num, name, nargs, ret, params)
#else
#define BENCH_GATE(num, name, nargs, ret, params)
#endif

/*
 * A FULL_GATE's entry is its thunk (full_frame.asm), which runs svc_<name> on a full frame;
 * an INTR_GATE's is its thunk (proc/intr_gate.asm), which delivers a signal deliverable after it.
 */
const gate_handler_t gate_table[GATE_COUNT] = {
#define GATE(num, name, nargs, ret, params) [num] = AS_GATE_HANDLER(svc_##name),
#define FULL_GATE(num, name, nargs, ret, params) [num] = full_frame_##name,
#define INTR_GATE(num, name, nargs, ret, params) [num] = intr_gate_##name,
#include <pfgate/gates.def>
#undef INTR_GATE
#undef FULL_GATE
#undef GATE
};

const struct gate_info gate_info[GATE_COUNT] = {
#define GATE(num, name, nargs, ret, params) [num] = { #name, nargs },
#include <pfgate/gates.def>
#undef GATE
};

#undef BENCH_GATE
#define GATE(num, name, nargs, ret, params) \
	_Static_assert((num) >= 0 && (num) < GATE_COUNT, "gate " #name " outside the window"); \
	_Static_assert((nargs) <= 3, "gate " #name ": arguments past the third are not passed yet");
#include <pfgate/gates.def>
#undef GATE
