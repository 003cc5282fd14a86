/* help: bigimage: a program with a 12 MiB bss (the loader keeps time while it maps it) */
/*
 * A program with a 12 MiB bss: spawning it makes the loader map and zero
 * 3072 pages, long kernel work (hostilecase load_ticks times it against the
 * clock). Exits 0 if the bss is zero where it looks.
 */
#include "ulib.h"

#define BIG (12u << 20)
static volatile char big[BIG];

int main(void)
{
	return big[0] | big[BIG / 2] | big[BIG - 1];
}
