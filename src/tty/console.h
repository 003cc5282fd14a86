/* Kernel console: every byte goes to COM1 and to the screen (VGA text, or a framebuffer). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include "boot/multiboot.h"
#include "mm/uaccess.h"
#include "lib/kprintf.h"

void console_init(void);
/*
 * Move the screen to the loader's framebuffer, if it gave one we can draw
 * (an RGB framebuffer and a kernel built with a font); says so on the console.
 * After paging_init, before the first address space (it maps the framebuffer).
 */
void console_screen_init(const struct mb_info *mbi);
/* Kernel text: queued for COM1 in order (polled out at once before console_start_interrupts). */
void console_write(const char *s, size_t n);
/* kprintf (lib/kprintf.h): formatted console_write. */
/* The scheduler is about to run: COM1 output may wait for its interrupt from now on. */
void console_start_interrupts(void);
/* Panic, kernel fault, machine exit: send what is queued now, and poll from here on. */
void console_go_synchronous(void);
/*
 * Process context: write len bytes from user memory (range checked, every
 * page readable) to the console, sleeping while COM1's queue is full.
 * Returns len; on a fault part-way, the count written before it, or -EFAULT
 * if nothing was.
 */
long console_write_user(const void __user *buf, size_t len);
/* Before the machine stops: let the interrupt send what is queued, halted; returns the TSC ticks. */
uint64_t console_drain_halted(void);
/* For sysinfo: bytes waiting for the UART, and how often a writer slept for room. */
uint32_t console_queued(void);
uint32_t console_full_waits(void);

#endif
