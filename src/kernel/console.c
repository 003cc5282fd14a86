#include "kernel/console.h"
#include "kernel/format.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "drivers/fbcon.h"

/* The screen half of the console: VGA text unless the loader gave a framebuffer we can draw. */
static void (*screen_putc)(char c) = vga_putc;

static void console_putc(char c, void *ctx)
{
	(void)ctx;
	serial_putc(c);
	screen_putc(c);
}

void console_init(void)
{
	serial_init();
	vga_init();
}

void console_screen_init(const struct mb_info *mbi)
{
	if (!(mbi->flags & MB_INFO_FRAMEBUFFER))
		return;   /* VGA text: what console_init set up */
	if (mbi->framebuffer_type == MB_FB_EGA_TEXT) {
		kprintf("screen: VGA text %ux%u at %llx (from the loader)\n", mbi->framebuffer_width,
			mbi->framebuffer_height, mbi->framebuffer_addr);
		return;
	}
	const struct fb_mode mode = {
		.phys = mbi->framebuffer_addr, .pitch = mbi->framebuffer_pitch,
		.width = mbi->framebuffer_width, .height = mbi->framebuffer_height, .bpp = mbi->framebuffer_bpp,
		.red_pos = mbi->red_pos, .red_size = mbi->red_size, .green_pos = mbi->green_pos,
		.green_size = mbi->green_size, .blue_pos = mbi->blue_pos, .blue_size = mbi->blue_size,
	};
	struct fbcon_geometry g;
	if (mbi->framebuffer_type != MB_FB_RGB || !fbcon_init(&mode, &g)) {
		kprintf("screen: framebuffer %ux%u type %u bpp %u at %llx not drawn (serial only)\n",
			mode.width, mode.height, mbi->framebuffer_type, mode.bpp, mode.phys);
		return;
	}
	screen_putc = fbcon_putc;
	kprintf("screen: framebuffer %ux%ux%u at %llx pitch %u, RGB at bits %u:%u %u:%u %u:%u; "
		"%ux%u cells of %ux%u pixels (font %s, scale %u)\n",
		mode.width, mode.height, mode.bpp, mode.phys, mode.pitch, mode.red_pos, mode.red_size,
		mode.green_pos, mode.green_size, mode.blue_pos, mode.blue_size, g.cols, g.rows, g.cell_width,
		g.cell_height, g.font, g.scale);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i], NULL);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(console_putc, NULL, fmt, ap);
	va_end(ap);
	return n;
}
