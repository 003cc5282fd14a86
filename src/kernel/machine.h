/*
 * Leaving the machine: a test exit with a pass/fail code (QEMU's
 * isa-debug-exit; Bochs' shutdown port), and a power-off for both.
 */
#ifndef DRIVERS_MACHINE_H
#define DRIVERS_MACHINE_H

#include <stdbool.h>

/* QEMU exits with (code << 1) | 1: 33 for pass, 35 for fail. */
#define TEST_EXIT_PASS 0x10
#define TEST_EXIT_FAIL 0x11

void machine_test_exit(bool pass) __attribute__((noreturn));
void machine_poweroff(void) __attribute__((noreturn));
/* Say why, then stop the CPU for good (interrupts off): the machine stays up, doing nothing. */
void machine_halt(const char *why) __attribute__((noreturn));

#endif
