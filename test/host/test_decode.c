/* pfgate_decode: is this #PF a gate call, and which gate? */
#include "host_test.h"
#include "pfgate/decode.h"

/* A user-mode, not-present fault: what a call into a gate page produces. */
#define ERR_USER_FETCH PF_ERR_U
#define LAST_GATE (GATE_COUNT - 1)

static int call(uint32_t addr) { return pfgate_decode(ERR_USER_FETCH, addr, addr); }

/* The layout constants the decode relies on are the ones docs/design.md fixes. */
static void test_layout_constants(void **state)
{
	(void)state;
	assert_int_equal(GATE_BASE, 0xBFC00000u);
	assert_int_equal(GATE_WINDOW_SIZE, 0x400000u);
	assert_int_equal(GATE_BASE + GATE_WINDOW_SIZE, KERNEL_BASE);
}

/* A fetch at the first byte of gates 0, 1, 2, 512 and 1023 decodes to that gate. */
static void test_gate_page_starts(void **state)
{
	(void)state;
	assert_int_equal(call(GATE_BASE), 0);
	assert_int_equal(call(GATE_BASE + PAGE_SIZE), 1);
	assert_int_equal(call(GATE_ADDR(2)), 2);
	assert_int_equal(call(GATE_ADDR(512)), 512);
	assert_int_equal(call(GATE_ADDR(LAST_GATE)), (int)LAST_GATE);
	assert_int_equal(call(KERNEL_BASE - PAGE_SIZE), (int)LAST_GATE);
}

/* Every one of the 1024 gate page starts maps to its own number. */
static void test_every_gate(void **state)
{
	(void)state;
	for (uint32_t n = 0; n < GATE_COUNT; n++)
		assert_int_equal(call(GATE_ADDR(n)), (int)n);
}

/* The instruction-fetch bit (reported only with NX) does not stop a gate call. */
static void test_fetch_bit_ignored(void **state)
{
	(void)state;
	assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_I, GATE_ADDR(7), GATE_ADDR(7)), 7);
}

/* A fetch inside a gate page but not at its first byte is MISALIGNED. */
static void test_misaligned(void **state)
{
	(void)state;
	assert_int_equal(call(GATE_BASE + 1), PFGATE_MISALIGNED);
	assert_int_equal(call(GATE_BASE + 0xFFF), PFGATE_MISALIGNED);
	assert_int_equal(call(GATE_ADDR(1) + 1), PFGATE_MISALIGNED);
	assert_int_equal(call(GATE_ADDR(1) + 0x800), PFGATE_MISALIGNED);
	assert_int_equal(call(GATE_ADDR(LAST_GATE) + 1), PFGATE_MISALIGNED);
	assert_int_equal(call(KERNEL_BASE - 1), PFGATE_MISALIGNED);
}

/* A read (CR2 != EIP) or a write of a gate page is DATA, aligned or not. */
static void test_data_access(void **state)
{
	(void)state;
	uint32_t eip = 0x00401234u;
	assert_int_equal(pfgate_decode(PF_ERR_U, GATE_BASE, eip), PFGATE_DATA);
	assert_int_equal(pfgate_decode(PF_ERR_U, GATE_ADDR(5) + 3, eip), PFGATE_DATA);
	assert_int_equal(pfgate_decode(PF_ERR_U, KERNEL_BASE - 1, eip), PFGATE_DATA);
	/* EIP one past CR2: still not a fetch at CR2. */
	assert_int_equal(pfgate_decode(PF_ERR_U, GATE_ADDR(3), GATE_ADDR(3) + 1), PFGATE_DATA);
	/* A write flagged at an address equal to EIP is still a write, not a call. */
	assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_W, GATE_ADDR(3), GATE_ADDR(3)), PFGATE_DATA);
	assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_W, GATE_ADDR(3), eip), PFGATE_DATA);
}

/* Kernel-mode, present-page and reserved-bit faults are never gate calls. */
static void test_wrong_error_code(void **state)
{
	(void)state;
	uint32_t a = GATE_ADDR(4);
	assert_int_equal(pfgate_decode(0, a, a), PFGATE_NOT_GATE);
	assert_int_equal(pfgate_decode(PF_ERR_W, a, a), PFGATE_NOT_GATE);
	assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_P, a, a), PFGATE_NOT_GATE);
	assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_RSVD, a, a), PFGATE_NOT_GATE);
	assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_P | PF_ERR_RSVD, a, a), PFGATE_NOT_GATE);
	/* Kernel-mode data access to a gate page: an ordinary kernel fault, not DATA. */
	assert_int_equal(pfgate_decode(PF_ERR_W, a, 0xC0101234u), PFGATE_NOT_GATE);
}

/* Addresses outside the window, including both edges, are NOT_GATE. */
static void test_outside_window(void **state)
{
	(void)state;
	static const uint32_t outside[] = {
		0, 1, 0x1000, USER_BASE, USER_STACK_TOP, GATE_BASE - PAGE_SIZE, GATE_BASE - 1,
		GATE_BASE + GATE_WINDOW_SIZE, KERNEL_BASE, KERNEL_BASE + 1, 0xFFFFF000u, 0xFFFFFFFFu,
	};
	for (size_t i = 0; i < ARRAY_LEN(outside); i++) {
		uint32_t a = outside[i];
		assert_int_equal(call(a), PFGATE_NOT_GATE);
		assert_int_equal(pfgate_decode(PF_ERR_U, a, 0x00401000u), PFGATE_NOT_GATE);
		assert_int_equal(pfgate_decode(PF_ERR_U | PF_ERR_W, a, a), PFGATE_NOT_GATE);
	}
	/* The byte just inside each edge is in the window. */
	assert_int_equal(call(GATE_BASE), 0);
	assert_int_equal(call(GATE_BASE + GATE_WINDOW_SIZE - 1), PFGATE_MISALIGNED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_constants),
		cmocka_unit_test(test_gate_page_starts),
		cmocka_unit_test(test_every_gate),
		cmocka_unit_test(test_fetch_bit_ignored),
		cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_data_access),
		cmocka_unit_test(test_wrong_error_code),
		cmocka_unit_test(test_outside_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
