/* GDT (flat ring 0 and ring 3 segments) and the TSS that gives ring 3 a kernel stack. */
#include "arch/segments.h"
#include "lib/string.h"
#include "arch/x86.h"

#define SEG_LIMIT_4G   0xFFFFFu
#define ACC_CODE_DATA  0x10   /* S: code or data, not system */
#define ACC_EXEC_READ  0x0A
#define ACC_READ_WRITE 0x02
#define ACC_TSS32      0x09   /* available 32-bit TSS */
#define FLAG_4K        0x08   /* limit in 4 KiB units */
#define FLAG_32BIT     0x04

struct descriptor_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static struct gdt_entry base_gdt[GDT_ENTRIES];
static struct gdt_entry *gdt = base_gdt;   /* the table in use (gdt_extend) */
struct gdt_entry *gdt_tls = &base_gdt[GDT_TLS];
struct tss tss;
static struct tss df_tss;

static void set_entry(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	gdt[i].limit_lo = limit & 0xFFFF;
	gdt[i].base_lo = base & 0xFFFF;
	gdt[i].base_mid = (base >> 16) & 0xFF;
	gdt[i].access = access;
	gdt[i].limit_hi_flags = (uint8_t)(((limit >> 16) & 0x0F) | (flags << 4));
	gdt[i].base_hi = (base >> 24) & 0xFF;
}

void gdt_init(void)
{
	set_entry(GDT_NULL, 0, 0, 0, 0);
	set_entry(GDT_KCODE, 0, SEG_LIMIT_4G, ACC_PRESENT | ACC_CODE_DATA | ACC_EXEC_READ, FLAG_4K | FLAG_32BIT);
	set_entry(GDT_KDATA, 0, SEG_LIMIT_4G, ACC_PRESENT | ACC_CODE_DATA | ACC_READ_WRITE, FLAG_4K | FLAG_32BIT);
	set_entry(GDT_UCODE, 0, SEG_LIMIT_4G, ACC_PRESENT | ACC_DPL3 | ACC_CODE_DATA | ACC_EXEC_READ, FLAG_4K | FLAG_32BIT);
	set_entry(GDT_UDATA, 0, SEG_LIMIT_4G, ACC_PRESENT | ACC_DPL3 | ACC_CODE_DATA | ACC_READ_WRITE, FLAG_4K | FLAG_32BIT);
	memset(&tss, 0, sizeof tss);
	tss.ss0 = SEG_KDATA;
	/* An I/O map base past the limit: no I/O bitmap, so ring 3 has no port access. */
	tss.iomap_base = sizeof tss;
	set_entry(GDT_TSS, (uint32_t)&tss, sizeof tss - 1, ACC_PRESENT | ACC_TSS32, 0);

	struct descriptor_ptr gdtr = { sizeof base_gdt - 1, (uint32_t)base_gdt };
	__asm__ volatile(
		"lgdt %0\n"
		"ljmp %1, $1f\n"          /* reload CS */
		"1:\n"
		"movw %w2, %%ax\n"
		"movw %%ax, %%ss\n"
		"movw %%ax, %%fs\n"
		"movw %%ax, %%gs\n"
		"ltr %w3\n"
		/* A null LDT: otherwise the CPU keeps its reset LDT (base 0, limit
		 * 0xFFFF), and a selector with TI set would read descriptors from user memory. */
		"lldt %w4\n"
		"movw %w5, %%ax\n"
		"movw %%ax, %%ds\n"
		"movw %%ax, %%es\n"
		: : "m"(gdtr), "i"(SEG_KCODE), "r"(SEG_KDATA), "r"(SEG_TSS), "r"(0), "r"(SEG_KERNEL_DS) : "eax", "memory");
}

bool sysenter_follows;

void tss_follow_sysenter(bool on) { sysenter_follows = on; }

uint32_t tss_kernel_stack(void) { return tss.esp0; }

/*
 * The selectors in use stay valid: their entries are the same at the same
 * indices, so no segment register is reloaded. The TSS descriptor is copied
 * with its busy bit, as TR was loaded from it.
 */
void gdt_extend(struct gdt_entry *table, unsigned n)
{
	memcpy(table, gdt, sizeof base_gdt);
	gdt = table;
	gdt_tls = &table[GDT_TLS];
	struct descriptor_ptr gdtr = { (uint16_t)(n * sizeof *table - 1), (uint32_t)table };
	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
}

void gdt_set_double_fault_task(uint32_t eip, uint32_t esp, uint32_t cr3)
{
	memset(&df_tss, 0, sizeof df_tss);
	df_tss.eip = eip;
	df_tss.esp = df_tss.esp0 = esp;
	df_tss.ss = df_tss.ss0 = SEG_KDATA;
	df_tss.cs = SEG_KCODE;
	df_tss.ds = df_tss.es = df_tss.fs = df_tss.gs = SEG_KDATA;
	df_tss.eflags = EFLAGS_RSVD;   /* interrupts off */
	df_tss.cr3 = cr3;
	df_tss.iomap_base = sizeof df_tss;
	set_entry(GDT_DF_TSS, (uint32_t)&df_tss, sizeof df_tss - 1, ACC_PRESENT | ACC_TSS32, 0);
}

void tss_saved_state(struct tss_saved *out)
{
	*out = (struct tss_saved){ tss.eip, tss.esp, tss.ebp, tss.eflags, tss.cs };
}
