/*
 * The measurement part's constants for its assembly (door_entries.asm), as
 * kernel/asm_offsets.c is for the kernel's: kept here so that nothing in the
 * kernel proper includes src/bench (the Makefile makes
 * build/gen/bench_offsets.inc from this file's assembly output).
 */
#include "bench/doors.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))

void bench_offsets(void);
void bench_offsets(void)
{
	DEFINE(DOOR_CALLGATE_STUB_SIZE, DOOR_CALLGATE_STUB_SIZE);
	DEFINE(DOOR_LINUX_CALLGATE_VECTOR, DOOR_LINUX_CALLGATE_VECTOR);
}
