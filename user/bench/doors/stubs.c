/*
 * The user runtime's way into the kernel through a comparison door (make
 * bench): sys_<name> for every gate of gates.def, as functions that enter by
 * the door chosen at build time (-DDOOR_INT80, -DDOOR_SYSENTER or
 * -DDOOR_CALLGATE) instead of by calling the gate page. Linked in place of
 * the gate addresses of gates.ld, so the same unmodified program calls the
 * same sys_<name> and enters the kernel one way or another.
 *
 * Each stub keeps the gate ABI: arguments in EAX, EDX, ECX; EBX, ESI, EDI,
 * EBP preserved (the door's own registers are saved around it); ECX and EDX
 * carry no kernel data back. The number comes from gates.def, the vector and
 * the selectors from abi.h.
 */
#include <pfgate/gates.h>

#define STR(x) #x
#define XSTR(x) STR(x)

/* Only EAX, EDX, ECX reach a service through a door (doors.h). */
#define GATE(num, name, nargs, ret, params) _Static_assert((nargs) <= 3, "sys_" #name ": the doors pass three registers");
#include <pfgate/gates.def>
#undef GATE

#if defined(DOOR_INT80)
#define DOOR_STUB(num, name)                                                     \
	"push %ebx\n\t"                                                          \
	"mov $" #num ", %ebx\n\t"                                                \
	"int $" XSTR(DOOR_INT_VECTOR) "\n\t"                                     \
	"pop %ebx\n\t"                                                           \
	"ret\n\t"
#elif defined(DOOR_SYSENTER)
/* usertests' register contract: ECX and EDX come back holding this stub's own addresses (sysexit takes them from there). */
const int door_leaves_stub_addresses = 1;
/* sysexit comes back to EDI with ESP = EBP (doors.h): both saved here. */
#define DOOR_STUB(num, name)                                                     \
	"push %ebx\n\tpush %edi\n\tpush %ebp\n\t"                                \
	"mov $" #num ", %ebx\n\t"                                                \
	"mov %esp, %ebp\n\t"                                                     \
	"mov $1f, %edi\n\t"                                                      \
	"sysenter\n"                                                             \
	"1:\tpop %ebp\n\tpop %edi\n\tpop %ebx\n\t"                               \
	"ret\n\t"
#elif defined(DOOR_CALLGATE)
#define DOOR_STUB(num, name)                                                     \
	"lcall $" XSTR(DOOR_CALLGATE_SEL(num)) ", $0\n\t"                        \
	"ret\n\t"
#else
#error "build with -DDOOR_INT80, -DDOOR_SYSENTER or -DDOOR_CALLGATE"
#endif

#define GATE(num, name, nargs, ret, params)                                      \
	__asm__(".text\n\t.globl sys_" #name "\n\t.type sys_" #name ", @function\n" \
		"sys_" #name ":\n\t" DOOR_STUB(num, name)                            \
		".size sys_" #name ", . - sys_" #name "\n");
#include <pfgate/gates.def>
#undef GATE
