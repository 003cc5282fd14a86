#include "drivers/serial.h"
#include "drivers/pic.h"
#include "kernel/input.h"
#include "kernel/x86.h"

#define COM1_BASE     0x3F8
#define UART_DATA     (COM1_BASE + 0)  /* RBR/THR, or divisor low with DLAB */
#define UART_IER      (COM1_BASE + 1)  /* interrupt enable, or divisor high with DLAB */
#define UART_FCR      (COM1_BASE + 2)  /* FIFO control */
#define UART_LCR      (COM1_BASE + 3)  /* line control */
#define UART_MCR      (COM1_BASE + 4)  /* modem control */
#define UART_LSR      (COM1_BASE + 5)  /* line status */

#define IER_RX_AVAIL  0x01
#define FCR_ENABLE    0x01
#define FCR_CLEAR     0x06             /* clear receive and transmit FIFOs */
#define FCR_TRIG_1    0x00             /* interrupt on every received byte */
#define LCR_8N1       0x03
#define LCR_DLAB      0x80
#define MCR_DTR_RTS   0x03
#define MCR_OUT2      0x08             /* gates the UART's IRQ line on PCs */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

#define UART_CLOCK_HZ 115200
#define BAUD          115200

#define IRQ_COM1      4

void serial_init(void)
{
	outb(UART_IER, 0);
	outb(UART_LCR, LCR_DLAB);
	outb(UART_DATA, (UART_CLOCK_HZ / BAUD) & 0xFF);
	outb(UART_IER, (UART_CLOCK_HZ / BAUD) >> 8);
	outb(UART_LCR, LCR_8N1);
	outb(UART_FCR, FCR_ENABLE | FCR_CLEAR | FCR_TRIG_1);
	outb(UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(UART_IER, IER_RX_AVAIL);
	pic_unmask(IRQ_COM1);
}

/* Polls: Bochs drops bytes written while the transmitter is busy. */
void serial_putc(char c)
{
	if (c == '\n')
		serial_putc('\r');
	while (!(inb(UART_LSR) & LSR_THR_EMPTY))
		;
	outb(UART_DATA, (uint8_t)c);
}

void serial_irq(void)
{
	while (inb(UART_LSR) & LSR_DATA_READY) {
		char c = (char)inb(UART_DATA);
		input_push(c == '\r' ? '\n' : c);
	}
}
