#include "kernel/input.h"
#include "kernel/sched.h"

#define INPUT_QUEUE_SIZE 1024   /* a power of two: indices wrap with a mask */

static char queue[INPUT_QUEUE_SIZE];
static volatile unsigned head, tail;   /* head: next write; tail: next read; free-running */
static unsigned dropped;   /* bytes lost to a full queue: read it in a debugger */
static const char readers;   /* the wait channel: only its address matters */

void input_push(char c)
{
	if (head - tail == INPUT_QUEUE_SIZE) {
		dropped++;
		return;
	}
	queue[head % INPUT_QUEUE_SIZE] = c;
	head++;
	wakeup(&readers);
}

/* Callers run with interrupts off (the whole kernel does), so head is stable. */
size_t input_peek(char *buf, size_t max)
{
	size_t n = 0;
	for (unsigned t = tail; n < max && t != head; t++)
		buf[n++] = queue[t % INPUT_QUEUE_SIZE];
	return n;
}

void input_consume(size_t n)
{
	if (n > head - tail)
		n = head - tail;
	tail += n;
}

bool input_empty(void) { return head == tail; }

/* The channel readers sleep on: see svc_read. */
const void *input_channel(void) { return &readers; }
