/* Multiboot 1 as GRUB and QEMU's -kernel loader hand it to us. */
#ifndef BOOT_MULTIBOOT_H
#define BOOT_MULTIBOOT_H

#define MB_HEADER_MAGIC   0x1BADB002u
#define MB_HEADER_ALIGN   0x00000001u   /* modules page-aligned */
#define MB_HEADER_MEMINFO 0x00000002u   /* we need the memory map */
#define MB_HEADER_VIDEO   0x00000004u   /* mode_type/width/height/depth below are a request */
#define MB_HEADER_FLAGS   (MB_HEADER_ALIGN | MB_HEADER_MEMINFO)
/*
 * The video request of the bench image's kernel (multiboot_header.asm): a
 * linear framebuffer, any size, 32 bits per pixel preferred. Only that kernel
 * sets MB_HEADER_VIDEO: QEMU's -kernel loader warns about it, and every other
 * boot keeps VGA text.
 */
#define MB_VIDEO_LINEAR   0u
#define MB_VIDEO_ANY_SIZE 0u
#define MB_VIDEO_DEPTH    32u
#define MB_BOOT_MAGIC     0x2BADB002u   /* in EAX at entry */

#define MB_INFO_MEM       0x00000001u   /* mem_lower/mem_upper valid */
#define MB_INFO_CMDLINE   0x00000004u
#define MB_INFO_MODS      0x00000008u
#define MB_INFO_MMAP      0x00000040u
#define MB_INFO_LOADER    0x00000200u
#define MB_INFO_FRAMEBUFFER 0x00001000u  /* framebuffer_* fields valid */

#define MB_FB_INDEXED     0u   /* framebuffer_type: palette colours (not drawn to) */
#define MB_FB_RGB         1u   /* direct colour: the field positions and sizes below */
#define MB_FB_EGA_TEXT    2u   /* VGA text mode at 0xB8000 */

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
	uint32_t apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
	uint64_t framebuffer_addr;
	uint32_t framebuffer_pitch;          /* bytes per line */
	uint32_t framebuffer_width, framebuffer_height;   /* pixels (characters for EGA text) */
	uint8_t framebuffer_bpp;
	uint8_t framebuffer_type;
	/*
	 * GRUB fills these from its own multiboot.h, where they sit in a union
	 * with a 32-bit member: aligned to offset 112, not the 110 of the spec's
	 * table (seen under OVMF: the fields came two bytes late).
	 */
	uint16_t color_info_align;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
} __attribute__((packed));
_Static_assert(__builtin_offsetof(struct mb_info, framebuffer_addr) == 88, "multiboot: framebuffer_addr at 88");
_Static_assert(__builtin_offsetof(struct mb_info, red_pos) == 112, "multiboot: GRUB's colour fields at 112");

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
