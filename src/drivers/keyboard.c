#include "drivers/keyboard.h"
#include "drivers/pic.h"
#include "drivers/upcalls.h"
#include "arch/x86.h"
#include <stdbool.h>

#define KBD_DATA   0x60
#define KBD_STATUS 0x64
#define KBD_STATUS_OUTPUT_FULL 0x01
#define KBD_STATUS_ABSENT      0xFF   /* what an empty I/O port reads: no 8042 here */
#define KBD_DRAIN_MAX          64     /* bytes read in one go, at most: a stuck status cannot hang us */

#define SC_RELEASE    0x80
#define SC_LSHIFT     0x2A
#define SC_RSHIFT     0x36
#define SC_CTRL       0x1D
#define SC_EXTENDED   0xE0

static int shift, ctrl, extended;

static bool have_controller;

static bool byte_waiting(void)
{
	uint8_t st = inb(KBD_STATUS);
	return st != KBD_STATUS_ABSENT && (st & KBD_STATUS_OUTPUT_FULL);
}

void keyboard_init(void)
{
	if (inb(KBD_STATUS) == KBD_STATUS_ABSENT)
		return;   /* no controller: serial is the console */
	have_controller = true;
	for (int i = 0; i < KBD_DRAIN_MAX && byte_waiting(); i++)
		(void)inb(KBD_DATA);
	pic_unmask(IRQ_KEYBOARD);
}

void keyboard_irq(void)
{
	for (int i = 0; have_controller && i < KBD_DRAIN_MAX && byte_waiting(); i++) {
		uint8_t sc = inb(KBD_DATA);
		if (sc == SC_EXTENDED) {
			extended = 1;
			continue;
		}
		int down = !(sc & SC_RELEASE);
		uint8_t key = (uint8_t)(sc & ~SC_RELEASE);
		if (key == SC_LSHIFT || key == SC_RSHIFT)
			shift = down;
		else if (key == SC_CTRL)
			ctrl = down;
		else if (!extended) {
			char c = keymap_translate(sc, shift, ctrl);
			if (c)
				input_push(c);
		} else if (down) {
			for (const char *s = keymap_extended(key); s && *s; s++)
				input_push(*s);
		}
		extended = 0;
	}
}
