/* Pure C: host tests feed it crafted buffers. */
#include "mm/memmap.h"
#include "boot/multiboot.h"
#include <stddef.h>

unsigned memmap_parse(const void *buf, uint32_t len, struct mem_region *out, unsigned max, uint64_t *ram_top)
{
	const unsigned char *p = buf;
	uint32_t off = 0;
	unsigned n = 0;
	*ram_top = 0;
	/* Every entry is a 4-byte size and then at least base, length and type. */
	const uint32_t min_size = sizeof(struct mb_mmap_entry) - sizeof(uint32_t);
	while (n < max && len - off >= sizeof(struct mb_mmap_entry) && off < len) {
		const struct mb_mmap_entry *e = (const void *)(p + off);
		if (e->size < min_size || e->size > len - off - sizeof(uint32_t))
			break;
		out[n].base = e->addr;
		out[n].len = e->len;
		out[n].available = e->type == MB_MMAP_AVAILABLE;
		if (out[n].available && e->len) {
			uint64_t end = e->addr + e->len;
			if (end < e->addr)
				end = UINT64_MAX;
			if (end > *ram_top)
				*ram_top = end;
		}
		n++;
		off += e->size + sizeof(uint32_t);
	}
	return n;
}
