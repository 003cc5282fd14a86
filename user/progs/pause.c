/* help: pause: sleep until killed */
/* pause: sleeps until killed (for filling the process table). */
#include "ulib.h"

int main(void)
{
	for (;;)
		sys_sleep_ms(1000000);
}
