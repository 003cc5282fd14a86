/* Detecting and switching on SMEP and SMAP, and patching the stac/clac sites (see smap.h). */
#include "arch/smap.h"
#include "arch/x86.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include <stdint.h>

/* Addresses of every stac and clac, from the user_access_* pairs (kernel.ld collects them). */
extern const uint32_t __start_smap_sites[], __stop_smap_sites[];

static const uint8_t nop3[SMAP_SITE_LEN] = { 0x0F, 0x1F, 0x00 };   /* nopl (%eax) */

static bool smep_on, smap_on, have_smep, have_smap;

bool cpu_smep_on(void) { return smep_on; }
bool cpu_smap_on(void) { return smap_on; }

static uint32_t cpuid_7_ebx(void)
{
	uint32_t max, b, c, d;
	cpuid(0, &max, &b, &c, &d);
	if (max < CPUID_LEAF_EXT_FEATURES)
		return 0;
	uint32_t a;
	cpuid(CPUID_LEAF_EXT_FEATURES, &a, &b, &c, &d);
	return b;
}

static void patch_sites_to_nop(void)
{
	for (const uint32_t *s = __start_smap_sites; s < __stop_smap_sites; s++)
		memcpy((void *)*s, nop3, sizeof nop3);   /* the text is writable through the direct map */
	uint32_t a, b, c, d;
	cpuid(0, &a, &b, &c, &d);                    /* serialise: no stale prefetched stac */
}

void smap_patch_boot(void)
{
	if (!(cpuid_7_ebx() & CPUID_7_EBX_SMAP))
		patch_sites_to_nop();
}

void cpu_protect_init(bool allow_smep, bool allow_smap)
{
	uint32_t have = cpuid_7_ebx();
	uint32_t cr4 = read_cr4();
	if ((have & CPUID_7_EBX_SMEP) && allow_smep) {
		cr4 |= CR4_SMEP;
		smep_on = true;
	}
	if ((have & CPUID_7_EBX_SMAP) && allow_smap) {
		cr4 |= CR4_SMAP;
		smap_on = true;
	} else if (have & CPUID_7_EBX_SMAP) {
		patch_sites_to_nop();   /* nosmap: no window to open, and the sites cost what they do without SMAP */
	}
	user_access_end();              /* AC as the loader left it must not open the window */
	write_cr4(cr4);
	have_smep = have & CPUID_7_EBX_SMEP;
	have_smap = have & CPUID_7_EBX_SMAP;
}

void cpu_protect_banner(void)
{
	kprintf("cpu: SMEP %s, SMAP %s (%u stac/clac sites)\n",
		smep_on ? "on" : have_smep ? "off (nosmep)" : "off (not on this CPU)",
		smap_on ? "on" : have_smap ? "off (nosmap)" : "off (not on this CPU)",
		(unsigned)(__stop_smap_sites - __start_smap_sites));
}
