/*
 * The Linux test programs' own call path (-nostdlib): through AT_SYSINFO
 * (the vDSO's __kernel_vsyscall, as glibc and musl call it) or by int 0x80.
 * Linux i386 numbers, written here as a Linux program would have them.
 */
#ifndef LXCALLS_H
#define LXCALLS_H

#define NR_exit 1
#define NR_write 4
#define NR_getpid 20
#define NR_brk 45
#define NR_uname 122
#define NR_mprotect 125
#define NR_set_thread_area 243
#define NR_exit_group 252
#define AT_NULL 0
#define AT_SYSINFO 32
#define AT_SYSINFO_EHDR 33
#define AT_RANDOM 25
#define ENOSYS 38
#define EFAULT 14
#define EINVAL 22
#define ENOMEM 12

extern unsigned long lx_sysinfo;   /* AT_SYSINFO, found by lx_start */

static inline long lx_call3(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("call *%[f]" : "=a"(r) : [f] "m"(lx_sysinfo), "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static inline long lx_int80(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static inline unsigned long lx_strlen(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void lx_puts(const char *s) { lx_call3(NR_write, 1, (long)s, (long)lx_strlen(s)); }

/* The program's main, called by lx_start with the auxv read. */
int lx_main(int argc, char **argv, unsigned long *auxv);

#endif
