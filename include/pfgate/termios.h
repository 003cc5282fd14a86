/*
 * The console's terminal settings as Linux i386 has them: the kernel's
 * struct termios (what TCGETS and TCSETS* copy, 36 bytes; glibc's own
 * struct termios is larger and converted by the library), its flags, the
 * c_cc slots and the ioctl numbers, Linux's values written here once (the
 * kernel's src/tty and src/linux use them; abi.json's termios group gives
 * the layout to Python). Only what the console acts on is named.
 */
#ifndef PFGATE_TERMIOS_H
#define PFGATE_TERMIOS_H

#include <stdint.h>

#define TERMIOS_NCCS 19
struct pf_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[TERMIOS_NCCS];
};

/* c_iflag */
#define TERMIOS_INLCR  0000100   /* NL to CR on input */
#define TERMIOS_IGNCR  0000200   /* drop CR */
#define TERMIOS_ICRNL  0000400   /* CR to NL (Enter ends a line) */
#define TERMIOS_IXON   0002000
/* c_oflag (kept, not acted on: the console driver ends lines itself) */
#define TERMIOS_OPOST  0000001
#define TERMIOS_ONLCR  0000004
/* c_cflag (kept) */
#define TERMIOS_B38400 0000017
#define TERMIOS_CS8    0000060
#define TERMIOS_CREAD  0000200
#define TERMIOS_HUPCL  0002000
/* c_lflag */
#define TERMIOS_ISIG    0000001   /* VINTR sends SIGINT to the foreground (else it is a byte) */
#define TERMIOS_ICANON  0000002   /* lines, with VERASE, VKILL, VEOF */
#define TERMIOS_ECHO    0000010
#define TERMIOS_ECHOE   0000020   /* VERASE erases the character on the screen */
#define TERMIOS_ECHOK   0000040
#define TERMIOS_ECHONL  0000100   /* echo NL even without ECHO */
#define TERMIOS_ECHOCTL 0001000
#define TERMIOS_ECHOKE  0004000
#define TERMIOS_IEXTEN  0100000
/* c_cc slots */
#define TERMIOS_VINTR  0
#define TERMIOS_VQUIT  1
#define TERMIOS_VERASE 2
#define TERMIOS_VKILL  3
#define TERMIOS_VEOF   4
#define TERMIOS_VTIME  5   /* tenths of a second (non-canonical reads) */
#define TERMIOS_VMIN   6   /* bytes a non-canonical read waits for */
#define TERMIOS_VSTART 8
#define TERMIOS_VSTOP  9
#define TERMIOS_VSUSP  10
#define TERMIOS_VREPRINT 12
#define TERMIOS_VDISCARD 13
#define TERMIOS_VWERASE 14
#define TERMIOS_VLNEXT 15
/* The ioctls (Linux's asm-generic/ioctls.h) */
#define TERMIOS_TCGETS     0x5401
#define TERMIOS_TCSETS     0x5402
#define TERMIOS_TCSETSW    0x5403   /* after output drains */
#define TERMIOS_TCSETSF    0x5404   /* after output drains, typed-ahead input dropped */
#define TERMIOS_TIOCSCTTY  0x540E   /* make the console the caller's session's controlling terminal */
#define TERMIOS_TIOCGPGRP  0x540F
#define TERMIOS_TIOCSPGRP  0x5410
#define TERMIOS_TIOCGWINSZ 0x5413
#define TERMIOS_TIOCNOTTY  0x5422   /* give it up (its leader: a hang-up) */

#endif
