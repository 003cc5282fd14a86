/*
 * The kernel's print, declared at the bottom so that every room may report
 * (the CPU set-up, mm, the gate's decline path) without including the console
 * above it; defined by the console (tty/console.c).
 */
#ifndef LIB_KPRINTF_H
#define LIB_KPRINTF_H

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
