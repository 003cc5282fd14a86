/* TAP output for user test programs: "ok N - name", "# diag", plan at the end. */
#ifndef USER_TAP_H
#define USER_TAP_H

#include "ulib.h"

void tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the plan and totals; returns the exit status (0 when all passed). */
int tap_done(void);

/* Check that a long result equals an expected value, naming both on failure. */
#define TAP_EQ(got, want, ...) do { \
	long got_ = (long)(got), want_ = (long)(want); \
	if (got_ != want_) \
		printf("# got %ld, want %ld (%s)\n", got_, want_, #got); \
	tap_ok(got_ == want_, __VA_ARGS__); \
} while (0)

#endif
