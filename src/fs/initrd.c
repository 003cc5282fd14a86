/*
 * The initrd, read once: initrd_init walks the archive (checksums, octal
 * sizes, names) and keeps every entry in an index, so that a lookup (every
 * spawn and open) compares names only. The archive never changes.
 */
#include "fs/initrd.h"
#include "lib/string.h"
#include <stddef.h>

#define INITRD_INDEX_MAX 256   /* entries indexed; a larger archive is searched as before past them */

static const void *archive;
static uint32_t archive_len;
static struct ustar_entry index_entries[INITRD_INDEX_MAX];
static unsigned index_count;
static bool index_complete;     /* the index holds every entry up to the archive's end */

/* Chains of entries by a hash of the name (without a directory's trailing '/'), in archive order. */
#define HASH_BUCKETS 64
#define CHAIN_END 0xFFFF
static uint16_t bucket_first[HASH_BUCKETS], chain_next[INITRD_INDEX_MAX];

/* FNV-1a over the name up to its end or a final '/': "dir/" and "dir" land together. */
static unsigned name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s && !(s[0] == '/' && s[1] == '\0'); s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h % HASH_BUCKETS;
}

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
	uint16_t last[HASH_BUCKETS];
	for (unsigned b = 0; b < HASH_BUCKETS; b++)
		bucket_first[b] = last[b] = CHAIN_END;
	for (unsigned i = 0; i < index_count; i++) {
		unsigned b = name_hash(index_entries[i].name);
		chain_next[i] = CHAIN_END;
		if (last[b] == CHAIN_END)
			bucket_first[b] = (uint16_t)i;
		else
			chain_next[last[b]] = (uint16_t)i;
		last[b] = (uint16_t)i;
	}
}

bool initrd_find(const char *name, struct ustar_entry *out)
{
	if (!archive)
		return false;
	const char *key = name;
	while (*key == '/')
		key++;   /* as ustar_name_eq skips them */
	for (unsigned i = bucket_first[name_hash(key)]; i != CHAIN_END; i = chain_next[i])
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
