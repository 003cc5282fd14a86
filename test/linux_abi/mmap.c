/* mmap2 anonymous, munmap, mprotect: contents, faults caught with their codes, bad arguments. */
#include "abi.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(back, 1);
}

static const char *touch(volatile char *p, int write)
{
	fault_addr = 0;
	if (sigsetjmp(back, 1) == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		return "no fault";
	}
	if (fault_addr != p)
		return "SIGSEGV at another address";
	return fault_code == SEGV_MAPERR ? "SIGSEGV SEGV_MAPERR" : fault_code == SEGV_ACCERR ? "SIGSEGV SEGV_ACCERR" : "SIGSEGV other code";
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap anonymous", m != MAP_FAILED);
	CHECK("page aligned", ((unsigned long)m & (page - 1)) == 0);
	int zero = 1;
	for (long i = 0; i < 4 * page; i++)
		zero &= m[i] == 0;
	CHECK("zero filled", zero);
	memset(m, 7, 4 * page);
	CHECK("written", m[4 * page - 1] == 7);
	printf("munmap the second page: %d\n", munmap(m + page, page));
	printf("read the unmapped page: %s\n", touch(m + page, 0));
	printf("read the first page: %s\n", touch(m, 0));
	printf("mprotect the third page read-only: %d\n", mprotect(m + 2 * page, page, PROT_READ));
	printf("write it: %s\n", touch(m + 2 * page, 1));
	printf("read it: %s (%d)\n", touch(m + 2 * page, 0), m[2 * page]);
	printf("mprotect it PROT_NONE: %d\n", mprotect(m + 2 * page, page, PROT_NONE));
	printf("read it: %s\n", touch(m + 2 * page, 0));
	int fds[2];
	CHECK("a pipe", pipe(fds) == 0 && write(fds[1], "abcd", 4) == 4);
	EXPECT_FAIL("read() into it", read(fds[0], m + 2 * page, 4));
	EXPECT_FAIL("write() out of it", write(fds[1], m + 2 * page, 4));
	close(fds[0]);
	close(fds[1]);
	printf("mprotect it back: %d\n", mprotect(m + 2 * page, page, PROT_READ | PROT_WRITE));
	printf("write it: %s, kept %d\n", touch(m + 2 * page, 1), m[2 * page + 1]);
	printf("munmap all (a hole inside): %d\n", munmap(m, 4 * page));
	printf("read the first page: %s\n", touch(m, 0));
	EXPECT_FAIL("munmap unaligned", munmap(m + 1, page));
	EXPECT_FAIL("munmap length 0", munmap(m, 0));
	EXPECT_FAIL("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	EXPECT_FAIL("mmap neither private nor shared", (long)mmap(NULL, page, PROT_READ, MAP_ANONYMOUS, -1, 0));
	EXPECT_FAIL("mmap a bad descriptor", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, 99, 0));
	/* Raw: musl's mprotect rounds the start down itself. */
	EXPECT_FAIL("mprotect unaligned", syscall(SYS_mprotect, m + 1, page, PROT_READ));
	char *big = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap 8 MiB", big != MAP_FAILED);
	big[0] = 1;
	big[(8 << 20) - 1] = 2;
	CHECK("its ends written", big[0] == 1 && big[(8 << 20) - 1] == 2);
	printf("munmap it: %d\n", munmap(big, 8 << 20));
	char *fixed = mmap((void *)0x30000000, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED at 0x30000000", fixed == (char *)0x30000000);
	return 0;
}
