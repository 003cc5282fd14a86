/* getdents64 through readdir, listed sorted (directory order is the file system's own),
 * and a raw getdents64's record layout. argv[1]: the shipped folder. */
#include "abi.h"
#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct raw_dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	DIR *d = opendir(argv[1]);
	CHECK("opendir", d != NULL);
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		char line[300];
		const char *t = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file" : e->d_type == DT_LNK ? "link" : "other";
		snprintf(line, sizeof line, "%s %s", e->d_name, t);
		names[n++] = strdup(line);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	for (int i = 0; i < n; i++)
		printf("entry: %s\n", names[i]);

	int fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	char buf[4096];
	long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
	int count = 0, aligned = 1, terminated = 1;
	for (long off = 0; off < got;) {
		struct raw_dirent64 *r = (struct raw_dirent64 *)(buf + off);
		count++;
		aligned &= r->reclen % 8 == 0;
		terminated &= memchr(r->name, 0, r->reclen - offsetof(struct raw_dirent64, name)) != NULL;
		off += r->reclen;
	}
	printf("getdents64 entries: %d\n", count);
	CHECK("records 8-byte aligned", aligned);
	CHECK("names NUL-terminated within the record", terminated);
	printf("getdents64 again at the end: %ld\n", syscall(SYS_getdents64, fd, buf, sizeof buf));
	EXPECT_FAIL("getdents64 with a 1-byte buffer", (lseek(fd, 0, SEEK_SET), syscall(SYS_getdents64, fd, buf, 1)));
	close(fd);
	EXPECT_FAIL("getdents64 on a file", ({ int f = open(argv[0], O_RDONLY); long r = syscall(SYS_getdents64, f, buf, sizeof buf); r; }));
	EXPECT_FAIL("opendir a missing folder", (long)opendir("/no/such/dir") == 0 ? -1 : 0);
	return 0;
}
