#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

/* A kernel bug: print, backtrace, and stop the machine with a failing exit. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
