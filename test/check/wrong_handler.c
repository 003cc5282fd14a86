/*
 * Deliberately wrong (make check): a handler whose parameters differ from its
 * gates.def line (write takes a user pointer and a length, not three
 * integers). It must not compile, or gates.def and the handlers can drift.
 */
#include "pfgate/gate_table.h"

long svc_write(uint32_t fd, uint32_t buf, uint32_t len)
{
	(void)fd, (void)buf, (void)len;
	return 0;
}
