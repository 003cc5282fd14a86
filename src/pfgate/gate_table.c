#include "pfgate/gate_table.h"

/* Designated initialisers: a duplicated number is a compile error (-Woverride-init). */
const gate_handler_t gate_table[GATE_COUNT] = {
#define GATE(num, name, nargs, ret, params) [num] = svc_##name,
#include <pfgate/gates.def>
#undef GATE
};

const struct gate_info gate_info[GATE_COUNT] = {
#define GATE(num, name, nargs, ret, params) [num] = { #name, nargs },
#include <pfgate/gates.def>
#undef GATE
};

#define GATE(num, name, nargs, ret, params) \
	_Static_assert((num) >= 0 && (num) < GATE_COUNT, "gate " #name " outside the window"); \
	_Static_assert((nargs) <= 3, "gate " #name ": arguments past the third are not passed yet");
#include <pfgate/gates.def>
#undef GATE
