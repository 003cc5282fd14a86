/*
 * Text console drawn into a linear framebuffer (what UEFI machines give
 * instead of VGA text), with the build-time font of drivers/font.h, scaled by
 * a whole number so that an 80x25 screen still fits and big screens stay
 * readable. Grey on black, no cursor; '\f' clears the screen.
 */
#ifndef DRIVERS_FBCON_H
#define DRIVERS_FBCON_H

#include <stdbool.h>
#include <stdint.h>

struct fb_mode {
	uint64_t phys;
	uint32_t pitch;                 /* bytes per line */
	uint32_t width, height;         /* pixels */
	uint8_t bpp;                    /* 15/16, 24 or 32 */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct fbcon_geometry {
	unsigned cols, rows;            /* character cells */
	unsigned cell_width, cell_height, scale;   /* pixels per cell = font size * scale */
	const char *font;
};

/*
 * Map the framebuffer and clear it. Returns false (and draws nothing) when
 * the kernel has no font, the pixel format is not one it draws, or the
 * framebuffer cannot be mapped (above 4 GiB).
 */
bool fbcon_init(const struct fb_mode *mode, struct fbcon_geometry *out);
void fbcon_putc(char c);

#endif
