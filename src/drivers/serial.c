/*
 * COM1, a 16550A UART: receive and transmit both interrupt-driven.
 *
 * Writers queue bytes in a ring (tx_ring.h) and return. The UART's
 * transmit-holding-register-empty (THRE) interrupt refills its FIFO from the
 * ring, one FIFO's worth each time it runs dry, the way Linux's 8250 driver
 * does. The UART is only written after LSR says THRE (its FIFO is empty), and
 * then with at most a FIFO's worth: Bochs takes real (emulated) time per byte
 * and drops what is written while its FIFO is full; QEMU drops the oldest.
 *
 * Before serial_tx_irq_start (early boot) and after serial_go_polled (panic,
 * test exit, power-off) the same ring is drained by polling right away, so a
 * message from a dying kernel comes out after what was queued before it and
 * is never left waiting for an interrupt that will not come.
 */
#include "drivers/serial.h"
#include "drivers/pic.h"
#include "drivers/tx_ring.h"
#include "drivers/pit.h"
#include "drivers/upcalls.h"
#include "proc/sched.h"
#include "arch/x86.h"

#define COM1_BASE     0x3F8
#define UART_DATA     (COM1_BASE + 0)  /* RBR/THR, or divisor low with DLAB */
#define UART_IER      (COM1_BASE + 1)  /* interrupt enable, or divisor high with DLAB */
#define UART_IIR      (COM1_BASE + 2)  /* interrupt identification (read) */
#define UART_FCR      (COM1_BASE + 2)  /* FIFO control (write) */
#define UART_LCR      (COM1_BASE + 3)  /* line control */
#define UART_MCR      (COM1_BASE + 4)  /* modem control */
#define UART_LSR      (COM1_BASE + 5)  /* line status */

#define IER_RX_AVAIL  0x01
#define IER_THR_EMPTY 0x02             /* interrupt when the transmit FIFO runs empty */
#define IIR_NO_INT    0x01             /* no interrupt pending */
#define IIR_FIFO_ON   0xC0             /* both set: a working 16-byte FIFO (16550A) */
#define FCR_ENABLE    0x01
#define FCR_CLEAR     0x06             /* clear receive and transmit FIFOs */
#define FCR_TRIG_1    0x00             /* interrupt on every received byte */
#define LCR_8N1       0x03
#define LCR_DLAB      0x80
#define MCR_DTR_RTS   0x03
#define MCR_OUT2      0x08             /* gates the UART's IRQ line on PCs */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20             /* THR (with the FIFO on: the whole FIFO) is empty */
#define LSR_TX_IDLE   0x40             /* THR and shift register empty: all on the wire */

#define UART_CLOCK_HZ 115200
#define BAUD          115200
#define UART_FIFO_DEPTH 16             /* 16550A; an 8250/16450 takes one byte */

#define IRQ_COM1      4
#define IRQ_ROUNDS_MAX 16              /* a stuck IIR cannot hold the CPU in the handler */
#define RX_DRAIN_MAX  64

static struct tx_ring txq;
static uint8_t ier;                    /* what IER holds: receive always, THRE while armed */
static unsigned fifo_depth = 1;
static bool tx_irq_mode;               /* the THRE interrupt drains the ring (else: polling) */
static bool tx_armed;                  /* THRE interrupt enabled: one is due while bytes wait */
static bool room_waiters;              /* someone sleeps on tx_room */
static const char tx_room;             /* the wait channel: only its address matters */

static void set_ier(uint8_t v)
{
	ier = v;
	outb(UART_IER, v);
}

