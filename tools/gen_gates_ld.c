/*
 * Host tool: print the user link script fragment that places each sys_<name>
 * at its gate, expanded from the one gate table.
 */
#include <stdio.h>
#include <pfgate/layout.h>

int main(void)
{
	printf("/* Generated from include/pfgate/gates.def by tools/gen_gates_ld.c: do not edit. */\n");
	printf("USER_BASE = 0x%08x;\n", USER_BASE);
	printf("PAGE_SIZE = 0x%08x;\n", PAGE_SIZE);
#define GATE(num, name, nargs, ret, params) printf("sys_%s = 0x%08x;\n", #name, GATE_ADDR(num));
#include <pfgate/gates.def>
#undef GATE
	return 0;
}
