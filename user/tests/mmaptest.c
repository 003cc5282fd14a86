/* help: mmaptest: mmap, munmap, mprotect and maps (TAP): demand-zero, shared and private, files, MAP_FIXED, bad arguments */
/*
 * Memory mappings with Linux i386's flags. A child does each access that
 * must fault and reports nothing: its parent reads the kill from the wait
 * status. testexit checks at the end that every frame (pages, promises,
 * page tables) came back.
 */
#include "ulib.h"
#include "tap.h"

#define PG PAGE_SIZE
#define CHILD_OK    7
#define CHILD_WRONG 8
#define MAPPED_FILE "/sh"   /* an initrd file of several pages */

static int reap(long pid)
{
	int st;
	return sys_wait((int)pid, &st, 0) == pid ? st : -1;
}

static bool exited_with(int st, int code)
{
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == code;
}

static bool killed_by_fault(int st)
{
	return st != -1 && WIFSIGNALED(st) && WKILLREASON(st) == KILL_PAGE_FAULT;
}

enum access { READ, WRITE };

/* Does the access at p kill a child with the page-fault report? */
static bool access_faults(volatile char *p, enum access how)
{
	long pid = sys_fork();
	if (pid == 0) {
		if (how == WRITE)
			*p = 1;
		else
			(void)*p;
		sys_exit(CHILD_WRONG);
	}
	return killed_by_fault(reap(pid));
}

