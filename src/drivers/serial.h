/*
 * 16550 UART on COM1: interrupt-driven receive and transmit (see serial.c).
 * Every function here but serial_irq expects interrupts off.
 */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include <stdint.h>

void serial_init(void);
/* Queue one byte (a full queue is drained by polling, never dropped); serial_tx_start sends. */
void serial_putc(char c);
/* Start sending what is queued: by the THRE interrupt, or right now by polling (see serial.c). */
void serial_tx_start(void);
/* Free slots after the queue's head without wrapping (*len 0: full); fill, then serial_tx_commit. */
char *serial_tx_span(uint32_t *len);
/* Publish n bytes written at the span, and start sending them. */
void serial_tx_commit(uint32_t n);
uint32_t serial_tx_room(void);
/* Bytes queued and not yet handed to the UART. */
uint32_t serial_tx_queued(void);
/* The channel to sleep on for room; the interrupt wakes it once SERIAL_TX_WAKE bytes are free. */
const void *serial_tx_room_channel(void);
/* From now on the THRE interrupt sends: interrupts will be taken. */
void serial_tx_irq_start(void);
/* Back to polling for good (panic, exit): drains the queue first. */
void serial_go_polled(void);
/*
 * In interrupt mode, halt with interrupts on until the queue is empty (or
 * max_ms have passed): the CPU sleeps while the UART sends. Returns the TSC
 * ticks it took. The caller must be able to take interrupts (not a panic).
 */
uint64_t serial_drain_halted(uint32_t max_ms);
/* Poll until every queued byte has left the UART (before the machine stops). */
void serial_wait_idle(void);
/* Called from the IRQ4 handler: receive into the input queue, refill the transmit FIFO. */
void serial_irq(void);

#endif
