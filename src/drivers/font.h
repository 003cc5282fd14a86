/*
 * The bitmap font the framebuffer console draws with. The bench image's
 * kernel links one converted at build time from a Debian console font
 * (tools/gen/font.c, a PSF file from console-setup-linux); every other kernel
 * links font_none.c and has no framebuffer console (VGA text only), so the
 * default build needs no font package.
 */
#ifndef DRIVERS_FONT_H
#define DRIVERS_FONT_H

#include <stdint.h>

struct console_font {
	const char *name;
	uint8_t width, height;      /* pixels per glyph */
	uint8_t bytes_per_row;      /* each row padded to whole bytes, leftmost pixel in the top bit */
	uint8_t first, count;       /* glyph i draws character first + i */
	const uint8_t *glyphs;      /* count * height * bytes_per_row */
};

/* NULL in kernels built without a font. */
extern const struct console_font *const console_font;

#endif
