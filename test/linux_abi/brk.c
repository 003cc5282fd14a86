/* brk(2) by its raw call (musl's sbrk refuses to grow): grow, use, shrink, refuse. */
#include "abi.h"
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long start = syscall(SYS_brk, 0);
	CHECK("brk(0) answers the current break", start != 0 && syscall(SYS_brk, 0) == (long)start);
	unsigned long want = start + 3 * 4096 + 100;
	CHECK("brk grows to an unaligned end", (unsigned long)syscall(SYS_brk, want) == want);
	char *p = (char *)start;
	memset(p, 0x5a, want - start);
	int ok = 1;
	for (unsigned long i = 0; i < want - start; i++)
		ok &= p[i] == 0x5a;
	CHECK("the grown area is writable", ok);
	CHECK("brk shrinks", (unsigned long)syscall(SYS_brk, start + 4096) == start + 4096);
	CHECK("brk grows again, the page fresh", (unsigned long)syscall(SYS_brk, want) == want &&
	      p[2 * 4096] == 0);
	CHECK("brk below the start is refused (the break stays)", (unsigned long)syscall(SYS_brk, start - 4096 * 1024) == want);
	CHECK("brk far too high is refused (the break stays)", (unsigned long)syscall(SYS_brk, 0xfff00000ul) == want);
	void *m = malloc(100000);
	CHECK("malloc(100000)", m != NULL);
	memset(m, 1, 100000);
	free(m);
	return 0;
}
