/*
 * Does a Linux call's sixth argument (EBP) arrive whole through the vDSO's
 * door? mmap2 is the served call that takes six: its page offset is the
 * sixth. The program maps its own executable at page 1 and compares the
 * page with what read() finds there; a door that lost the sixth argument
 * maps another page (or fails). One line, for the bench tests
 * (test/suite_bench_linux.py), run on pfgate through each `vdso=` door:
 *     args6: mmap2 offset ok
 *     args6: mmap2 offset WRONG: WHY
 * A static i386 Linux program (glibc), unmodified on either kernel.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static int wrong(const char *why)
{
	printf("args6: mmap2 offset WRONG: %s\n", why);
	return 1;
}

int main(void)
{
	static char want[PAGE];
	char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return wrong("readlink /proc/self/exe");
	exe[n] = '\0';
	int fd = open(exe, O_RDONLY);
	if (fd < 0)
		return wrong("open");
	if (lseek(fd, PAGE, SEEK_SET) != PAGE || read(fd, want, PAGE) != PAGE)
		return wrong("read of page 1");
	/* glibc's mmap: mmap2 with the offset in pages, EBP (the sixth) = 1. */
	const char *got = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
	if (got == MAP_FAILED)
		return wrong("mmap2 failed");
	if (memcmp(got, want, PAGE) != 0)
		return wrong("the mapped page is not page 1");
	printf("args6: mmap2 offset ok\n");
	return 0;
}
