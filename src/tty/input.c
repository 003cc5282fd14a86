#include "tty/input.h"
#include "proc/sched.h"
#include "tty/foreground.h"
#include "tty/termios.h"
#include <pfgate/abi.h>

#define INPUT_QUEUE_SIZE 1024   /* a power of two: indices wrap with a mask */

static char queue[INPUT_QUEUE_SIZE];
static volatile unsigned head, tail;   /* head: next write; tail: next read; free-running */
static unsigned dropped;   /* bytes lost to a full queue: read it in a debugger */
static const char readers;   /* the wait channel: only its address matters */

/*
 * A ^C or ^Z (the settings' VINTR and VSUSP, while ISIG is on:
 * tty/termios.h) that the foreground group acts on is its signal instead of
 * input, and drops what was typed ahead (as a terminal's interrupt flushes
 * its input).
 */
void input_push(char c)
{
	int sig = tty_signal_key(c);
	if (sig && foreground_key(sig)) {
		tail = head;
		return;
	}
	if (head - tail == INPUT_QUEUE_SIZE) {
		dropped++;
		return;
	}
	queue[head % INPUT_QUEUE_SIZE] = c;
	head++;
	wakeup(&readers);
	wakeup_pollers();
}

/* Callers run with interrupts off, so head and tail are stable here. */
size_t input_peek(char *buf, size_t max, unsigned *mark)
{
	size_t n = 0;
	*mark = tail;
	for (unsigned t = tail; n < max && t != head; t++)
		buf[n++] = queue[t % INPUT_QUEUE_SIZE];
	return n;
}

/* Only the reader moves tail forward, but a ^C's flush moves it to head: then the peeked bytes are gone already. */
void input_consume(unsigned mark, size_t n)
{
	if (tail != mark)
		return;
	if (n > head - tail)
		n = head - tail;
	tail += n;
}

bool input_empty(void) { return head == tail; }

bool input_take_interrupt(void)
{
	for (unsigned t = tail; t != head; t++)
		if (queue[t % INPUT_QUEUE_SIZE] == CONSOLE_INTR_CHAR) {
			tail = head;
			return true;
		}
	return false;
}

/* The channel readers sleep on: see svc_read. */
const void *input_channel(void) { return &readers; }
