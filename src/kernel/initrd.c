#include "kernel/initrd.h"
#include <stddef.h>

static const void *archive;
static uint32_t archive_len;

void initrd_init(const void *a, uint32_t len)
{
	archive = a;
	archive_len = len;
}

bool initrd_find(const char *name, struct ustar_entry *out)
{
	return archive && ustar_find(archive, archive_len, name, out);
}

bool initrd_next(uint32_t *offset, struct ustar_entry *out)
{
	return archive && ustar_entry_at(archive, archive_len, offset, out);
}
