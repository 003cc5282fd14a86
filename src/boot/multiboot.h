/* Multiboot 1 as GRUB and QEMU's -kernel loader hand it to us. */
#ifndef BOOT_MULTIBOOT_H
#define BOOT_MULTIBOOT_H

#define MB_HEADER_MAGIC   0x1BADB002u
#define MB_HEADER_ALIGN   0x00000001u   /* modules page-aligned */
#define MB_HEADER_MEMINFO 0x00000002u   /* we need the memory map */
#define MB_HEADER_FLAGS   (MB_HEADER_ALIGN | MB_HEADER_MEMINFO)
#define MB_BOOT_MAGIC     0x2BADB002u   /* in EAX at entry */

#define MB_INFO_MEM       0x00000001u   /* mem_lower/mem_upper valid */
#define MB_INFO_CMDLINE   0x00000004u
#define MB_INFO_MODS      0x00000008u
#define MB_INFO_MMAP      0x00000040u
#define MB_INFO_LOADER    0x00000200u

#define MB_MMAP_AVAILABLE 1u

#ifndef __ASSEMBLER__
#include <stdint.h>

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

struct mb_module {
	uint32_t mod_start, mod_end;
	uint32_t string;
	uint32_t reserved;
} __attribute__((packed));

/* `size` does not count itself: the next entry is at (char *)e + e->size + 4. */
struct mb_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));
#endif

#endif
