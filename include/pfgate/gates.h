/*
 * User-side view of the gates: each service is an ordinary C function at a
 * fixed address (placed by the generated user link script). regparm(3) puts
 * the first three arguments in EAX, EDX, ECX, so a call compiles to a few
 * movs and a plain `call sys_<name>`: nothing between the caller and the fault.
 */
#ifndef PFGATE_GATES_H
#define PFGATE_GATES_H

#include <pfgate/abi.h>
#include <pfgate/user_ptr.h>   /* __user: empty here, where every pointer is the user's */

#define GATE(num, name, nargs, ret, params) \
	ret sys_##name params __attribute__((regparm(3)));
#include <pfgate/gates.def>
#undef GATE

/* Gate numbers as constants, for code that needs the number itself. */
enum gate_number {
#define GATE(num, name, nargs, ret, params) GATE_NR_##name = (num),
#include <pfgate/gates.def>
#undef GATE
};

#endif
