/*
 * Common ground for the host unit tests: cmocka and the headers it needs
 * before it, plus a small deterministic PRNG so that "random" tests give the
 * same sequence on every run (a failure is reproducible from its seed).
 */
#ifndef TEST_HOST_HOST_TEST_H
#define TEST_HOST_HOST_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* xorshift32: never returns 0 for a non-zero state. */
struct test_rng {
	uint32_t s;
};

static inline void rng_seed(struct test_rng *r, uint32_t seed)
{
	r->s = seed ? seed : 0x9E3779B9u;
}

static inline uint32_t rng_next(struct test_rng *r)
{
	uint32_t x = r->s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return r->s = x;
}

/* Uniform enough in [0, n) for tests; n > 0. */
static inline uint32_t rng_below(struct test_rng *r, uint32_t n)
{
	return (uint32_t)(((uint64_t)rng_next(r) * n) >> 32);
}

#endif
