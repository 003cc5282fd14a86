/* The user runtime: a small libc over the gates. */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>
#include <pfgate/gates.h>
#include <pfgate/errno.h>
#include <pfgate/abi.h>
#include <pfgate/layout.h>

/* A gate result is an error if it is in [-MAX_ERRNO, -1]. */
static inline bool is_err(long r) { return (unsigned long)r >= (unsigned long)-MAX_ERRNO; }

void exit(int status) __attribute__((noreturn));
void *sbrk(long increment);   /* (void *)-1 on failure */
/* From sysinfo, for the leak checks of the test programs (0 if sysinfo fails). */
unsigned long free_frames(void);
unsigned long nproc(void);
/* mmap's six values, as Linux's mmap2 takes them (the gate takes them in a struct pf_mmap): the address or -errno. */
long mmap6(void *addr, unsigned long len, unsigned long prot, unsigned long flags, long fd, unsigned long pgoff);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strchr(const char *s, int c);
long atol(const char *s);
/* s is all decimal digits and fits: *out = its value. */
bool parse_ulong(const char *s, unsigned long *out);
/* The number in argument s, or "PROG: WHAT must be a number" and exit 2. */
unsigned long arg_ulong(const char *prog, const char *what, const char *s);

/* Writes all of buf (looping over short writes); returns len or a negative errno. */
long write_all(int fd, const void *buf, size_t len);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int puts(const char *s);
/*
 * What error e means, named: "ENOENT: no such file or directory" (from the one
 * table, pfgate/errno.h). e may be negated, as a gate returns it; a number
 * not in the table gives "error N".
 */
const char *strerror(long e);

/* Insertion sort, ascending: for the few samples of a measurement. */
void sort_u32(uint32_t *v, unsigned n);

/*
 * op(path) for each argument argv[1..argc); each failure is said on the
 * standard error as "PROG: PATH: ERROR". Returns 0, 1 if any failed, 2
 * (after a usage line) if there was none.
 */
int each_path(const char *prog, int argc, char **argv, long (*op)(const char *path));

/* Signals (user/lib/signal.c; the ABI in pfgate/signal.h). signal() installs with SA_RESTART, as glibc does. */
int sigaction(int sig, const struct pf_sigaction *act, struct pf_sigaction *oldact);
void (*signal(int sig, void (*handler)(int)))(int);
int sigprocmask(int how, const unsigned long *set, unsigned long *oldset);
int kill(int pid, int sig);
int raise(int sig);
const char *strsignal(int sig);
/* "SIGINT", "INT" or "2": the number, or -1. */
int signal_number(const char *name);
/*
 * fn(entry, ctx) for each entry of directory dir ("" the working one), read
 * through a descriptor with getdents; fn returning false stops. 0, or the
 * open's or getdents' -errno.
 */
long each_dirent(const char *dir, bool (*fn)(const struct pf_dirent *d, void *ctx), void *ctx);

void *malloc(size_t n);
void free(void *p);

#endif