static bool all_zero(const volatile char *p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* The maps line holding addr, or false. */
static bool find_map(const volatile void *addr, struct pf_map *out)
{
	for (unsigned long i = 0; sys_maps(0, i, out) == 1; i++)
		if (out->lo <= (unsigned long)addr && (unsigned long)addr < out->hi)
			return true;
	return false;
}

static void test_anonymous_private(void)
{
	long a = mmap6(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_ok(!is_err(a) && !(a & (PG - 1)), "mmap anonymous private: a page-aligned address (%lx)", a);
	if (is_err(a))
		return;
	volatile char *p = (volatile char *)a;
	struct pf_map m;
	tap_ok(find_map(p, &m) && m.lo == (unsigned long)a && m.hi == (unsigned long)a + 3 * PG && m.kind == PF_MAP_ANON &&
	       m.prot == (PROT_READ | PROT_WRITE) && m.flags == MAP_PRIVATE && m.resident == 0,
	       "maps lists it: 3 pages, rw-p, anon, none resident before a touch");
	tap_ok(all_zero(p, 3 * PG), "its pages read as zeros (demand-zero)");
	p[0] = 'a';
	p[PG + 5] = 'b';
	p[3 * PG - 1] = 'c';
	tap_ok(p[0] == 'a' && p[PG + 5] == 'b' && p[3 * PG - 1] == 'c', "writes stick");
	tap_ok(find_map(p, &m) && m.resident == 3, "maps counts 3 pages resident after the touches (%lu)", m.resident);
	TAP_EQ(sys_munmap((void *)a, 3 * PG), 0, "munmap of the whole mapping");
	tap_ok(!find_map((void *)a, &m), "maps no longer lists it");
	tap_ok(access_faults(p, READ), "a read after munmap faults (the child is killed with the report)");
}

/*
 * A PROT_NONE page is present but supervisor-only: the kernel's checked
 * copies refuse it as the user's own access would fault (Linux: -EFAULT),
 * both ways, the page's neighbour in the buffer or not.
 */
static void check_none_copies(long page, const char *what)
{
	long fd = sys_open(MAPPED_FILE, O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd, (void *)page, 16), -EFAULT, "read() into %s: -EFAULT", what);
	TAP_EQ(sys_read((int)fd, (void *)(page + PG - 8), 16), -EFAULT, "read() whose buffer ends in %s: -EFAULT", what);
	sys_close((int)fd);
	TAP_EQ(sys_write(1, (const void *)page, 16), -EFAULT, "write() out of %s: -EFAULT", what);
	TAP_EQ(sys_open((const char *)page, O_RDONLY, 0), -EFAULT, "open() of a path in %s: -EFAULT (strncpy_from_user)", what);
	long pid = sys_fork();
	if (pid == 0)   /* exec's argv array read word by word (get_user_u32); were it read, `true` would run and exit 0 */
		sys_exit(sys_exec("true", (const char *const *)page, NULL) == -EFAULT ? 7 : 8);
	int st = -1;
	sys_wait((int)pid, &st, 0);
	tap_ok(st == 7 << 8, "exec with its argv array in %s: -EFAULT (get_user_u32; status %x)", what, st);
}

/*
 * A read whose buffer runs from a good page into a bad one (PROT_NONE, or
 * unmapped) moves the bytes before the bad page and returns their count, as
 * Linux: a file's offset moves by that count, -EFAULT only when nothing
 * moved. A pipe's read is all or nothing, as Linux's: -EFAULT, its bytes
 * kept. (test/linux_abi/partial.c compares the same with Linux itself.)
 */
static void check_partial_reads(char *edge, const char *what)
{
	char *cross = edge - 128;
	long fd = sys_open(MAPPED_FILE, O_RDONLY, 0);
	char want[128];
	TAP_EQ(sys_read((int)fd, want, sizeof want), (long)sizeof want, "read the first 128 bytes of %s", MAPPED_FILE);
	long long off = 0;
	sys_lseek((int)fd, &off, SEEK_SET);
	memset(cross, 0, 128);
	TAP_EQ(sys_read((int)fd, cross, 300), 128, "read() of 300 bytes into a buffer that runs into %s: 128", what);
	tap_ok(!memcmp(cross, want, sizeof want), "... the file's first 128 bytes");
	off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_CUR), 0, "lseek SEEK_CUR");
	TAP_EQ(off, 128, "... the offset moved by 128");
	TAP_EQ(sys_read((int)fd, edge, 300), -EFAULT, "read() into %s itself: -EFAULT", what);
	off = 0;
	sys_lseek((int)fd, &off, SEEK_CUR);
	TAP_EQ(off, 128, "... the offset stays");
	sys_close((int)fd);
	fd = sys_open("/dev/zero", O_RDONLY, 0);
	memset(cross, 'x', 128);
	TAP_EQ(sys_read((int)fd, cross, 300), 128, "/dev/zero: read() of 300 bytes running into %s: 128", what);
	tap_ok(all_zero(cross, 128), "... zeros");
	TAP_EQ(sys_read((int)fd, edge, 300), -EFAULT, "/dev/zero: read() into %s itself: -EFAULT", what);
	sys_close((int)fd);
	int p[2];
	if (is_err(sys_pipe(p))) {
		tap_ok(false, "pipe");
		return;
	}
	char src[300], back[300];
	for (int i = 0; i < 300; i++)
		src[i] = (char)i;
	TAP_EQ(sys_write(p[1], src, 300), 300, "pipe: write 300 bytes");
	TAP_EQ(sys_read(p[0], cross, 300), -EFAULT, "pipe: read() of 300 running into %s: -EFAULT (all or nothing, as Linux)", what);
	TAP_EQ(sys_read(p[0], back, 300), 300, "... the 300 bytes are still there");
	tap_ok(!memcmp(back, src, 300), "... in order");
	TAP_EQ(sys_write(p[1], cross, 300), -EFAULT, "pipe: write() of 300 out of a buffer running into %s: -EFAULT", what);
	sys_close(p[0]);
	sys_close(p[1]);
}

