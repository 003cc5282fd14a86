#include "drivers/pic.h"
#include "arch/x86.h"
#include "arch/trap_frame.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1

#define ICW1_INIT 0x10
#define ICW1_ICW4 0x01
#define ICW4_8086 0x01
#define OCW2_EOI  0x20
#define OCW3_READ_ISR 0x0B
#define PIC_CASCADE_ID 2        /* the slave hangs on master IRQ 2 */
#define PIC_IRQS_PER_CHIP 8
#define ISR_SPURIOUS_LINE (1u << 7)  /* IRQ 7 / 15 in-service bit: clear for a spurious one */

static uint16_t irq_mask = 0xFFFF & ~(1u << IRQ_CASCADE);

static void write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xFF);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, T_IRQ0);
	outb(PIC2_DATA, T_IRQ0 + PIC_IRQS_PER_CHIP);
	outb(PIC1_DATA, 1u << PIC_CASCADE_ID);
	outb(PIC2_DATA, PIC_CASCADE_ID);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	write_mask();
}

void pic_unmask(unsigned irq)
{
	irq_mask &= ~(1u << irq);
	write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= PIC_IRQS_PER_CHIP)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

/* A spurious IRQ has no bit in the in-service register. */
int pic_spurious(unsigned irq)
{
	if (irq == IRQ_SPURIOUS_MASTER) {
		outb(PIC1_CMD, OCW3_READ_ISR);
		return !(inb(PIC1_CMD) & ISR_SPURIOUS_LINE);
	}
	if (irq == IRQ_SPURIOUS_SLAVE) {
		outb(PIC2_CMD, OCW3_READ_ISR);
		if (!(inb(PIC2_CMD) & ISR_SPURIOUS_LINE)) {
			outb(PIC1_CMD, OCW2_EOI);   /* the master did see the cascade */
			return 1;
		}
	}
	return 0;
}
