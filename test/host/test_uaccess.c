/*
 * user_addr_range_ok: the upper-half check every user pointer passes
 * (user_range_ok is the same check on a __user pointer).
 */
#include "host_test.h"
#include "mm/uaccess.h"

/* The reference: [addr, addr+len) ends at or below KERNEL_BASE, computed without wrap. */
static bool reference(uint32_t addr, uint32_t len)
{
	return (uint64_t)addr + len <= KERNEL_BASE;
}

/* Ranges wholly below the boundary are accepted, including len 0 and an exact fit. */
static void test_accepts(void **state)
{
	(void)state;
	assert_true(user_addr_range_ok(0, 0));
	assert_true(user_addr_range_ok(0, 1));
	assert_true(user_addr_range_ok(1, 0));
	assert_true(user_addr_range_ok(1, 1));
	assert_true(user_addr_range_ok(0, KERNEL_BASE));
	assert_true(user_addr_range_ok(1, KERNEL_BASE - 1));
	assert_true(user_addr_range_ok(KERNEL_BASE - 1, 0));
	assert_true(user_addr_range_ok(KERNEL_BASE - 1, 1));
	assert_true(user_addr_range_ok(KERNEL_BASE - 4, 4));
	assert_true(user_addr_range_ok(USER_BASE, 0x1000));
}

/* len 0 at the boundary itself is an empty range and fine; one byte more is not. */
static void test_boundary_empty(void **state)
{
	(void)state;
	assert_true(user_addr_range_ok(KERNEL_BASE, 0));
	assert_false(user_addr_range_ok(KERNEL_BASE, 1));
	assert_false(user_addr_range_ok(KERNEL_BASE + 1, 0));
	assert_false(user_addr_range_ok(0xFFFFFFFFu, 0));
}

/* Straddling the boundary by a single byte is refused. */
static void test_straddle_by_one(void **state)
{
	(void)state;
	assert_false(user_addr_range_ok(0, KERNEL_BASE + 1));
	assert_false(user_addr_range_ok(1, KERNEL_BASE));
	assert_false(user_addr_range_ok(KERNEL_BASE - 1, 2));
	assert_false(user_addr_range_ok(KERNEL_BASE - 4, 5));
	assert_false(user_addr_range_ok(GATE_BASE, GATE_WINDOW_SIZE + 1));
}

/* Lengths that would wrap the 32-bit sum past zero are refused, not let through. */
static void test_wrapping_lengths(void **state)
{
	(void)state;
	assert_false(user_addr_range_ok(1, 0xFFFFFFFFu));        /* 1 + len wraps to 0 */
	assert_false(user_addr_range_ok(0x1000, 0xFFFFF000u));   /* sum wraps to exactly 0 */
	assert_false(user_addr_range_ok(0x1000, 0xFFFFFFFFu));
	assert_false(user_addr_range_ok(KERNEL_BASE - 1, 0xFFFFFFFFu));
	assert_false(user_addr_range_ok(0x40000000u, KERNEL_BASE + 1));
	assert_false(user_addr_range_ok(0, 0xFFFFFFFFu));
	assert_false(user_addr_range_ok(0xFFFFFFFFu, 1));
	assert_false(user_addr_range_ok(0xFFFFFFFFu, 0xFFFFFFFFu));
}

/* Kernel addresses are refused whatever the length. */
static void test_kernel_addresses(void **state)
{
	(void)state;
	assert_false(user_addr_range_ok(KERNEL_BASE, 4));
	assert_false(user_addr_range_ok(KERNEL_BASE + 0x100000u, 0x1000));
	assert_false(user_addr_range_ok(0xFFFFF000u, 0x1000));
	assert_false(user_addr_range_ok(0xFFFFFFFFu, 0xFFFFFFFFu));
}

/* On a grid of edge values and random pairs, the check equals the 64-bit reference. */
static void test_matches_reference(void **state)
{
	(void)state;
	static const uint32_t base[] = {
		0, 1, 2, 3, 4, 0xFFF, 0x1000, 0x1001, 0x7FFFFFFFu, 0x80000000u, 0x80000001u,
		GATE_BASE - 1, GATE_BASE, GATE_BASE + 1, KERNEL_BASE - 4, KERNEL_BASE - 2,
		KERNEL_BASE - 1, KERNEL_BASE, KERNEL_BASE + 1, 0x3FFFFFFFu, 0x40000000u,
		0x40000001u, 0xFFFFFFFEu, 0xFFFFFFFFu,
	};
	/* Also every value that is a sum/difference of two grid points. */
	unsigned checked = 0, accepted = 0;
	for (size_t i = 0; i < ARRAY_LEN(base); i++)
		for (size_t j = 0; j < ARRAY_LEN(base); j++)
			for (int di = -1; di <= 1; di++) {
				uint32_t a = base[i], l = base[j] + (uint32_t)di;
				uint32_t pairs[][2] = { { a, l }, { a, KERNEL_BASE - a + (uint32_t)di }, { a, 0u - a + (uint32_t)di } };
				for (size_t k = 0; k < ARRAY_LEN(pairs); k++) {
					bool want = reference(pairs[k][0], pairs[k][1]);
					if (user_addr_range_ok(pairs[k][0], pairs[k][1]) != want)
						fail_msg("user_addr_range_ok(0x%08x, 0x%08x) != %d", pairs[k][0], pairs[k][1], want);
					checked++;
					accepted += want;
				}
			}
	/* The grid must exercise both answers, or it proves nothing. */
	assert_true(accepted > 100);
	assert_true(checked - accepted > 100);

	struct test_rng r;
	rng_seed(&r, 12345);
	for (int i = 0; i < 1000000; i++) {
		uint32_t a = rng_next(&r), l = rng_next(&r);
		if (i & 1)
			l >>= rng_below(&r, 32);   /* bias towards lengths that fit */
		if (user_addr_range_ok(a, l) != reference(a, l))
			fail_msg("user_addr_range_ok(0x%08x, 0x%08x) wrong", a, l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_boundary_empty),
		cmocka_unit_test(test_straddle_by_one),
		cmocka_unit_test(test_wrapping_lengths),
		cmocka_unit_test(test_kernel_addresses),
		cmocka_unit_test(test_matches_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
