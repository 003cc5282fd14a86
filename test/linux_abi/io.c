/* write, writev, read and readv: counts, order, short reads at end of data, bad descriptors. */
#include "abi.h"
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	printf("write: %zd\n", write(1, "hello, world\n", 13));
	struct iovec iov[3] = {
		{ "one ", 4 }, { "", 0 }, { "two three\n", 10 },
	};
	printf("writev: %zd\n", writev(1, iov, 3));
	int p[2];
	if (pipe(p) != 0)
		return 1;
	printf("pipe write: %zd\n", write(p[1], "abcdefghij", 10));
	char buf[64];
	printf("read 4: %zd\n", read(p[0], buf, 4));
	printf("read bytes: %.4s\n", buf);
	char a[3], b[2];
	struct iovec rv[2] = { { a, sizeof a }, { b, sizeof b } };
	printf("readv: %zd %.3s %.2s\n", readv(p[0], rv, 2), a, b);
	printf("read rest (asked 64): %zd\n", read(p[0], buf, sizeof buf));
	close(p[1]);
	printf("read at end: %zd\n", read(p[0], buf, sizeof buf));
	printf("read 0 bytes: %zd\n", read(p[0], buf, 0));
	close(p[0]);
	EXPECT_FAIL("read closed fd", read(p[0], buf, 1));
	EXPECT_FAIL("write fd 99", write(99, "x", 1));
	EXPECT_FAIL("write fd -1", write(-1, "x", 1));
	EXPECT_FAIL("write from a bad pointer", write(1, bad_pointer(), 1));
	struct iovec bad[1] = { { "x", (size_t)-1 } };
	EXPECT_FAIL("writev huge length", writev(1, bad, 1));
	EXPECT_FAIL("writev negative count", writev(1, iov, opaque(-1)));
	return 0;
}