static void test_partial_reads(void)
{
	long a = mmap6(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(a)) {
		tap_ok(false, "mmap for the partial reads: %s", strerror(a));
		return;
	}
	char *p = (char *)a;
	p[PG] = 1;   /* present: ring 0 would read it regardless of PROT_NONE */
	TAP_EQ(sys_mprotect(p + PG, PG, PROT_NONE), 0, "mprotect the second page PROT_NONE");
	check_partial_reads(p + PG, "a PROT_NONE page");
	TAP_EQ(sys_munmap(p + PG, PG), 0, "munmap the second page");
	check_partial_reads(p + PG, "an unmapped page");
	TAP_EQ(sys_munmap(p, PG), 0, "munmap the first");
}

/* PROT_NONE mappings made so: untouched private pages and shared ones, mapped at once. */
static void test_prot_none_mappings(void)
{
	long a = mmap6(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long s = mmap6(NULL, PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (is_err(a) || is_err(s)) {
		tap_ok(false, "mmap PROT_NONE: %s %s", strerror(a), strerror(s));
		return;
	}
	check_none_copies(a, "an untouched private PROT_NONE page");
	check_none_copies(s, "a shared PROT_NONE page");
	TAP_EQ(sys_mprotect((void *)s, PG, PROT_READ | PROT_WRITE), 0, "mprotect the shared page read-write");
	long fd = sys_open(MAPPED_FILE, O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd, (void *)s, 16), 16, "read() into it works again");
	sys_close((int)fd);
	TAP_EQ(sys_munmap((void *)a, PG), 0, "munmap the private one");
	TAP_EQ(sys_munmap((void *)s, PG), 0, "munmap the shared one");
}

static void test_mprotect(void)
{
	long a = mmap6(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(a)) {
		tap_ok(false, "mmap for mprotect: %s", strerror(a));
		return;
	}
	volatile char *p = (volatile char *)a;
	p[0] = 42;
	TAP_EQ(sys_mprotect((void *)a, PG, PROT_READ), 0, "mprotect the first page read-only");
	tap_ok(p[0] == 42, "it still reads what was written");
	/* Before any fork (a switch reloads CR3): the TLB's writable entry from the write above must be gone. */
	long fd = sys_open(MAPPED_FILE, O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd, (void *)a, 16), -EFAULT, "read() into the read-only page: -EFAULT, not a kill");
	TAP_EQ(sys_read((int)fd, (void *)(a + PG), 16), 16, "read() into the writable page still works");
	sys_close((int)fd);
	TAP_EQ(sys_read(0, (void *)a, 0), 0, "a read of 0 bytes into it is fine");
	tap_ok(access_faults(p, WRITE), "a write to it faults (killed with the report)");
	tap_ok(access_faults(p + PG + 1, WRITE) == false, "the second page stays writable (a child writes it and lives)");
	struct pf_map m;
	tap_ok(find_map(p, &m) && m.hi == (unsigned long)a + PG && m.prot == PROT_READ, "maps shows the split: r--p for the first page");
	long pid = sys_fork();
	if (pid == 0) {
		p[PG] = 9;   /* its own copy, writable: the TLB may keep that */
		sys_mprotect((void *)(a + PG), PG, PROT_READ);
		p[PG] = 10;
		sys_exit(CHILD_WRONG);
	}
	tap_ok(killed_by_fault(reap(pid)), "a page written, then made read-only: the next write faults (no stale TLB entry)");
	TAP_EQ(sys_mprotect((void *)a, PG, PROT_NONE), 0, "mprotect PROT_NONE");
	tap_ok(access_faults(p, READ), "a read of a PROT_NONE page faults");
	check_none_copies(a, "a written page made PROT_NONE");
	TAP_EQ(sys_mprotect((void *)a, 2 * PG, PROT_READ | PROT_WRITE), 0, "mprotect both pages read-write again");
	p[0] = 43;
	tap_ok(p[0] == 43, "the first page is writable again, its data kept");
	TAP_EQ(sys_munmap((void *)a, 2 * PG), 0, "munmap");
}

