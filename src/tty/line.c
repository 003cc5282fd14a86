/*
 * The line discipline of a Linux program's console reads (tty/termios.h):
 * input bytes are taken from the queue as the reader waits, mapped (ICRNL,
 * IGNCR, INLCR), edited in canonical mode (VERASE, VKILL, VEOF end a line
 * or the file) and echoed (ECHO, ECHOE, ECHOK, ECHONL, ECHOCTL) from the
 * reader's own context: the echo comes when a reader takes the byte, not
 * when the key is hit (nothing echoes while no Linux program reads).
 */
#include "tty/termios.h"
#include "tty/input.h"
#include "tty/console.h"
#include "proc/sched.h"
#include "drivers/pit.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include <pfgate/errno.h>

#define LINE_BUF 1024        /* Linux's is 4096; the input queue behind it holds 1024 */
#define DECISECOND_MS 100    /* VTIME's unit */
#define CTRL_ECHO_OFFSET 0x40   /* ECHOCTL shows byte c as ^ and c + 0x40 */
#define ASCII_DEL 0x7f

static char line[LINE_BUF];
static size_t line_len;      /* bytes in line */
static size_t line_ready;    /* the first line_ready bytes may be read: whole lines (canonical) or any bytes */
static bool eof_pending;     /* VEOF on an empty line: the next read returns 0 */

bool tty_line_pending(void) { return line_ready || eof_pending; }

void tty_line_flush(void)
{
	unsigned mark;
	char c;
	while (input_peek(&c, 1, &mark))
		input_consume(mark, 1);
	line_len = line_ready = 0;
	eof_pending = false;
}

static void echo_byte(const struct pf_termios *t, char c)
{
	if (!(t->c_lflag & TERMIOS_ECHO)) {
		if (c == '\n' && (t->c_lflag & TERMIOS_ECHONL))
			console_write("\n", 1);
		return;
	}
	uint8_t u = (uint8_t)c;
	if ((t->c_lflag & TERMIOS_ECHOCTL) && (u < ' ' || u == ASCII_DEL) && c != '\n' && c != '\t') {
		char two[2] = { '^', (char)(u == ASCII_DEL ? '?' : u + CTRL_ECHO_OFFSET) };
		console_write(two, 2);
		return;
	}
	console_write(&c, 1);
}

/* Erase the last byte of the line being edited; true if there was one. */
static bool erase_one(const struct pf_termios *t, bool echo)
{
	if (line_len == line_ready)
		return false;
	line_len--;
	if (echo && (t->c_lflag & TERMIOS_ECHO))
		console_write("\b \b", 3);
	return true;
}

static void take(const struct pf_termios *t, char c)
{
	const uint8_t *cc = t->c_cc;
	if (c == '\r') {
		if (t->c_iflag & TERMIOS_IGNCR)
			return;
		if (t->c_iflag & TERMIOS_ICRNL)
			c = '\n';
	} else if (c == '\n' && (t->c_iflag & TERMIOS_INLCR)) {
		c = '\r';
	}
	if ((t->c_lflag & TERMIOS_ISIG) && (uint8_t)c == cc[TERMIOS_VINTR]) {
		line_len = line_ready;   /* the interrupt drops the line being typed, as Linux's flush */
		return;
	}
	bool canon = t->c_lflag & TERMIOS_ICANON;
	if (canon && (uint8_t)c == cc[TERMIOS_VERASE]) {
		erase_one(t, t->c_lflag & TERMIOS_ECHOE);
		return;
	}
	if (canon && (uint8_t)c == cc[TERMIOS_VKILL]) {
		while (erase_one(t, t->c_lflag & TERMIOS_ECHOK))
			;
		return;
	}
	if (canon && (uint8_t)c == cc[TERMIOS_VEOF]) {
		if (line_len == line_ready)
			eof_pending = true;
		line_ready = line_len;
		return;
	}
	if (line_len == LINE_BUF)
		return;   /* a full line takes nothing more but its end */
	line[line_len++] = c;
	echo_byte(t, c);
	if (!canon || c == '\n' || line_len == LINE_BUF)
		line_ready = line_len;
}

/* Every queued byte into the line; true if any came. */
static bool take_queued(const struct pf_termios *t)
{
	bool any = false;
	unsigned mark;
	char c;
	while (input_peek(&c, 1, &mark)) {
		input_consume(mark, 1);
		take(t, c);
		any = true;
	}
	return any;
}

/* What a read may return now: up to len bytes, and in canonical mode one line at most. */
static size_t readable(const struct pf_termios *t, size_t len)
{
	size_t n = line_ready < len ? line_ready : len;
	if (t->c_lflag & TERMIOS_ICANON)
		for (size_t i = 0; i < n; i++)
			if (line[i] == '\n')
				return i + 1;
	return n;
}

long tty_read_linux(void __user *buf, size_t len, bool nonblock)
{
	if (len == 0)
		return 0;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	uint64_t deadline = 0;
	bool timer_started = false;
	struct pf_termios t;
	for (;;) {
		tty_get_termios(&t);
		bool came = take_queued(&t);
		if (eof_pending && !line_ready) {
			eof_pending = false;
			return 0;
		}
		size_t vmin = t.c_cc[TERMIOS_VMIN] < len ? t.c_cc[TERMIOS_VMIN] : len;
		uint64_t vtime_ms = (uint64_t)t.c_cc[TERMIOS_VTIME] * DECISECOND_MS;
		if (t.c_lflag & TERMIOS_ICANON) {
			if (line_ready)
				break;
		} else {
			if (line_ready >= vmin && (line_ready || !vtime_ms))
				break;   /* VMIN bytes are there; VMIN 0 and VTIME 0: whatever is */
			/* VTIME: the whole wait when VMIN is 0; between bytes (from the first) otherwise. */
			if (vtime_ms && (vmin == 0 || line_ready) && (came || !timer_started)) {
				deadline = uptime_ms() + vtime_ms;
				timer_started = true;
			}
			if (timer_started && uptime_ms() >= deadline)
				break;
		}
		if (nonblock) {   /* O_NONBLOCK: what is there in raw mode, a whole line in canonical */
			if ((t.c_lflag & TERMIOS_ICANON) || !line_ready)
				return -EAGAIN;
			break;
		}
		if (sleep_on(input_channel(), timer_started ? deadline : 0))
			return -EINTR;
	}
	size_t n = readable(&t, len);
	size_t rest = copy_to_user_rest(buf, line, n);
	if (rest && rest == n)
		return -EFAULT;   /* nothing is consumed */
	n -= rest;   /* the bytes before a bad page, as Linux: the rest stays in the line */
	memmove(line, line + n, line_len - n);
	line_len -= n;
	line_ready -= n;
	return (long)n;
}
