/*
 * The framebuffer console (src/drivers/fbcon.c) drawing into a memory buffer:
 * glyph placement, scrolling (every cell redrawn that changed, nothing stale
 * left), form feed, wrapping, backspace, the pixel formats, the scale, and the
 * modes it refuses. A test font whose glyph for c has rows c and ~c, so every
 * cell can be read back exactly.
 */
#include "host_test.h"
#include <stdio.h>
#include "drivers/fbcon.h"
#include "drivers/font.h"
#include "mm/device_map.h"

#define FONT_W 8
#define FONT_H 2
#define FIRST 0x20
#define COUNT 95
#define FG 0xAA
#define FB_BYTES (1280 * 100 * 4)

static uint8_t glyph_bits[COUNT * FONT_H];
static const struct console_font test_font = { "test", FONT_W, FONT_H, 1, FIRST, COUNT, glyph_bits };
const struct console_font *const console_font = &test_font;

static uint8_t fb_mem[FB_BYTES];
static uint32_t mapped_len;

/* The kernel's contract: NULL above 4 GiB; here the "device" is fb_mem. */
void *device_map(uint64_t phys, uint32_t len)
{
	if (phys >= 0x100000000ull || len > FB_BYTES)
		return NULL;
	mapped_len = len;
	return fb_mem;
}

static struct fb_mode mode32(uint32_t w, uint32_t h)
{
	return (struct fb_mode){ .phys = 0xFD000000u, .pitch = w * 4, .width = w, .height = h, .bpp = 32,
				 .red_pos = 16, .red_size = 8, .green_pos = 8, .green_size = 8,
				 .blue_pos = 0, .blue_size = 8 };
}

static struct fbcon_geometry g;
static struct fb_mode m;

static void start(struct fb_mode mode)
{
	for (unsigned c = 0; c < COUNT; c++) {
		glyph_bits[c * FONT_H] = (uint8_t)(FIRST + c);
		glyph_bits[c * FONT_H + 1] = (uint8_t)~(FIRST + c);
	}
	memset(fb_mem, 0x5A, sizeof fb_mem);   /* garbage: init must clear it */
	m = mode;
	assert_true(fbcon_init(&m, &g));
}

static uint32_t pixel(unsigned x, unsigned y)
{
	const uint8_t *p = fb_mem + (size_t)y * m.pitch + (size_t)x * ((m.bpp + 7) / 8);
	switch ((m.bpp + 7) / 8) {
	case 4: return *(const uint32_t *)p;
	case 3: return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
	default: return *(const uint16_t *)p;
	}
}

/* The character a cell shows: ' ' if blank, '?' if its pixels are no glyph of the font. */
static char cell(unsigned row, unsigned col)
{
	uint8_t rows[FONT_H] = { 0 };
	for (unsigned gy = 0; gy < FONT_H; gy++)
		for (unsigned gx = 0; gx < FONT_W; gx++)
			for (unsigned sy = 0; sy < g.scale; sy++)
				for (unsigned sx = 0; sx < g.scale; sx++) {
					uint32_t v = pixel((col * FONT_W + gx) * g.scale + sx, (row * FONT_H + gy) * g.scale + sy);
					bool on = v != 0;   /* the background is black */
					bool first = !sx && !sy;
					if (first && on)
						rows[gy] |= (uint8_t)(0x80 >> gx);
					else if (!first && on != !!(rows[gy] & (0x80 >> gx)))
						return '!';   /* a scaled pixel that is not one solid block */
				}
	if (!rows[0] && !rows[1])
		return ' ';
	if ((rows[0] ^ rows[1]) != 0xFF || rows[0] < FIRST || rows[0] >= FIRST + COUNT)
		return '?';
	return (char)rows[0];
}

static void row_is(unsigned row, const char *text)
{
	char got[300];
	unsigned n = 0;
	for (unsigned c = 0; c < g.cols; c++)
		got[n++] = cell(row, c);
	while (n && got[n - 1] == ' ')
		n--;
	got[n] = '\0';
	assert_string_equal(got, text);
}

static void puts_fb(const char *s)
{
	while (*s)
		fbcon_putc(*s++);
}

