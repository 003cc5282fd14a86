/*
 * Host tool: print the user link script fragment that places each sys_<name>
 * at its gate, expanded from the one gate table. With --base-only, only
 * USER_BASE: for the bench's door builds, whose sys_<name> are the door stubs
 * of user/bench/doors/stubs.c.
 */
#include <stdio.h>
#include <string.h>
#include <pfgate/layout.h>

int main(int argc, char **argv)
{
	printf("/* Generated from include/pfgate/gates.def by tools/gen/gates_ld.c: do not edit. */\n");
	printf("USER_BASE = 0x%08x;\n", USER_BASE);
	printf("PAGE_SIZE = 0x%08x;\n", PAGE_SIZE);
	if (argc > 1 && !strcmp(argv[1], "--base-only"))
		return 0;
#define GATE(num, name, nargs, ret, params) printf("sys_%s = 0x%08x;\n", #name, GATE_ADDR(num));
#include <pfgate/gates.def>
#undef GATE
	return 0;
}
