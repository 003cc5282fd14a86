/*
 * The initrd, read once: initrd_init walks the archive (checksums, octal
 * sizes, names) and keeps every entry in an index, so that a lookup (every
 * spawn and open) compares names only. The archive never changes.
 */
#include "kernel/initrd.h"
#include "kernel/string.h"
#include <stddef.h>

#define INITRD_INDEX_MAX 256   /* entries indexed; a larger archive is searched as before past them */

static const void *archive;
static uint32_t archive_len;
static struct ustar_entry index_entries[INITRD_INDEX_MAX];
static unsigned index_count;
static bool index_complete;     /* the index holds every entry up to the archive's end */

void initrd_init(const void *a, uint32_t len)
{
	archive = a;
	archive_len = len;
	uint32_t off = 0;
	index_count = 0;
	while (index_count < INITRD_INDEX_MAX && ustar_entry_at(a, len, &off, &index_entries[index_count]))
		index_count++;
	struct ustar_entry more;
	uint32_t probe = off;
	index_complete = index_count < INITRD_INDEX_MAX || !ustar_entry_at(a, len, &probe, &more);
}

bool initrd_find(const char *name, struct ustar_entry *out)
{
	if (!archive)
		return false;
	for (unsigned i = 0; i < index_count; i++)
		if (ustar_name_eq(name, index_entries[i].name)) {
			*out = index_entries[i];
			return true;
		}
	return !index_complete && ustar_find(archive, archive_len, name, out);
}

bool initrd_next(uint32_t *offset, struct ustar_entry *out)
{
	return archive && ustar_entry_at(archive, archive_len, offset, out);
}
