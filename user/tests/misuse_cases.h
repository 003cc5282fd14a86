/*
 * The misuse cases, one table: each a misuse of the gate window or of the
 * machine that the kernel must answer by killing the process with the given
 * reason, and carry on. misuse.c runs one by name (MISUSE's function is
 * there); usertests runs each in its own process and checks the reason; the
 * test runner (test/run_tests.py) counts the kill reports against this
 * table's rows. Adding a case is one row here and its function in misuse.c.
 *
 * MISUSE(case name, function in misuse.c, kill reason)
 */
#ifndef MISUSE_CASES_H
#define MISUSE_CASES_H

#define MISUSE_CASES(MISUSE) \
	MISUSE(gate_plus_1, gate_plus_1, KILL_GATE_MISALIGNED) \
	MISUSE(gate_mid, gate_mid, KILL_GATE_MISALIGNED) \
	MISUSE(gate_last_byte, gate_last_byte, KILL_GATE_MISALIGNED) \
	MISUSE(gate_read, gate_read, KILL_GATE_DATA) \
	MISUSE(gate_write, gate_write, KILL_GATE_DATA) \
	MISUSE(gate_read_unbound, gate_read_unbound, KILL_GATE_DATA) \
	MISUSE(esp_kernel, esp_kernel, KILL_GATE_BAD_STACK) \
	MISUSE(esp_straddle, esp_straddle, KILL_GATE_BAD_STACK) \
	MISUSE(esp_unmapped, esp_unmapped, KILL_GATE_BAD_STACK) \
	MISUSE(esp_gate_window, esp_gate_window, KILL_GATE_BAD_STACK) \
	MISUSE(esp_null, esp_null, KILL_GATE_BAD_STACK) \
	MISUSE(null_read, null_read, KILL_PAGE_FAULT) \
	MISUSE(kernel_read, kernel_read, KILL_PAGE_FAULT) \
	MISUSE(kernel_write, kernel_write, KILL_PAGE_FAULT) \
	MISUSE(text_write, text_write, KILL_PAGE_FAULT) \
	MISUSE(stack_overflow, stack_overflow, KILL_PAGE_FAULT) \
	MISUSE(port_io, port_io, KILL_PROTECTION) \
	MISUSE(cli, cli_insn, KILL_PROTECTION) \
	MISUSE(hlt, hlt_insn, KILL_PROTECTION) \
	MISUSE(int_unused, int_unused, KILL_PROTECTION) \
	MISUSE(int_pagefault, int_pagefault, KILL_PROTECTION) \
	MISUSE(door_int80, door_int80, KILL_PROTECTION) \
	MISUSE(door_lcall, door_lcall, KILL_PROTECTION) \
	MISUSE(door_sysenter, door_sysenter, KILL_PROTECTION) \
	MISUSE(ud2, ud2_insn, KILL_ILLEGAL) \
	MISUSE(divide_zero, divide_zero, KILL_ARITHMETIC)

#endif
