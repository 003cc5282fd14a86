/*
 * Binding gate sets to dispatch tables. Every process dispatches through a
 * full 1024-entry table of handlers in which every gate it may not call, and
 * every gate with no service, is svc_enosys: the fast path indexes it with no
 * test at all, and "withheld" is exactly "unbound". Processes that may call
 * every bound gate share one table; a sandboxed process gets its own page.
 */
#include "pfgate/gate_table.h"
#include "lib/string.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include <pfgate/errno.h>

_Static_assert(GATE_COUNT * sizeof(gate_handler_t) == PAGE_SIZE, "a private table is one frame");

static gate_handler_t shared_table[GATE_COUNT];
static struct gate_set bound;   /* the gates that have a service: a set covering them all shares the table */
static uint32_t bound_words;    /* bound's words up to its last nonzero one: past it a set has nothing to cover */

long svc_enosys(uint32_t a0, uint32_t a1, uint32_t a2)
{
	(void)a0, (void)a1, (void)a2;
	return -ENOSYS;
}

static void fill(gate_handler_t *t, const struct gate_set *set)
{
	for (uint32_t n = 0; n < GATE_COUNT; n++)
		t[n] = gate_table[n] && (!set || gate_set_has(set, n)) ? gate_table[n] : svc_enosys;
}

void gate_bind_init(void)
{
	fill(shared_table, NULL);
	for (uint32_t n = 0; n < GATE_COUNT; n++)
		if (gate_table[n]) {
			bound.bits[n / 32] |= 1u << (n % 32);
			bound_words = n / 32 + 1;
		}
}

const gate_handler_t *gate_bind(const struct gate_set *set)
{
	bool all = true;
	for (uint32_t w = 0; w < bound_words && all; w++)
		all = (set->bits[w] & bound.bits[w]) == bound.bits[w];
	if (all)
		return shared_table;
	uint32_t frame = frame_alloc();
	if (!frame)
		return NULL;
	gate_handler_t *t = P2V(frame);
	fill(t, set);
	return t;
}

/* A personality's table (src/linux's): static, shared by its processes, never freed. */
static const gate_handler_t *personality_table;

void gate_bind_add_shared(const gate_handler_t *t) { personality_table = t; }

void gate_unbind(const gate_handler_t *t)
{
	if (t && t != shared_table && t != personality_table)
		frame_free(V2P(t));
}

struct gate_cpu gate_cpu0;

void gate_set_all(struct gate_set *s)
{
	memset(s->bits, 0xFF, sizeof s->bits);
}