/* A page of the image's data of its own: nothing else this program writes lies on it. */
static volatile char image_page[PG] __attribute__((aligned(PG))) = { 5 };

/*
 * The one mprotect covers the image, the heap and the stack too (they are
 * no mappings): each page made read-only faults on a write, keeps its
 * bytes, and is writable again after.
 */
static void check_fixed_page(volatile char *p, const char *what)
{
	unsigned long page = (unsigned long)p & ~(PG - 1);
	char keep = *p;
	TAP_EQ(sys_mprotect((void *)page, PG, PROT_READ), 0, "mprotect a page of the %s read-only", what);
	tap_ok(*p == keep, "the %s page still reads what it held", what);
	tap_ok(access_faults(p, WRITE), "a write to the %s page faults (killed with the report)", what);
	TAP_EQ(sys_mprotect((void *)page, PG, PROT_NONE), 0, "mprotect the %s page PROT_NONE", what);
	tap_ok(access_faults(p, READ), "a read of the PROT_NONE %s page faults", what);
	check_none_copies((long)page, what);
	TAP_EQ(sys_mprotect((void *)page, PG, PROT_READ | PROT_WRITE), 0, "mprotect the %s page read-write again", what);
	*p = (char)(keep + 1);
	tap_ok(*p == (char)(keep + 1), "the %s page is writable again", what);
	*p = keep;
}

static void test_mprotect_image_heap_stack(void)
{
	check_fixed_page(image_page, "image");
	char *heap = sbrk(2 * PG);
	if (is_err((long)heap)) {
		tap_ok(false, "sbrk for the heap case");
		return;
	}
	volatile char *h = (volatile char *)(((unsigned long)heap + PG - 1) & ~(PG - 1));
	check_fixed_page(h, "heap (never touched before)");
	sbrk(-2 * PG);
	/* The stack's lowest page: demand-zero, far below what this program uses. */
	check_fixed_page((volatile char *)USER_STACK_BOTTOM, "stack");
}

/* A private page a child still shares stays copy-on-write through mprotect: the parent's write is its own. */
static void test_mprotect_after_fork(void)
{
	long a = mmap6(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(a))
		return;
	volatile int *p = (volatile int *)a;
	p[0] = 1;
	long pid = sys_fork();
	if (pid == 0) {
		sys_sleep_ms(30);   /* the parent mprotects and writes meanwhile */
		sys_exit(p[0] == 1 ? CHILD_OK : CHILD_WRONG);
	}
	TAP_EQ(sys_mprotect((void *)a, PG, PROT_READ), 0, "mprotect read-only a page a child shares");
	TAP_EQ(sys_mprotect((void *)a, PG, PROT_READ | PROT_WRITE), 0, "and read-write again");
	p[0] = 2;
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_OK) && p[0] == 2, "the parent's write after it is not seen by the child (status %x)", st);
	sys_munmap((void *)a, PG);

	long r = mmap6(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(r))
		return;
	tap_ok(access_faults((volatile char *)r, WRITE), "a first write to an untouched PROT_READ page faults");
	tap_ok(all_zero((const char *)r, PG), "and a read of it gives zeros");
	sys_munmap((void *)r, PG);
}

static void test_munmap_middle(void)
{
	long a = mmap6(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(a))
		return;
	volatile char *p = (volatile char *)a;
	p[0] = 1;
	p[PG] = 2;
	p[2 * PG] = 3;
	TAP_EQ(sys_munmap((void *)(a + PG), PG), 0, "munmap the middle page of three");
	tap_ok(p[0] == 1 && p[2 * PG] == 3, "the pages either side keep their data");
	tap_ok(access_faults(p + PG, WRITE), "the middle page faults");
	struct pf_map m1, m2;
	tap_ok(find_map(p, &m1) && find_map(p + 2 * PG, &m2) && m1.hi == (unsigned long)a + PG && m2.lo == (unsigned long)a + 2 * PG,
	       "maps shows two areas");
	TAP_EQ(sys_munmap((void *)a, 3 * PG), 0, "munmap over the hole too");
}

