/* clock_gettime (vDSO on Linux), gettimeofday, time, nanosleep: relations, never values. */
#include "abi.h"
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec a, b, r;
	printf("CLOCK_MONOTONIC: %d\n", clock_gettime(CLOCK_MONOTONIC, &a));
	int ordered = 1, sane = 1;
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		ordered &= ns(b) >= ns(a);
		sane &= b.tv_nsec >= 0 && b.tv_nsec < 1000000000;
		a = b;
	}
	CHECK("monotonic never goes back", ordered);
	CHECK("tv_nsec within [0, 1e9)", sane);
	struct timespec real;
	printf("CLOCK_REALTIME: %d\n", clock_gettime(CLOCK_REALTIME, &real));
	CHECK("realtime after 2020", real.tv_sec > 1577836800);
	struct timeval tv;
	printf("gettimeofday: %d\n", gettimeofday(&tv, NULL));
	CHECK("gettimeofday within 2 s of CLOCK_REALTIME", tv.tv_sec - real.tv_sec < 2 && real.tv_sec - tv.tv_sec < 2);
	time_t t = time(NULL);
	CHECK("time() within 2 s of CLOCK_REALTIME", t - real.tv_sec < 2 && real.tv_sec - t < 2);
	printf("clock_getres MONOTONIC: %d\n", clock_getres(CLOCK_MONOTONIC, &r));
	CHECK("resolution at most 10 ms", r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10000000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct timespec nap = { 0, 20000000 };
	printf("nanosleep 20 ms: %d\n", nanosleep(&nap, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK("at least 20 ms passed", ns(b) - ns(a) >= 20000000);
	EXPECT_FAIL("clock_gettime bad clock", clock_gettime(12345, &a));
	EXPECT_FAIL("nanosleep negative", ({ struct timespec bad = { 0, -1 }; nanosleep(&bad, NULL); }));
	struct timespec cpu;
	printf("CLOCK_PROCESS_CPUTIME_ID: %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu));
	return 0;
}
