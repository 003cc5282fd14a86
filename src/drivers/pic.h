/* The two 8259A PICs, remapped to vectors T_IRQ0..T_IRQ0+15. */
#ifndef DRIVERS_PIC_H
#define DRIVERS_PIC_H

#include <stdint.h>

#define IRQ_TIMER    0
#define IRQ_KEYBOARD 1
#define IRQ_CASCADE  2
#define IRQ_COM1     4
#define IRQ_SPURIOUS_MASTER 7
#define IRQ_ATA_PRIMARY 14   /* the primary IDE channel */
#define IRQ_SPURIOUS_SLAVE 15

void pic_init(void);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
/* True if the IRQ is a spurious 7 or 15 (no EOI owed to that chip). */
int pic_spurious(unsigned irq);

#endif
