/* Job control services: naming the console's foreground process. */
#include "pfgate/gate_table.h"
#include "kernel/foreground.h"

long svc_setfg(uint32_t pid, uint32_t a1, uint32_t a2)
{
	(void)a1, (void)a2;
	return foreground_set((int)pid);
}
