/* help: hello: one write through the write gate */
/* The smallest gate caller: one write through the write gate, nothing else in between. */
#include "ulib.h"

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	static const char msg[] = "hello, world: printed through the write gate\n";
	long r = sys_write(STDOUT_FD, msg, sizeof msg - 1);
	return r == (long)(sizeof msg - 1) ? 0 : 1;
}