static void test_shared_and_private_after_fork(void)
{
	long s = mmap6(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long q = mmap6(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(s) || is_err(q)) {
		tap_ok(false, "mmap shared and private: %s %s", strerror(s), strerror(q));
		return;
	}
	volatile int *shared = (volatile int *)s, *priv = (volatile int *)q;
	shared[0] = 1;
	priv[0] = 1;
	long pid = sys_fork();
	if (pid == 0) {
		bool saw = shared[0] == 1 && priv[0] == 1;
		shared[0] = 2;
		priv[0] = 2;
		shared[1] = 77;
		sys_exit(saw ? CHILD_OK : CHILD_WRONG);
	}
	int st = reap(pid);
	tap_ok(exited_with(st, CHILD_OK), "the child reads both mappings' data (status %x)", st);
	tap_ok(shared[0] == 2 && shared[1] == 77, "the parent sees the child's writes to the MAP_SHARED page");
	tap_ok(priv[0] == 1, "and not those to the MAP_PRIVATE page (copy-on-write)");
	pid = sys_fork();
	if (pid == 0) {
		sys_sleep_ms(20);
		sys_exit(shared[2] == 99 ? CHILD_OK : CHILD_WRONG);
	}
	shared[2] = 99;
	st = reap(pid);
	tap_ok(exited_with(st, CHILD_OK), "a child sees the parent's later write to the shared page (status %x)", st);
	struct pf_map m;
	tap_ok(find_map((void *)s, &m) && m.flags == MAP_SHARED, "maps shows rw-s for the shared mapping");
	sys_munmap((void *)s, PG);
	sys_munmap((void *)q, PG);
}

static void test_fixed(void)
{
	long a = mmap6(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(a))
		return;
	volatile char *p = (volatile char *)a;
	p[0] = 0x55;
	p[PG] = 0x66;
	long b = mmap6((void *)(a + PG), PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	TAP_EQ(b, a + PG, "MAP_FIXED over the second page of a mapping returns that address");
	tap_ok(p[0] == 0x55 && p[PG] == 0, "the first page keeps its data, the replaced one reads zero");
	long low = mmap6((void *)0x100000, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	TAP_EQ(low, 0x100000, "MAP_FIXED below the image (1 MiB)");
	if (!is_err(low)) {
		*(volatile int *)low = 5;
		tap_ok(*(volatile int *)low == 5, "it is usable");
		sys_munmap((void *)low, PG);
	}
	sys_munmap((void *)a, 2 * PG);
}

static void test_file(void)
{
	long fd = sys_open(MAPPED_FILE, O_RDONLY, 0);
	if (fd < 0) {
		tap_ok(false, "open %s: %s", MAPPED_FILE, strerror(fd));
		return;
	}
	static char want[2 * PG];
	long got = sys_read((int)fd, want, sizeof want);
	TAP_EQ(got, (long)sizeof want, "read the file's first two pages");
	long a = mmap6(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 1);
	tap_ok(!is_err(a), "mmap a file's second page read-only (pgoff 1): %lx", a);
	if (is_err(a))
		return;
	tap_ok(!memcmp((const void *)a, want + PG, PG), "it holds the file's bytes at offset 4096");
	tap_ok(access_faults((volatile char *)a, WRITE), "a write to the read-only file mapping faults");
	struct pf_map m;
	tap_ok(find_map((void *)a, &m) && m.kind == PF_MAP_FILE && m.pgoff == 1 && m.prot == PROT_READ, "maps: r--p file pgoff 1");
	sys_munmap((void *)a, PG);

	long w = mmap6(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	tap_ok(!is_err(w) && !memcmp((const void *)w, want, 2 * PG), "a writable private file mapping holds the file");
	if (!is_err(w)) {
		((volatile char *)w)[0] = (char)(want[0] ^ 0xFF);
		long pid = sys_fork();
		if (pid == 0) {
			((volatile char *)w)[1] = (char)(want[1] ^ 0xFF);
			sys_exit(((volatile char *)w)[0] == (char)(want[0] ^ 0xFF) ? CHILD_OK : CHILD_WRONG);
		}
		int st = reap(pid);
		tap_ok(exited_with(st, CHILD_OK) && ((volatile char *)w)[1] == want[1],
		       "its writes are private: the child sees the parent's, the parent not the child's");
		long fd2 = sys_open(MAPPED_FILE, O_RDONLY, 0);
		char first[2];
		tap_ok(sys_read((int)fd2, first, 2) == 2 && first[0] == want[0], "the file itself is unchanged");
		sys_close((int)fd2);
		sys_munmap((void *)w, 2 * PG);
	}
	long past = mmap6(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100000);
	tap_ok(!is_err(past) && all_zero((const char *)past, PG), "a page past the file's end maps as zeros");
	if (!is_err(past))
		sys_munmap((void *)past, PG);
	TAP_EQ(mmap6(NULL, PG, PROT_READ, MAP_SHARED, fd, 0), -ENODEV, "MAP_SHARED of a file: -ENODEV (not made)");
	sys_close((int)fd);
	TAP_EQ(mmap6(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0), -EBADF, "a closed descriptor: -EBADF");
	TAP_EQ(mmap6(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 0), -ENODEV, "the console: -ENODEV");
	long dir = sys_open("/", O_RDONLY, 0);
	TAP_EQ(mmap6(NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0), -ENODEV, "a directory: -ENODEV");
	sys_close((int)dir);
}

static void test_hostile(void)
{
	const unsigned long RW = PROT_READ | PROT_WRITE, PA = MAP_PRIVATE | MAP_ANONYMOUS;
	TAP_EQ(mmap6((void *)KERNEL_BASE, PG, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "MAP_FIXED at KERNEL_BASE: -ENOMEM");
	TAP_EQ(mmap6((void *)GATE_BASE, PG, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "MAP_FIXED on the gate window: -ENOMEM");
	TAP_EQ(mmap6((void *)(GATE_BASE - PG), 2 * PG, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "MAP_FIXED reaching into the window: -ENOMEM");
	TAP_EQ(mmap6((void *)USER_STACK_BOTTOM, PG, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "MAP_FIXED on the stack: -ENOMEM");
	TAP_EQ(mmap6((void *)USER_BASE, PG, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "MAP_FIXED on the image: -ENOMEM");
	TAP_EQ(mmap6(NULL, PG, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "MAP_FIXED at 0 (the null guard): -ENOMEM");
	TAP_EQ(mmap6((void *)0x100001, PG, RW, PA | MAP_FIXED, -1, 0), -EINVAL, "MAP_FIXED unaligned: -EINVAL");
	TAP_EQ(mmap6(NULL, 0, RW, PA, -1, 0), -EINVAL, "length 0: -EINVAL");
	TAP_EQ(mmap6(NULL, 0xFFFFF001ul, RW, PA, -1, 0), -ENOMEM, "a length that wraps when rounded: -ENOMEM");
	TAP_EQ(mmap6(NULL, 0xC0000000ul, RW, PA, -1, 0), -ENOMEM, "3 GiB: -ENOMEM");
	TAP_EQ(mmap6(NULL, 0x7FFFF000ul, RW, PA, -1, 0), -ENOMEM, "2 GiB (more frames than there are): -ENOMEM");
	TAP_EQ(mmap6(NULL, 0x7FFFF000ul, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0), -ENOMEM, "2 GiB shared: -ENOMEM");
	TAP_EQ(mmap6((void *)0x40000000, 0x7FFFF000ul, RW, PA | MAP_FIXED, -1, 0), -ENOMEM, "2 GiB fixed: -ENOMEM");
	TAP_EQ(mmap6(NULL, PG, RW, MAP_ANONYMOUS, -1, 0), -EINVAL, "neither MAP_SHARED nor MAP_PRIVATE: -EINVAL");
	TAP_EQ(mmap6(NULL, PG, RW, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL, "both: -EINVAL");
	TAP_EQ(mmap6(NULL, PG, 0x80, PA, -1, 0), -EINVAL, "an unknown PROT bit: -EINVAL");
	TAP_EQ(mmap6(NULL, PG, RW, PA | 0x4000, -1, 0), -EINVAL, "an unknown MAP flag: -EINVAL");
	TAP_EQ(sys_mmap(NULL), -EFAULT, "mmap's request at NULL: -EFAULT");
	TAP_EQ(sys_mmap((const struct pf_mmap *)KERNEL_BASE), -EFAULT, "mmap's request in the kernel: -EFAULT");
	TAP_EQ(sys_mmap((const struct pf_mmap *)GATE_BASE), -EFAULT, "mmap's request on a gate: -EFAULT");
	TAP_EQ(sys_munmap((void *)KERNEL_BASE, PG), -EINVAL, "munmap of the kernel: -EINVAL");
	TAP_EQ(sys_munmap((void *)GATE_BASE, PG), -EINVAL, "munmap of the gate window: -EINVAL");
	TAP_EQ(sys_munmap((void *)0x100001, PG), -EINVAL, "munmap unaligned: -EINVAL");
	TAP_EQ(sys_munmap((void *)0x100000, 0), -EINVAL, "munmap of 0 bytes: -EINVAL");
	TAP_EQ(sys_munmap((void *)0x100000, 0xFFFFF000ul), -EINVAL, "munmap that wraps: -EINVAL");
	TAP_EQ(sys_munmap((void *)0x100000, PG), 0, "munmap of nothing mapped: 0");
	TAP_EQ(sys_mprotect((void *)0x100000, PG, PROT_READ), -ENOMEM, "mprotect of nothing mapped: -ENOMEM");
	TAP_EQ(sys_mprotect((void *)KERNEL_BASE, PG, PROT_READ), -ENOMEM, "mprotect of the kernel: -ENOMEM");
	TAP_EQ(sys_mprotect((void *)(GATE_BASE - PG), PG, PROT_READ), -ENOMEM, "mprotect of the guard page under the gate window: -ENOMEM");
	TAP_EQ(sys_mprotect((void *)(USER_STACK_BOTTOM - PG), 2 * PG, PROT_READ), -ENOMEM,
	       "mprotect from the stack's lower guard into the stack: -ENOMEM");
	TAP_EQ(sys_mprotect((void *)0x100001, PG, PROT_READ), -EINVAL, "mprotect unaligned: -EINVAL");
	TAP_EQ(sys_mprotect((void *)0x100000, PG, 0x10), -EINVAL, "mprotect with an unknown PROT bit: -EINVAL");
	struct pf_map m;
	TAP_EQ(sys_maps(0, 0, (struct pf_map *)KERNEL_BASE), -EFAULT, "maps into the kernel: -EFAULT");
	TAP_EQ(sys_maps(99999, 0, &m), -ESRCH, "maps of no such process: -ESRCH");
	TAP_EQ(sys_maps(0, 1000, &m), 0, "maps past the last line: 0");
}

/* Every slot taken, then one more: -ENOMEM; and the heap cannot grow into a mapping. */
static void test_limits(void)
{
	long at[64];
	unsigned n = 0;
	long r = 0;
	while (n < 64 && !is_err(r = mmap6(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)))
		at[n++] = r;
	tap_ok(is_err(r) && r == -ENOMEM && n >= 8, "areas run out with -ENOMEM (after %u)", n);
	if (n >= 3)
		TAP_EQ(sys_munmap((void *)(at[n - 1] + 0), PG), 0, "munmap one");
	while (n)
		sys_munmap((void *)at[--n], PG);
	char *brk = sbrk(0);
	unsigned long next = ((unsigned long)brk + PG - 1) & ~(PG - 1);
	long f = mmap6((void *)(next + PG), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	TAP_EQ(f, (long)(next + PG), "MAP_FIXED a page above the break");
	TAP_EQ((long)sys_sbrk(3 * PG), -ENOMEM, "sbrk into it: -ENOMEM");
	sys_munmap((void *)f, PG);
}

/* exec drops every mapping with the old image: the exec'd program lists none, and no frame stays behind. */
static void test_exec_drops(void)
{
	unsigned long before = free_frames();
	long pid = sys_fork();
	if (pid == 0) {
		long a = mmap6(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		long s = mmap6(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (is_err(a) || is_err(s))
			sys_exit(CHILD_WRONG);
		((volatile char *)a)[0] = 1;
		const char *argv[] = { "maps", NULL };
		sys_exec("maps", argv, NULL);
		sys_exit(CHILD_WRONG);
	}
	int st = reap(pid);
	tap_ok(exited_with(st, 0), "a child maps, touches and execs maps (status %x)", st);
	TAP_EQ(free_frames(), before, "every frame of its mappings came back");
}

/*
 * A MAP_SHARED page is one page for parent and child, never copied: a fork
 * promises no frame for it. A shared mapping of 3/5 of the free frames
 * leaves 2/5: a fork that promised a copy of each page would get -ENOMEM.
 * The same once the mapping is PROT_NONE (still shared), and after.
 */
static void test_shared_fork_near_limit(void)
{
	unsigned long before = free_frames(), n = before * 3 / 5;
	long a = mmap6(NULL, n * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (is_err(a)) {
		tap_ok(false, "mmap shared %lu pages: %s", n, strerror(a));
		return;
	}
	volatile char *p = (volatile char *)a;
	p[0] = 1;
	long pid = sys_fork();
	if (pid == 0) {
		p[(n - 1) * PG] = 3;
		sys_exit(0);
	}
	tap_ok(pid > 0, "fork beside a shared mapping of %lu pages, 3/5 of the free frames (%ld)", n, pid);
	tap_ok(exited_with(reap(pid), 0) && p[(n - 1) * PG] == 3, "the child's write to the shared page is the parent's");
	TAP_EQ(sys_mprotect((void *)a, n * PG, PROT_NONE), 0, "mprotect the shared mapping PROT_NONE");
	pid = sys_fork();
	if (pid == 0)
		sys_exit(0);
	tap_ok(pid > 0 && exited_with(reap(pid), 0), "fork beside it PROT_NONE: still no promise per page (%ld)", pid);
	TAP_EQ(sys_mprotect((void *)a, n * PG, PROT_READ | PROT_WRITE), 0, "mprotect it read-write again");
	pid = sys_fork();
	if (pid == 0) {
		p[0] = 4;
		sys_exit(0);
	}
	tap_ok(pid > 0 && exited_with(reap(pid), 0) && p[0] == 4, "and fork beside it again, the page still shared (%ld)", pid);
	TAP_EQ(sys_munmap((void *)a, n * PG), 0, "munmap it");
	TAP_EQ(free_frames(), before, "every frame and promise came back");
}

int main(void)
{
	unsigned long frames = free_frames();
	test_anonymous_private();
	test_prot_none_mappings();
	test_partial_reads();
	test_mprotect();
	test_mprotect_after_fork();
	test_mprotect_image_heap_stack();
	test_munmap_middle();
	test_shared_and_private_after_fork();
	test_shared_fork_near_limit();
	test_fixed();
	test_file();
	test_hostile();
	test_limits();
	test_exec_drops();
	TAP_EQ(free_frames(), frames, "free frames back where they were (%lu)", frames);
	return tap_done();
}
