/*
 * The kernel console: every byte goes to COM1 (queued, sent by the UART's
 * interrupt; see drivers/serial.c) and to the screen, VGA text or a
 * framebuffer (drawn at once). Kernel messages and user writes share COM1's queue, so they come
 * out in the order they were written.
 */
#include "tty/console.h"
#include "lib/format.h"
#include "proc/sched.h"
#include "arch/long_work.h"
#include "arch/x86.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "drivers/fbcon.h"

/* The screen half of the console: VGA text unless the loader gave a framebuffer we can draw. */
static void (*screen_putc)(char c) = vga_putc;

static uint32_t full_waits;   /* writers that slept for room: see sysinfo */

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

void console_start_interrupts(void) { serial_tx_irq_start(); }

void console_go_synchronous(void) { serial_go_polled(); }

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
	uint32_t flags = irq_save();
	for (size_t i = 0; i < n; i++)
		console_putc(s[i], NULL);
	serial_tx_start();
	irq_restore(flags);
}

int kprintf(const char *fmt, ...)
{
	uint32_t flags = irq_save();
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(console_putc, NULL, fmt, ap);
	va_end(ap);
	serial_tx_start();
	irq_restore(flags);
	return n;
}

/*
 * Copy straight from the user into COM1's queue, one contiguous free span at
 * a time; a span is published (and drawn on the screen) only once its copy has
 * succeeded. A span that runs into a bad page (unmapped, PROT_NONE) publishes
 * the bytes before it and the write ends there with their count, -EFAULT if
 * there were none (as the other writes, mm/uaccess.h's copy_*_rest). A write of up to CONSOLE_WRITE_ATOMIC bytes waits until it fits
 * whole, so short lines from several writers never mix; a longer one takes
 * whatever room there is and sleeps for more, so it may be split between
 * other writers' output, but its own bytes stay in order.
 *
 * Interrupts are off only to look at the queue's indices (room, the span,
 * the commit that publishes it and feeds the UART) and to sleep; the copy
 * and the drawing run with them on (long work, arch/long_work.h), so a long
 * write stops neither the clock nor the input. That is safe because the
 * span lies past the queue's head: the UART's interrupt reads only up to the
 * head and moves the tail, which can only make more room, and no interrupt
 * handler writes to the console or draws (but a panic, which ends
 * everything anyway).
 *
 * Between two pieces of a write longer than CONSOLE_WRITE_ATOMIC the writer
 * reaches a preemption point (arch/long_work.h): it yields when its slice
 * is used up, so a long write holds the CPU no longer than any program, and
 * a killed writer ends there, its queued pieces still sent. An atomic write
 * reaches none: it is queued whole before anyone else writes.
 */
long console_write_user(const void __user *buf, size_t len)
{
	const char __user *ubuf = buf;
	size_t done = 0;
	uint32_t flags = irq_save();   /* sleep_on needs them off; so do the queue's indices */
	while (done < len) {
		size_t left = len - done;
		size_t need = left <= CONSOLE_WRITE_ATOMIC ? left : 1;
		if (serial_tx_room() < need) {
			full_waits++;
			(void)sleep_on(serial_tx_room_channel(), 0);   /* a console write is not interrupted: it goes on */
			continue;
		}
		uint32_t span;
		char *dst = serial_tx_span(&span);
		if (span > left)
			span = (uint32_t)left;
		if (span > CONSOLE_FEED_EVERY)
			span = CONSOLE_FEED_EVERY;   /* published in pieces: the UART starts on the first at once */
		uint32_t irq = long_work_begin();
		uint32_t got = span - (uint32_t)copy_from_user_rest(dst, ubuf + done, span);   /* up to a bad page */
		for (uint32_t i = 0; i < got; i++)
			screen_putc(dst[i]);
		long_work_end(irq);
		serial_tx_commit(got);
		done += got;
		if (got < span)
			break;   /* the bytes before the bad page are written: their count is the result */
		if (len > CONSOLE_WRITE_ATOMIC && done < len)
			long_work_point();
	}
	irq_restore(flags);
	return done || !len ? (long)done : -EFAULT;
}

uint64_t console_drain_halted(void) { return serial_drain_halted(CONSOLE_DRAIN_MAX_MS); }

uint32_t console_queued(void) { return serial_tx_queued(); }
uint32_t console_full_waits(void) { return full_waits; }
