#include "drivers/fbcon.h"
#include "drivers/font.h"
#include "drivers/text_grid.h"
#include "mm/device_map.h"
#include "lib/string.h"
#include <stddef.h>

#define FB_MAX_COLS 256
#define FB_MAX_ROWS 128
#define FB_MIN_COLS 80          /* the scale is the largest that still gives 80x25 cells */
#define FB_MIN_ROWS 25
#define FB_MAX_SCALE 8
#define FB_FG_LEVEL 0xAA        /* grey, as VGA text's default attribute */
#define FB_BG_LEVEL 0x00
#define CHANNEL_BITS 8

static struct {
	uint8_t *base;
	uint32_t pitch, width, height, bytes_per_pixel;
	uint32_t fg, bg;
	unsigned cols, rows, scale;
	const struct console_font *font;
} fb;

/* What each cell should show, and what it shows now: drawing is the difference. */
static char cells[FB_MAX_ROWS * FB_MAX_COLS], drawn[FB_MAX_ROWS * FB_MAX_COLS];
static struct text_grid grid;   /* the cursor and the control characters (text_grid.c) */

static uint32_t channel(uint32_t level, uint8_t pos, uint8_t size)
{
	if (size > CHANNEL_BITS)
		size = CHANNEL_BITS;
	return size ? (level >> (CHANNEL_BITS - size)) << pos : 0;
}

static uint32_t colour(const struct fb_mode *m, uint32_t level)
{
	return channel(level, m->red_pos, m->red_size) | channel(level, m->green_pos, m->green_size) |
	       channel(level, m->blue_pos, m->blue_size);
}

static void put_pixels(uint8_t *p, uint32_t value, unsigned n)
{
	switch (fb.bytes_per_pixel) {
	case 4:
		for (unsigned i = 0; i < n; i++)
			((volatile uint32_t *)p)[i] = value;
		break;
	case 3:
		for (unsigned i = 0; i < n; i++, p += 3) {
			((volatile uint8_t *)p)[0] = (uint8_t)value;
			((volatile uint8_t *)p)[1] = (uint8_t)(value >> 8);
			((volatile uint8_t *)p)[2] = (uint8_t)(value >> 16);
		}
		break;
	default:
		for (unsigned i = 0; i < n; i++)
			((volatile uint16_t *)p)[i] = (uint16_t)value;
	}
}

static void draw_cell(unsigned i)
{
	const struct console_font *f = fb.font;
	unsigned char c = (unsigned char)cells[i];
	const uint8_t *glyph = c >= f->first && c < f->first + f->count ?
		f->glyphs + (size_t)(c - f->first) * f->height * f->bytes_per_row : NULL;
	unsigned x0 = (i % fb.cols) * f->width * fb.scale, y0 = (i / fb.cols) * f->height * fb.scale;
	for (unsigned gy = 0; gy < f->height; gy++) {
		const uint8_t *bits = glyph ? glyph + gy * f->bytes_per_row : NULL;
		for (unsigned sy = 0; sy < fb.scale; sy++) {
			uint8_t *line = fb.base + (size_t)(y0 + gy * fb.scale + sy) * fb.pitch +
					(size_t)x0 * fb.bytes_per_pixel;
			for (unsigned gx = 0; gx < f->width; gx++) {
				bool on = bits && (bits[gx / 8] & (0x80 >> (gx % 8)));
				put_pixels(line + (size_t)gx * fb.scale * fb.bytes_per_pixel, on ? fb.fg : fb.bg, fb.scale);
			}
		}
	}
	drawn[i] = cells[i];
}

static void sync_screen(void)
{
	for (unsigned i = 0; i < fb.cols * fb.rows; i++)
		if (cells[i] != drawn[i])
			draw_cell(i);
}

static void clear_pixels(void)
{
	for (uint32_t y = 0; y < fb.height; y++)
		put_pixels(fb.base + (size_t)y * fb.pitch, fb.bg, fb.width);
}

bool fbcon_init(const struct fb_mode *m, struct fbcon_geometry *out)
{
	const struct console_font *f = console_font;
	unsigned bytes = (m->bpp + 7) / 8;
	if (!f || (bytes != 2 && bytes != 3 && bytes != 4) || m->width < f->width || m->height < f->height)
		return false;
	unsigned scale = m->width / (FB_MIN_COLS * f->width);
	if (m->height / (FB_MIN_ROWS * f->height) < scale)
		scale = m->height / (FB_MIN_ROWS * f->height);
	scale = scale < 1 ? 1 : scale > FB_MAX_SCALE ? FB_MAX_SCALE : scale;
	uint8_t *base = device_map(m->phys, m->pitch * m->height);
	if (!base)
		return false;
	fb.base = base;
	fb.pitch = m->pitch;
	fb.width = m->width;
	fb.height = m->height;
	fb.bytes_per_pixel = bytes;
	fb.fg = colour(m, FB_FG_LEVEL);
	fb.bg = colour(m, FB_BG_LEVEL);
	fb.scale = scale;
	fb.font = f;
	fb.cols = m->width / (f->width * scale);
	fb.rows = m->height / (f->height * scale);
	fb.cols = fb.cols > FB_MAX_COLS ? FB_MAX_COLS : fb.cols;
	fb.rows = fb.rows > FB_MAX_ROWS ? FB_MAX_ROWS : fb.rows;
	memset(cells, ' ', sizeof cells);
	memset(drawn, ' ', sizeof drawn);
	grid.cols = fb.cols;
	grid.rows = fb.rows;
	grid.row = grid.col = 0;
	clear_pixels();
	*out = (struct fbcon_geometry){ fb.cols, fb.rows, f->width * scale, f->height * scale, scale, f->name };
	return true;
}

static void put(unsigned at, char c)
{
	cells[at] = c;
	draw_cell(at);
}

static void clear(void)
{
	memset(cells, ' ', sizeof cells);
	sync_screen();
}

static void scroll(void)
{
	memmove(cells, cells + fb.cols, (size_t)fb.cols * (fb.rows - 1));
	memset(cells + (size_t)fb.cols * (fb.rows - 1), ' ', fb.cols);
	sync_screen();
}

static struct text_grid grid = { 0, 0, 0, 0, put, clear, scroll };

void fbcon_putc(char c)
{
	if (fb.base)
		text_grid_putc(&grid, c);
}
