/* help: sync: write every file system's changes to its disk */
#include "ulib.h"

int main(void)
{
	long r = sys_sync();
	if (is_err(r)) {
		dprintf(STDERR_FD, "sync: %s\n", strerror(r));
		return 1;
	}
	return 0;
}
