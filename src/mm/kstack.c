#include "mm/kstack.h"
#include "mm/paging.h"
#include "mm/frames.h"
#include "arch/x86.h"

_Static_assert(NPROC * KSTACK_SLOT_SIZE <= PDE_SPAN, "every kernel stack in the region's one page table");
_Static_assert(KSTACK_AREA % PDE_SPAN == 0, "the region starts a directory entry");
_Static_assert(NPROC * KSTACK_SLOT_SIZE <= KSTACK_AREA_SIZE, "every slot fits the region's one page table");
_Static_assert(KSTACK_BOOT_TOP - KSTACK_AREA <= PDE_SPAN, "the boot stack fits it too");
_Static_assert(BOOT_STACK_SIZE % PAGE_SIZE == 0, "the boot stack is whole pages");

static pte_t kstack_pt[PTE_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

void kstack_init(void)
{
	kernel_page_dir[PDX(KSTACK_AREA)] = V2P(kstack_pt) | PTE_P | PTE_W;
}

void kstack_free(unsigned slot)
{
	for (uint32_t i = 0; i < KSTACK_PAGES; i++) {
		uint32_t va = kstack_base(slot) + i * PAGE_SIZE;
		pte_t *pte = &kstack_pt[PTX(va)];
		if (*pte & PTE_P)
			frame_free(*pte & PTE_ADDR_MASK);
		*pte = 0;
		invlpg(va);
	}
}

uint32_t kstack_alloc(unsigned slot)
{
	for (uint32_t i = 0; i < KSTACK_PAGES; i++) {
		uint32_t pa = frame_alloc_raw();   /* the kernel's own: never read before written, never seen by users */
		if (!pa) {
			kstack_free(slot);
			return 0;
		}
		kstack_pt[PTX(kstack_base(slot) + i * PAGE_SIZE)] = pa | PTE_P | PTE_W;
	}
	return kstack_base(slot);
}

bool kstack_guard_hit(uint32_t addr, unsigned *slot)
{
	if (addr < KSTACK_AREA || addr - KSTACK_AREA >= NPROC * KSTACK_SLOT_SIZE)
		return false;
	uint32_t off = addr - KSTACK_AREA;
	if (off % KSTACK_SLOT_SIZE >= PAGE_SIZE)
		return false;
	*slot = off / KSTACK_SLOT_SIZE;
	return true;
}

bool kstack_mapped(uint32_t addr, uint32_t len)
{
	if (addr < KSTACK_AREA || len == 0 || addr - KSTACK_AREA >= PDE_SPAN || PDE_SPAN - (addr - KSTACK_AREA) < len)
		return false;
	for (uint32_t va = addr & ~PAGE_OFFSET_MASK; va < addr + len; va += PAGE_SIZE)
		if (!(kstack_pt[PTX(va)] & PTE_P))
			return false;
	return true;
}

uint32_t kstack_boot_alloc(void)
{
	for (uint32_t va = KSTACK_BOOT_BASE; va < KSTACK_BOOT_TOP; va += PAGE_SIZE) {
		uint32_t pa = frame_alloc();
		if (!pa)
			return 0;   /* at boot: the caller panics */
		kstack_pt[PTX(va)] = pa | PTE_P | PTE_W;
	}
	return KSTACK_BOOT_TOP;
}
