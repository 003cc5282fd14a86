/*
 * The kernel's random bytes, for /dev/random, /dev/urandom and Linux's
 * getrandom. NOT cryptographic: a SplitMix64 generator seeded from the TSC
 * and the CMOS clock at its first use, with the TSC mixed in again at every
 * call. Good for hash seeds, temporary names and stack canaries against
 * accident; a secret key needs a real entropy source (RDRAND, an interrupt
 * timing pool), which is not written.
 */
#ifndef DRIVERS_RANDOM_H
#define DRIVERS_RANDOM_H

#include <stddef.h>

void random_fill(void *buf, size_t n);

#endif
