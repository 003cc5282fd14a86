#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

/*
 * The self-tests by name, in the order they run: TAP(name, fn) tests print
 * "ok N - name"; ENDS(name, fn) ones end the run on purpose (a fault, a
 * panic report the harness checks) and come last. selftest= accepts exactly
 * these names (kernel/cmdline_options.h).
 */
#define SELFTESTS(TAP, ENDS) \
	TAP(frames, test_frames) \
	TAP(paging, test_paging) \
	TAP(uaccess, test_uaccess) \
	TAP(copies, test_copies) \
	TAP(disk, selftest_disk) \
	ENDS(fault, selftest_fault_now) \
	ENDS(kstack_overflow, selftest_kstack_overflow) \
	ENDS(boot_stack_overflow, selftest_boot_stack_overflow) \
	ENDS(gatefetch, selftest_gate_fetch_now) \
	ENDS(smap, selftest_smap_now) \
	ENDS(smap_listed, selftest_smap_listed_now) \
	ENDS(smep, selftest_smep_now)

/*
 * Run the comma-separated self-tests (TAP on the console). True if all
 * passed; false too when the list names none (a run of nothing is no pass).
 */
bool selftest_run(const char *list);

/* The disk's ext2 written, synced and read back (kernel/selftest_disk.c). */
bool selftest_disk(void);

#endif
