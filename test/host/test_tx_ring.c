/* The serial transmit queue (drivers/tx_ring.h): order, room, wrap, CR LF on the wire. */
#include "host_test.h"
#include "drivers/tx_ring.h"

static struct tx_ring ring;

static void reset(uint32_t start)
{
	memset(&ring, 0, sizeof ring);
	ring.head = ring.tail = start;   /* free-running indices: start anywhere, even near 2^32 */
}

/* Drain everything onto a "wire", max bytes per batch, as the UART's FIFO takes them. */
static size_t drain(uint8_t *wire, size_t cap, unsigned max)
{
	size_t n = 0;
	for (;;) {
		uint8_t batch[16];
		unsigned got = tx_ring_take_wire(&ring, batch, max);
		assert_true(got <= max);
		if (!got)
			return n;
		assert_true(n + got <= cap);
		memcpy(wire + n, batch, got);
		n += got;
	}
}

static void test_empty_and_full(void **state)
{
	(void)state;
	reset(0);
	assert_true(tx_ring_empty(&ring));
	assert_int_equal(tx_ring_room(&ring), TX_RING_SIZE);
	for (unsigned i = 0; i < TX_RING_SIZE; i++)
		assert_true(tx_ring_put(&ring, (char)('a' + i % 26)));
	assert_int_equal(tx_ring_room(&ring), 0);
	assert_false(tx_ring_put(&ring, 'x'));   /* full: refused, nothing overwritten */
	uint32_t len;
	tx_ring_span(&ring, &len);
	assert_int_equal(len, 0);
	uint8_t out[16];
	assert_int_equal(tx_ring_take_wire(&ring, out, 16), 16);
	assert_memory_equal(out, "abcdefghijklmnop", 16);
	assert_int_equal(tx_ring_room(&ring), 16);
}

/* LF becomes CR LF, also when the CR ends one batch and the LF starts the next. */
static void test_crlf_across_batches(void **state)
{
	(void)state;
	for (unsigned max = 1; max <= 16; max++) {
		reset(0);
		const char *text = "ab\n\ncd\nefghijklmno\n";
		for (const char *p = text; *p; p++)
			assert_true(tx_ring_put(&ring, *p));
		uint8_t wire[64];
		size_t n = drain(wire, sizeof wire, max);
		const char *want = "ab\r\n\r\ncd\r\nefghijklmno\r\n";
		assert_int_equal(n, strlen(want));
		assert_memory_equal(wire, want, n);
		assert_true(tx_ring_empty(&ring));
	}
}

/* Spans never cross the end of the buffer; committed bytes come out in order across the wrap. */
static void test_spans_wrap(void **state)
{
	(void)state;
	reset(0xFFFFFFFFu - 100);   /* the indices themselves wrap during this test */
	struct test_rng rng;
	rng_seed(&rng, 15);
	static uint8_t wire[1 << 20];
	size_t wrote = 0, read = 0;
	while (wrote < 200000) {
		uint32_t len;
		char *dst = tx_ring_span(&ring, &len);
		assert_true(dst >= ring.buf && dst + len <= ring.buf + TX_RING_SIZE);
		assert_true(len <= tx_ring_room(&ring));
		uint32_t n = len ? rng_below(&rng, len) + 1 : 0;
		for (uint32_t i = 0; i < n; i++)
			dst[i] = (char)('A' + (wrote + i) % 23);   /* no LF: one wire byte per ring byte */
		tx_ring_commit(&ring, n);
		wrote += n;
		unsigned batch = rng_below(&rng, 16) + 1;
		for (unsigned k = rng_below(&rng, 300); k--;) {
			uint8_t out[16];
			unsigned got = tx_ring_take_wire(&ring, out, batch);
			for (unsigned i = 0; i < got; i++) {
				assert_int_equal(out[i], 'A' + read % 23);
				read++;
			}
			if (!got)
				break;
		}
	}
	read += drain(wire, sizeof wire, 16);
	assert_int_equal(read, wrote);
	assert_true(tx_ring_empty(&ring));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_full),
		cmocka_unit_test(test_crlf_across_batches),
		cmocka_unit_test(test_spans_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
