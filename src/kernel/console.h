/* Kernel console: every byte goes to COM1 and to the screen (VGA text, or a framebuffer). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include "boot/multiboot.h"

void console_init(void);
/*
 * Move the screen to the loader's framebuffer, if it gave one we can draw
 * (an RGB framebuffer and a kernel built with a font); says so on the console.
 * After paging_init, before the first address space (it maps the framebuffer).
 */
void console_screen_init(const struct mb_info *mbi);
void console_write(const char *s, size_t n);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