void serial_init(void)
{
	outb(UART_IER, 0);
	outb(UART_LCR, LCR_DLAB);
	outb(UART_DATA, (UART_CLOCK_HZ / BAUD) & 0xFF);
	outb(UART_IER, (UART_CLOCK_HZ / BAUD) >> 8);
	outb(UART_LCR, LCR_8N1);
	outb(UART_FCR, FCR_ENABLE | FCR_CLEAR | FCR_TRIG_1);
	fifo_depth = (inb(UART_IIR) & IIR_FIFO_ON) == IIR_FIFO_ON ? UART_FIFO_DEPTH : 1;
	outb(UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	set_ier(IER_RX_AVAIL);
	pic_unmask(IRQ_COM1);
}

/* If the UART's FIFO is empty, give it the next FIFO's worth from the ring. */
static void tx_feed(void)
{
	if (!(inb(UART_LSR) & LSR_THR_EMPTY))
		return;
	uint8_t wire[UART_FIFO_DEPTH];
	unsigned n = tx_ring_take_wire(&txq, wire, fifo_depth);
	for (unsigned i = 0; i < n; i++)
		outb(UART_DATA, wire[i]);
}

static void tx_feed_polled(void)
{
	while (!(inb(UART_LSR) & LSR_THR_EMPTY))
		;
	tx_feed();
}

void serial_putc(char c)
{
	while (!tx_ring_put(&txq, c))
		tx_feed_polled();   /* full: make room the slow way rather than drop or sleep */
}

void serial_tx_start(void)
{
	if (!tx_irq_mode) {
		while (!tx_ring_empty(&txq))
			tx_feed_polled();
		return;
	}
	/*
	 * Feed even when an interrupt is due: THRE interrupts only once the FIFO
	 * is empty, and the line goes quiet if it is not refilled within one
	 * byte's time, which a stretch with interrupts off (kprintf drawing a
	 * long message) would miss. User writes commit every CONSOLE_FEED_EVERY
	 * bytes (copied and drawn with interrupts on).
	 */
	tx_feed();
	if (tx_armed || tx_ring_empty(&txq))
		return;
	/*
	 * Arm after feeding, so the bytes just written do not raise an interrupt
	 * at once. Enabling THRE while THR is already empty interrupts at once
	 * (16550, Bochs, QEMU): a FIFO that ran dry since tx_feed looked is not
	 * missed.
	 */
	tx_armed = true;
	set_ier(ier | IER_THR_EMPTY);
}

char *serial_tx_span(uint32_t *len) { return tx_ring_span(&txq, len); }

void serial_tx_commit(uint32_t n)
{
	tx_ring_commit(&txq, n);
	serial_tx_start();
}

uint32_t serial_tx_room(void) { return tx_ring_room(&txq); }
uint32_t serial_tx_queued(void) { return tx_ring_used(&txq); }

const void *serial_tx_room_channel(void)
{
	room_waiters = true;
	return &tx_room;
}

void serial_tx_irq_start(void) { tx_irq_mode = true; }

void serial_go_polled(void)
{
	tx_irq_mode = false;
	tx_armed = false;
	set_ier(ier & ~IER_THR_EMPTY);
	serial_tx_start();
}

uint64_t serial_drain_halted(uint32_t max_ms)
{
	uint64_t start = rdtsc();
	uint64_t deadline = uptime_ms() + max_ms;
	while (tx_irq_mode && !tx_ring_empty(&txq) && uptime_ms() < deadline) {
		sti_hlt();   /* the THRE interrupt, or the timer, wakes it */
		cli();
	}
	return rdtsc() - start;
}

void serial_wait_idle(void)
{
	while (!tx_ring_empty(&txq))
		tx_feed_polled();
	while (!(inb(UART_LSR) & LSR_TX_IDLE))
		;
}

static void rx_drain(void)
{
	for (int i = 0; i < RX_DRAIN_MAX && (inb(UART_LSR) & LSR_DATA_READY); i++) {
		char c = (char)inb(UART_DATA);
		input_push(c);   /* Enter is CR: the reader's settings map it (tty/termios.h; a native read always does) */
	}
}

/*
 * Until IIR says nothing is pending: the PIC sees edges, so leaving with a
 * cause still pending would leave the line high and lose every later
 * interrupt. Each round looks at LSR itself rather than trusting IIR's cause
 * (Bochs clears a THRE cause on any IIR read).
 */
void serial_irq(void)
{
	for (int round = 0; round < IRQ_ROUNDS_MAX; round++) {
		if (inb(UART_IIR) & IIR_NO_INT)
			break;
		rx_drain();
		if (tx_armed) {
			tx_feed();
			if (tx_ring_empty(&txq)) {
				tx_armed = false;
				set_ier(ier & ~IER_THR_EMPTY);
			}
		}
	}
	if (room_waiters && (tx_ring_room(&txq) >= SERIAL_TX_WAKE || tx_ring_empty(&txq))) {
		room_waiters = false;
		wakeup(&tx_room);
	}
}