static void test_geometry_and_scale(void **state)
{
	(void)state;
	start(mode32(640, 50));
	assert_int_equal(g.cols, 80);
	assert_int_equal(g.rows, 25);
	assert_int_equal(g.scale, 1);
	assert_int_equal(mapped_len, 640 * 4 * 50);
	start(mode32(1280, 100));   /* twice 80x25 of the font: drawn twice as big */
	assert_int_equal(g.scale, 2);
	assert_int_equal(g.cols, 80);
	assert_int_equal(g.rows, 25);
	start(mode32(1000, 60));
	assert_int_equal(g.scale, 1);
	assert_int_equal(g.cols, 125);
	assert_int_equal(g.rows, 30);
	for (unsigned y = 0; y < 60; y++)
		for (unsigned x = 0; x < 1000; x++)
			assert_int_equal(pixel(x, y), 0);   /* cleared, margins too */
}

static void test_text_newline_wrap_backspace(void **state)
{
	(void)state;
	start(mode32(640, 50));
	puts_fb("AB\nC\rD\nxy\bz\nabc\b\b\a\n");
	row_is(0, "AB");
	row_is(1, "D");
	row_is(2, "xz");
	row_is(3, "abc");   /* BS only moves (a line editor moves the cursor with it), BEL draws nothing */
	puts_fb("\f");
	puts_fb("AB\nC\rD\nxy\bz\n");
	assert_int_equal(pixel(0, 0) , 0);   /* 'A' row 0 is 0x41: its leftmost pixel is off */
	assert_int_equal(pixel(1, 0), (uint32_t)(FG << 16 | FG << 8 | FG));   /* grey */
	char line[82];
	memset(line, 'w', 81);
	line[81] = '\0';
	puts_fb(line);   /* 81 characters: the last one wraps */
	row_is(3, "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww");
	row_is(4, "w");
}

static void test_scroll_redraws(void **state)
{
	(void)state;
	start(mode32(640, 50));
	char line[16];
	for (int i = 0; i < 26; i++) {
		snprintf(line, sizeof line, i == 3 ? "L%02d long line\n" : "L%02d\n", i);
		puts_fb(line);
	}
	/* Two scrolls: L02 on top, L25 on row 23, the bottom row blank, nothing stale from "long line". */
	row_is(0, "L02");
	row_is(1, "L03 long line");
	row_is(2, "L04");
	row_is(23, "L25");
	row_is(24, "");
	fbcon_putc('Q');
	row_is(24, "Q");
}

static void test_form_feed_clears(void **state)
{
	(void)state;
	start(mode32(640, 50));
	for (int i = 0; i < 30; i++)
		puts_fb("some text on every row\n");
	puts_fb("\fZ");
	row_is(0, "Z");
	for (unsigned r = 1; r < g.rows; r++)
		row_is(r, "");
}

static void test_pixel_formats(void **state)
{
	(void)state;
	struct fb_mode m16 = { .phys = 0x80000000u, .pitch = 640 * 2, .width = 640, .height = 50, .bpp = 16,
			       .red_pos = 11, .red_size = 5, .green_pos = 5, .green_size = 6, .blue_pos = 0, .blue_size = 5 };
	start(m16);
	puts_fb("A");
	assert_int_equal(pixel(1, 0), (FG >> 3) << 11 | (FG >> 2) << 5 | (FG >> 3));
	row_is(0, "A");
	struct fb_mode m24 = mode32(640, 50);
	m24.bpp = 24;
	m24.pitch = 640 * 3 + 16;   /* a pitch wider than the visible line */
	start(m24);
	puts_fb("Hi\nthere");
	assert_int_equal(pixel(1, 0), (uint32_t)(FG << 16 | FG << 8 | FG));
	row_is(0, "Hi");
	row_is(1, "there");
	struct fb_mode bgr = mode32(640, 50);   /* blue high: the fields decide, not an assumed order */
	bgr.red_pos = 0;
	bgr.blue_pos = 16;
	bgr.green_size = 0;                    /* a channel of no bits stays dark */
	start(bgr);
	puts_fb("A");
	assert_int_equal(pixel(1, 0), (uint32_t)(FG << 16 | FG));
}

static void test_refuses(void **state)
{
	(void)state;
	struct fb_mode bad = mode32(640, 50);
	bad.bpp = 8;   /* palette modes are not drawn */
	assert_false(fbcon_init(&bad, &g));
	bad = mode32(4, 50);   /* narrower than one glyph */
	assert_false(fbcon_init(&bad, &g));
	bad = mode32(640, 50);
	bad.phys = 0x100000000ull;   /* above 4 GiB: cannot be mapped without PAE */
	assert_false(fbcon_init(&bad, &g));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_and_scale),
		cmocka_unit_test(test_text_newline_wrap_backspace),
		cmocka_unit_test(test_scroll_redraws),
		cmocka_unit_test(test_form_feed_clears),
		cmocka_unit_test(test_pixel_formats),
		cmocka_unit_test(test_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
