/* US layout for scancode set 1. Pure C: host-tested. */
#include "drivers/keyboard.h"

#define SC_RELEASE 0x80
#define ASCII_CTRL_MASK 0x1F

static const char plain[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b',
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n',
	0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
	'*', 0, ' ',
};

static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b',
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n',
	0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,
	'*', 0, ' ',
};

char keymap_translate(uint8_t sc, int shift, int ctrl)
{
	if (sc & SC_RELEASE)
		return 0;
	char c = shift ? shifted[sc] : plain[sc];
	if (ctrl && c >= 'a' && c <= 'z')
		return (char)(c & ASCII_CTRL_MASK);
	if (ctrl && c >= 'A' && c <= 'Z')
		return (char)(c & ASCII_CTRL_MASK);
	return c;
}
