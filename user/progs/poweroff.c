/* help: poweroff: write every file system back to its disk and turn the machine off */
#include "ulib.h"

int main(void)
{
	long r = sys_poweroff();   /* returns only when the sync failed */
	dprintf(STDERR_FD, "poweroff: %s\n", strerror(r));
	return 1;
}
