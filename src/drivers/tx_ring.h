/*
 * The serial transmit queue: bytes in the order they were written, waiting
 * for the UART. Pure (no hardware), host-tested. One producer and one
 * consumer, and each moves its index with interrupts off, so no locking
 * here. The producer may fill its span (past head) with interrupts on: the
 * consumer reads only up to head, and its tail only grows the room. head and tail run
 * free (they wrap at 2^32, the mask picks the slot): head - tail is the count.
 * LF goes to the wire as CR LF, expanded on the way out so a byte in the ring
 * is a byte the writer gave.
 */
#ifndef DRIVERS_TX_RING_H
#define DRIVERS_TX_RING_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/params.h"

#define TX_RING_SIZE SERIAL_TX_RING
_Static_assert((TX_RING_SIZE & (TX_RING_SIZE - 1)) == 0, "the tx ring size is a power of two");

struct tx_ring {
	uint32_t head;     /* next slot to fill */
	uint32_t tail;     /* next slot to send */
	bool cr_sent;      /* the LF at tail has had its CR sent already */
	char buf[TX_RING_SIZE];
};

static inline uint32_t tx_ring_used(const struct tx_ring *r) { return r->head - r->tail; }
static inline uint32_t tx_ring_room(const struct tx_ring *r) { return TX_RING_SIZE - tx_ring_used(r); }
static inline bool tx_ring_empty(const struct tx_ring *r) { return r->head == r->tail; }

/* Queue one byte; false (and nothing queued) if the ring is full. */
static inline bool tx_ring_put(struct tx_ring *r, char c)
{
	if (tx_ring_room(r) == 0)
		return false;
	r->buf[r->head % TX_RING_SIZE] = c;
	r->head++;
	return true;
}

/*
 * The free slots that follow head without wrapping: the next bytes can be
 * copied there in one go, then published with tx_ring_commit. *len is 0 when
 * the ring is full.
 */
static inline char *tx_ring_span(struct tx_ring *r, uint32_t *len)
{
	uint32_t at = r->head % TX_RING_SIZE;
	uint32_t to_end = TX_RING_SIZE - at;
	uint32_t room = tx_ring_room(r);
	*len = room < to_end ? room : to_end;
	return &r->buf[at];
}

/* Publish n bytes written at the span (n <= its length). */
static inline void tx_ring_commit(struct tx_ring *r, uint32_t n) { r->head += n; }

/*
 * Take up to max bytes for the wire into out, LF sent as CR LF (a CR may end
 * one batch and its LF start the next). Returns how many were taken.
 */
static inline unsigned tx_ring_take_wire(struct tx_ring *r, uint8_t *out, unsigned max)
{
	unsigned n = 0;
	while (n < max && r->tail != r->head) {
		char c = r->buf[r->tail % TX_RING_SIZE];
		if (c == '\n' && !r->cr_sent) {
			out[n++] = '\r';
			r->cr_sent = true;
			continue;
		}
		out[n++] = (uint8_t)c;
		r->cr_sent = false;
		r->tail++;
	}
	return n;
}

#endif
