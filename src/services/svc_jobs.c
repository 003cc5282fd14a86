/* Job control services: naming the console's foreground process. */
#include "pfgate/gate_table.h"
#include "tty/foreground.h"

long svc_setfg(int pid)
{
	return foreground_set(pid);
}

long svc_fgadd(int pid)
{
	return foreground_add(pid);
}
