#include "drivers/vga.h"
#include "mm/direct_map.h"
#include "kernel/x86.h"
#include <stdint.h>

#define VGA_TEXT_PHYS 0xB8000u
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR_GREY_ON_BLACK 0x07
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA  0x3D5
#define CRTC_CURSOR_HI 0x0E
#define CRTC_CURSOR_LO 0x0F
#define TAB_WIDTH 8

static volatile uint16_t *const screen = (volatile uint16_t *)P2V(VGA_TEXT_PHYS);
static unsigned row, col;

static uint16_t cell(char c) { return (uint16_t)(VGA_ATTR_GREY_ON_BLACK << 8 | (uint8_t)c); }

static void move_cursor(void)
{
	uint16_t pos = (uint16_t)(row * VGA_COLS + col);
	outb(VGA_CRTC_INDEX, CRTC_CURSOR_HI);
	outb(VGA_CRTC_DATA, pos >> 8);
	outb(VGA_CRTC_INDEX, CRTC_CURSOR_LO);
	outb(VGA_CRTC_DATA, pos & 0xFF);
}

void vga_init(void)
{
	for (unsigned i = 0; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = cell(' ');
	row = col = 0;
	move_cursor();
}

static void scroll(void)
{
	for (unsigned i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		screen[i] = screen[i + VGA_COLS];
	for (unsigned i = 0; i < VGA_COLS; i++)
		screen[VGA_COLS * (VGA_ROWS - 1) + i] = cell(' ');
	row = VGA_ROWS - 1;
}

void vga_putc(char c)
{
	switch (c) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\f':   /* clear the screen (the bench image's table starts on a clean one) */
		for (unsigned i = 0; i < VGA_COLS * VGA_ROWS; i++)
			screen[i] = cell(' ');
		row = col = 0;
		break;
	case '\b':
		if (col)
			col--;
		screen[row * VGA_COLS + col] = cell(' ');
		break;
	case '\t':
		col = (col + TAB_WIDTH) & ~(TAB_WIDTH - 1u);
		break;
	default:
		screen[row * VGA_COLS + col] = cell(c);
		col++;
	}
	if (col >= VGA_COLS) {
		col = 0;
		row++;
	}
	if (row >= VGA_ROWS)
		scroll();
	move_cursor();
}
