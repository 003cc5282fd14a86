/* 16550 UART on COM1: polled transmit, interrupt-driven receive. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* Called from the IRQ4 handler: drain the receive FIFO into the input queue. */
void serial_irq(void);

#endif
