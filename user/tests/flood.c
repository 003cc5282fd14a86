/* help: flood P R [input] [fills]: P writers flood the console at once, R records each (TAP) */
/*
 * Console flood: several processes write to the console at once, for the
 * interrupt-driven serial transmit. TAP, plus a throughput line.
 *   flood P R [input] [fills]
 *                       P writers (1..4) at once, R records each. With
 *                       "input", then reads one line of console input (sent
 *                       while the writers write) and prints it back. With
 *                       "fills", the UART is slower than the writers (Bochs'
 *                       takes emulated time per byte), so they must have
 *                       slept for room; QEMU's sends as fast as they copy
 *                       (interrupts are on while they do), so the queue
 *                       need not fill there.
 *   flood writer W R    (internal) writer W
 *
 * Writer W writes only characters of its own alphabet, the 16 from
 * '0' + 16 * W, and newlines, so the harness can pull each writer's bytes out
 * of the log and compare them with what it wrote: every byte once, in order.
 * Record s of writer W: s as 4 digits of W's alphabet, a payload of
 * (37 s + 11 W) mod 61 characters, W's (s + 7 i + W) mod 16-th for i = 0.., and
 * a newline (test/suite_console.py makes the same records). Records go out one
 * write each, but every 64th write carries records for FLOOD_BIG_WRITE bytes
 * or more: longer than the kernel's console queue, so it sleeps for room
 * where the UART is slower than the writer.
 */
#include "ulib.h"
#include "tap.h"

#define MAX_WRITERS     4
#define ALPHABET_BASE   '0'
#define ALPHABET_SIZE   16
#define PAYLOAD_MOD     61
#define FLOOD_BIG_WRITE 9000     /* more than twice the kernel's queue */
#define RECORD_MAX      (4 + PAYLOAD_MOD + 1)
#define LINE_MAX        128

static char big[FLOOD_BIG_WRITE + RECORD_MAX];

static unsigned record(unsigned w, unsigned s, char *out)
{
	const char base = (char)(ALPHABET_BASE + ALPHABET_SIZE * w);
	unsigned n = 0;
	for (int shift = 12; shift >= 0; shift -= 4)
		out[n++] = (char)(base + ((s >> shift) & 0xF));
	unsigned len = (37 * s + 11 * w) % PAYLOAD_MOD;
	for (unsigned i = 0; i < len; i++)
		out[n++] = (char)(base + (s + 7 * i + w) % ALPHABET_SIZE);
	out[n++] = '\n';
	return n;
}

static int writer(unsigned w, unsigned records)
{
	unsigned bad = 0, writes = 0;
	for (unsigned s = 0; s < records; writes++) {
		unsigned n = 0;
		if (writes % 64 == 32) {
			while (s < records && n < FLOOD_BIG_WRITE)
				n += record(w, s++, big + n);
		} else {
			n = record(w, s++, big);
		}
		bad += sys_write(STDOUT_FD, big, n) != (long)n;
	}
	return bad ? 1 : 0;
}

static struct pf_sysinfo sysinfo(void)
{
	struct pf_sysinfo si;
	memset(&si, 0, sizeof si);
	sys_sysinfo(&si);
	return si;
}

static uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * The clock for throughput: the TSC, at the rate it runs against the kernel's
 * timer while this sleeps (a kernel that polls its UART with interrupts off
 * loses timer ticks, so uptime_ms alone would flatter it). Sixteenths of a
 * tick keep the sums in 32 bits without 64-bit division (no libgcc here).
 */
#define TSC_SHIFT 4
static unsigned long next_tick(void)
{
	unsigned long u = sys_uptime_ms(), v;
	while ((v = sys_uptime_ms()) == u)
		;
	return v;
}

