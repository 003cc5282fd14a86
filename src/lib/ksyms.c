#include "lib/ksyms.h"
#include "lib/string.h"

/* Generated (tools/gen/ksyms.sh): sorted by address; names packed NUL-separated. */
extern const uint32_t ksyms_count;
extern const uint32_t ksyms_addr[];
extern const uint32_t ksyms_name_off[];
extern const char ksyms_names[];
extern const char _text_end[];

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
	if (ksyms_count == 0 || addr < ksyms_addr[0] || addr >= (uint32_t)_text_end)
		return NULL;
	uint32_t lo = 0, hi = ksyms_count;   /* last entry <= addr is in [lo, hi) */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addr[lo];
	return ksyms_names + ksyms_name_off[lo];
}
