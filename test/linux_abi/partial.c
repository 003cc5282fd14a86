/*
 * Reads and writes whose buffer runs into a bad page (PROT_NONE, then
 * unmapped): Linux moves the bytes before that page and returns their count,
 * -EFAULT only when nothing moved, and a file's offset advances by what was
 * moved; but a pipe's read and write are all or nothing (-EFAULT, the pipe
 * as it was).
 */
#include "abi.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
#define BEFORE 128   /* good bytes before the bad page: Linux's i386 copy moves 64-byte blocks, and counts whole ones */
#define ASK 300

static void count(const char *label, long r)
{
	if (r < 0)
		printf("%s: %s\n", label, errname(errno));
	else
		printf("%s: %ld\n", label, r);
}

/* What is left in a pipe (read with a good buffer, the write end non-blocking-free: the caller wrote it all). */
static long pipe_left(int fd)
{
	char tmp[PAGE];
	fcntl(fd, F_SETFL, O_NONBLOCK);
	long total = 0, r;
	while ((r = read(fd, tmp, sizeof tmp)) > 0)
		total += r;
	fcntl(fd, F_SETFL, 0);
	return total;
}

static void run(const char *kind, char *edge, const char *tmpdir)
{
	char *cross = edge - BEFORE, src[ASK];
	for (int i = 0; i < ASK; i++)
		src[i] = (char)('a' + i % 26);
	memset(edge - PAGE, 0, PAGE);
	printf("-- %s\n", kind);

	int p[2];
	if (pipe(p) != 0)
		return;
	count("pipe write 300", write(p[1], src, ASK));
	count("pipe read 300 across", read(p[0], cross, ASK));
	CHECK("bytes read are the first", memcmp(cross, src, BEFORE) == 0);
	count("pipe left", pipe_left(p[0]));
	count("pipe write 300", write(p[1], src, ASK));
	count("pipe read at the bad page", read(p[0], edge, ASK));
	count("pipe left", pipe_left(p[0]));
	memcpy(cross, src, BEFORE);
	count("pipe write 300 across", write(p[1], cross, ASK));
	count("pipe left", pipe_left(p[0]));
	count("pipe write at the bad page", write(p[1], edge, ASK));
	count("pipe left", pipe_left(p[0]));
	close(p[0]);
	close(p[1]);

	char path[256];
	snprintf(path, sizeof path, "%s/partial.%s", tmpdir, kind);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		count("open", fd);
		return;
	}
	count("file write 300", write(fd, src, ASK));
	lseek(fd, 0, SEEK_SET);
	memset(edge - PAGE, 0, PAGE);
	count("file read 300 across", read(fd, cross, ASK));
	CHECK("bytes read are the first", memcmp(cross, src, BEFORE) == 0);
	count("offset", lseek(fd, 0, SEEK_CUR));
	count("file read at the bad page", read(fd, edge, ASK));
	count("offset", lseek(fd, 0, SEEK_CUR));
	/* No write across the bad page: Debian's 6.1 never returns from one into its tmpfs (a livelock, killed). */
	count("file write at the bad page", write(fd, edge, ASK));
	count("offset", lseek(fd, 0, SEEK_CUR));
	count("size", lseek(fd, 0, SEEK_END));
	close(fd);
	unlink(path);

	fd = open("/dev/zero", O_RDONLY);
	memset(edge - PAGE, 'x', PAGE);
	count("zero read 300 across", read(fd, cross, ASK));
	CHECK("bytes read are zero", cross[0] == 0 && cross[BEFORE - 1] == 0 && cross[-1] == 'x');
	count("zero read at the bad page", read(fd, edge, ASK));
	close(fd);
	fd = open("/dev/null", O_WRONLY);
	count("null write 300 across", write(fd, cross, ASK));
	close(fd);
}

int main(int argc, char **argv)
{
	const char *tmpdir = argc > 1 ? argv[1] : "/tmp";
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 1;
	memset(m, 0, 2 * PAGE);   /* the PROT_NONE page present: a kernel that reads it regardless would copy it */
	mprotect(m + PAGE, PAGE, PROT_NONE);
	run("prot_none", m + PAGE, tmpdir);
	munmap(m + PAGE, PAGE);
	run("unmapped", m + PAGE, tmpdir);
	return 0;
}