static uint32_t tsc16_per_ms(void)
{
	unsigned long u0 = next_tick();   /* from one timer tick to another: no rounding to the tick */
	uint64_t t0 = tsc();
	sys_sleep_ms(300);
	next_tick();
	uint64_t t1 = tsc();
	unsigned long ms = sys_uptime_ms() - u0;
	return (uint32_t)((t1 - t0) >> TSC_SHIFT) / (uint32_t)(ms ? ms : 1);
}

static unsigned long bytes_of(unsigned w, unsigned records)
{
	char rec[RECORD_MAX];
	unsigned long n = 0;
	for (unsigned s = 0; s < records; s++)
		n += record(w, s, rec);
	return n;
}

static void read_line(void)
{
	char line[LINE_MAX];
	unsigned n = 0;
	while (n < sizeof line - 1) {
		long r = sys_read(STDIN_FD, line + n, 1);
		if (r != 1 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	printf("flood: input \"%s\"\n", line);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "writer"))
		return writer((unsigned)atol(argv[2]), (unsigned)atol(argv[3]));
	unsigned procs = argc > 1 ? (unsigned)atol(argv[1]) : 4;
	unsigned records = argc > 2 ? (unsigned)atol(argv[2]) : 500;
	bool input = false, fills = false;
	for (int i = 3; i < argc; i++) {
		input |= !strcmp(argv[i], "input");
		fills |= !strcmp(argv[i], "fills");
	}
	if (procs < 1 || procs > MAX_WRITERS) {
		printf("usage: flood [1-%d writers] [records] [input] [fills]\n", MAX_WRITERS);
		return 2;
	}
	char wnum[MAX_WRITERS][8], rnum[16];
	snprintf(rnum, sizeof rnum, "%u", records);
	unsigned long bytes = 0;
	for (unsigned w = 0; w < procs; w++)
		bytes += bytes_of(w, records);
	unsigned long waits0 = sysinfo().console_full_waits;
	printf("flood: begin writers=%u records=%u bytes=%lu%s\n", procs, records, bytes,
	       input ? "; send a line" : "");
	uint32_t rate = tsc16_per_ms();
	uint64_t t0 = tsc();
	long pids[MAX_WRITERS];
	for (unsigned w = 0; w < procs; w++) {
		snprintf(wnum[w], sizeof wnum[w], "%u", w);
		const char *av[] = { "flood", "writer", wnum[w], rnum, NULL };
		pids[w] = sys_spawn("flood", av, NULL);
	}
	unsigned ok = 0;
	for (unsigned w = 0; w < procs; w++) {
		int st = -1;
		ok += !is_err(pids[w]) && sys_wait((int)pids[w], &st, 0) == pids[w] && st == 0;
	}
	uint64_t t_written = tsc();
	/* Writes return once queued: the bytes are out when the queue is empty (its last 16 in the FIFO). */
	while (sysinfo().console_queued)
		sys_sleep_ms(1);
	uint64_t t_sent = tsc();
	unsigned long waits = sysinfo().console_full_waits - waits0;
	printf("flood: end\n");
	uint32_t ms = (uint32_t)((t_sent - t0) >> TSC_SHIFT) / (rate ? rate : 1);
	uint32_t ms_written = (uint32_t)((t_written - t0) >> TSC_SHIFT) / (rate ? rate : 1);
	printf("# flood: %u writers, %lu bytes in %lu ms (writes returned after %lu ms): %lu bytes/s; "
	       "%lu waits for room; TSC %lu/ms\n", procs, bytes, (unsigned long)ms, (unsigned long)ms_written,
	       bytes * 1000 / (ms ? ms : 1), waits, (unsigned long)rate << TSC_SHIFT);
	TAP_EQ(ok, procs, "all %u writers wrote every record in full", procs);
	if (fills || waits)
		tap_ok(waits > 0, "writers slept for room in the console queue (%lu times), none spun or dropped", waits);
	else
		tap_skip("the UART kept up with the writers", "writers slept for room in the console queue");
	if (input)
		read_line();
	return tap_done();
}
