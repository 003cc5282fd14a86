/* The console input queue: serial and keyboard both feed it; read() drains it. */
#ifndef TTY_INPUT_H
#define TTY_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* input_push(c), from the drivers' interrupt handlers: drivers/upcalls.h. */
#include "drivers/upcalls.h"
/*
 * Copy up to max queued bytes without removing them; returns the count, and
 * in *mark where they were. Then remove them (after they have been
 * delivered) with input_consume(mark, n): nothing is removed if a ^C flushed
 * the queue meanwhile (a long copy runs with interrupts on), so bytes typed
 * after the flush are not lost.
 */
size_t input_peek(char *buf, size_t max, unsigned *mark);
void input_consume(unsigned mark, size_t n);
/* The wait channel for readers; input_push wakes it. */
const void *input_channel(void);
bool input_empty(void);
/*
 * True if a ^C is queued (typed before anyone was the foreground, e.g. while
 * the shell was starting the program): then the queue is dropped, as the
 * interrupt would have dropped it.
 */
bool input_take_interrupt(void);

#endif
