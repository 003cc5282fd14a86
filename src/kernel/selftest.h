#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

/* Run the comma-separated self-tests (TAP on the console). True if all passed. */
bool selftest_run(const char *list);

#endif
