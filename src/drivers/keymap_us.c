/* US layout for scancode set 1. Pure C: host-tested. */
#include "drivers/keyboard.h"
#include <stddef.h>

#define SC_RELEASE 0x80
#define ASCII_CTRL_MASK 0x1F
/* As a Linux console's keyboard: Enter is CR (the termios ICRNL makes it NL), Backspace is DEL. */
#define KEY_ENTER_BYTE '\r'
#define KEY_BACKSPACE_BYTE '\x7f'

static const char plain[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', KEY_BACKSPACE_BYTE,
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', KEY_ENTER_BYTE,
	0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
	'*', 0, ' ',
};

static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', KEY_BACKSPACE_BYTE,
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', KEY_ENTER_BYTE,
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

/* Set 1's E0-prefixed keys, as the bytes a VT100/xterm sends for them. */
#define SC_E0_KP_ENTER 0x1C
#define SC_E0_KP_SLASH 0x35
#define SC_E0_HOME     0x47
#define SC_E0_UP       0x48
#define SC_E0_PGUP     0x49
#define SC_E0_LEFT     0x4B
#define SC_E0_RIGHT    0x4D
#define SC_E0_END      0x4F
#define SC_E0_DOWN     0x50
#define SC_E0_PGDN     0x51
#define SC_E0_INSERT   0x52
#define SC_E0_DELETE   0x53

const char *keymap_extended(uint8_t sc)
{
	switch (sc) {
	case SC_E0_KP_ENTER: return "\r";
	case SC_E0_KP_SLASH: return "/";
	case SC_E0_UP:       return "\033[A";
	case SC_E0_DOWN:     return "\033[B";
	case SC_E0_RIGHT:    return "\033[C";
	case SC_E0_LEFT:     return "\033[D";
	case SC_E0_HOME:     return "\033[H";
	case SC_E0_END:      return "\033[F";
	case SC_E0_INSERT:   return "\033[2~";
	case SC_E0_DELETE:   return "\033[3~";
	case SC_E0_PGUP:     return "\033[5~";
	case SC_E0_PGDN:     return "\033[6~";
	default:             return NULL;   /* releases, the right Ctrl/Alt, fake shifts, multimedia keys */
	}
}
