/* PS/2 keyboard, scancode set 1, US layout, feeding the console input queue. */
#ifndef DRIVERS_KEYBOARD_H
#define DRIVERS_KEYBOARD_H

#include <stdint.h>

void keyboard_init(void);
void keyboard_irq(void);
/* Pure: translate one scancode given the modifier state; 0 if no character. */
char keymap_translate(uint8_t scancode, int shift, int ctrl);
/*
 * Pure: the bytes an E0-prefixed key's make code sends (arrows, Home, End,
 * Delete... as a serial terminal sends them: ESC [ A and so on), or NULL.
 * The console has one input language, whichever device typed it.
 */
const char *keymap_extended(uint8_t scancode);

#endif
