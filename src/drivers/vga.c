#include "drivers/vga.h"
#include "mm/direct_map.h"
#include "arch/x86.h"
#include "drivers/text_grid.h"
#include <stdint.h>

#define VGA_TEXT_PHYS 0xB8000u
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR_GREY_ON_BLACK 0x07
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA  0x3D5
#define CRTC_CURSOR_HI 0x0E
#define CRTC_CURSOR_LO 0x0F

static volatile uint16_t *const screen = (volatile uint16_t *)P2V(VGA_TEXT_PHYS);

static uint16_t cell(char c) { return (uint16_t)(VGA_ATTR_GREY_ON_BLACK << 8 | (uint8_t)c); }

static struct text_grid grid;

static void move_cursor(void)
{
	uint16_t pos = (uint16_t)(grid.row * VGA_COLS + grid.col);
	outb(VGA_CRTC_INDEX, CRTC_CURSOR_HI);
	outb(VGA_CRTC_DATA, pos >> 8);
	outb(VGA_CRTC_INDEX, CRTC_CURSOR_LO);
	outb(VGA_CRTC_DATA, pos & 0xFF);
}

static void put(unsigned at, char c) { screen[at] = cell(c); }

static void clear(void)
{
	for (unsigned i = 0; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = cell(' ');
}

static void scroll(void)
{
	for (unsigned i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		screen[i] = screen[i + VGA_COLS];
	for (unsigned i = 0; i < VGA_COLS; i++)
		screen[VGA_COLS * (VGA_ROWS - 1) + i] = cell(' ');
}

static struct text_grid grid = { VGA_COLS, VGA_ROWS, 0, 0, put, clear, scroll };

void vga_init(void)
{
	clear();
	grid.row = grid.col = 0;
	move_cursor();
}

void vga_putc(char c)
{
	text_grid_putc(&grid, c);
	move_cursor();
}
