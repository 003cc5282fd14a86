/*
 * The kernel command line: space-separated `key=value` options and bare flags.
 *   run=prog[:arg...][,prog...]  programs the kernel starts, one after another
 *   init=prog[:arg...]           started after the run list, restarted when it dies
 *                                (neither given: run=hello init=sh)
 *   selftest=name[,name...]      in-kernel self-tests (frames, paging, heap, uaccess, fault)
 *   gatelog                      log every gate dispatch (name, arguments, result)
 *   gatedecline                  a test: the #PF stub declines good calls, the tripwire panics
 *   testexit                     when the run list is done, exit the machine pass/fail
 *   poweroff                     when the run list is done, power off (ACPI S5)
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
/* Pure: is item in a comma-separated list? */
bool list_contains(const char *list, const char *item);

#endif
