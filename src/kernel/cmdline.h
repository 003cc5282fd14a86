/*
 * The kernel command line: space-separated `key=value` options and bare
 * flags. The options and their values are listed once, in
 * kernel/cmdline_options.h; README's "Kernel command line" says what each does.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX 512

void cmdline_init(const char *s);
const char *cmdline_raw(void);
/* Copy the value of key into buf (terminated); false if the key is absent. */
bool cmdline_get(const char *key, char *buf, size_t size);
bool cmdline_flag(const char *key);
/* Pure: find key in line. Returns the value start (or "" for a bare flag) and its length. */
const char *cmdline_find(const char *line, const char *key, size_t *len);
/*
 * Pure: check every word of line against kernel/cmdline_options.h. programs
 * lists the names run= and init= may start, each followed by a space (NULL:
 * not checked). A first word with a '/' and no '=' is the kernel's path
 * (QEMU's -kernel puts it first; GRUB does not) and is skipped. True if all
 * is well; else false, with one line in msg (terminated, cut to size) naming
 * the word, what is wrong with it and what is accepted.
 */
bool cmdline_check(const char *line, const char *programs, char *msg, size_t size);
/* Pure: is item in a comma-separated list? */
bool list_contains(const char *list, const char *item);

#endif
