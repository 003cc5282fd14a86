/* The console's terminal settings (tty/termios.h). */
#include "tty/termios.h"
#include "lib/string.h"
#include <pfgate/signal.h>

/* Linux's tty_std_termios and INIT_C_CC: what a fresh tty has. */
static struct pf_termios settings = {
	.c_iflag = TERMIOS_ICRNL | TERMIOS_IXON,
	.c_oflag = TERMIOS_OPOST | TERMIOS_ONLCR,
	.c_cflag = TERMIOS_B38400 | TERMIOS_CS8 | TERMIOS_CREAD | TERMIOS_HUPCL,
	.c_lflag = TERMIOS_ISIG | TERMIOS_ICANON | TERMIOS_ECHO | TERMIOS_ECHOE | TERMIOS_ECHOK |
		   TERMIOS_ECHOCTL | TERMIOS_ECHOKE | TERMIOS_IEXTEN,
	.c_cc = {
		[TERMIOS_VINTR] = 0x03, [TERMIOS_VQUIT] = 0x1c, [TERMIOS_VERASE] = 0x7f, [TERMIOS_VKILL] = 0x15,
		[TERMIOS_VEOF] = 0x04, [TERMIOS_VTIME] = 0, [TERMIOS_VMIN] = 1, [TERMIOS_VSTART] = 0x11,
		[TERMIOS_VSTOP] = 0x13, [TERMIOS_VSUSP] = 0x1a, [TERMIOS_VREPRINT] = 0x12,
		[TERMIOS_VDISCARD] = 0x0f, [TERMIOS_VWERASE] = 0x17, [TERMIOS_VLNEXT] = 0x16,
	},
};

void tty_get_termios(struct pf_termios *out) { *out = settings; }

void tty_set_termios(const struct pf_termios *t, bool flush_input)
{
	settings = *t;
	if (flush_input)
		tty_line_flush();
}

int tty_signal_key(char c)
{
	if (!(settings.c_lflag & TERMIOS_ISIG))
		return 0;
	if ((uint8_t)c == settings.c_cc[TERMIOS_VINTR])
		return SIGINT;
	return (uint8_t)c == settings.c_cc[TERMIOS_VSUSP] ? SIGTSTP : 0;
}
