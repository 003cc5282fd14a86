/* help: bigimage: a program with a 12 MiB bss, every page of it touched (time keeps meanwhile) */
/*
 * A program with a 12 MiB bss that reads every page of it: the kernel
 * promises 3072 frames at spawn and maps and zeroes each page at its first
 * touch, 3072 demand faults, much kernel work (hostilecase load_ticks times
 * spawn, run and exit against the clock). Exits 0 if the bss is zero where it
 * looks: the first, middle and last byte, and one byte of every page.
 */
#include "ulib.h"

#define BIG (12u << 20)
static volatile char big[BIG];

#define PAGE 4096u   /* the kernel's page: each step is a first touch */

int main(void)
{
	char r = big[0] | big[BIG / 2] | big[BIG - 1];
	for (unsigned i = PAGE / 2; i < BIG; i += PAGE)
		r |= big[i];
	return r;
}
