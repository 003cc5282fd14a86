/*
 * ATA PIO on the primary channel (ata.h). The sequence of each command is
 * the ATA/ATAPI-6 PIO protocol: select the drive, load the LBA registers,
 * write the command, then one data block (256 words) per DRQ; a read raises
 * an interrupt before each sector, a write before each sector but the first
 * and after the last.
 */
#include "drivers/ata.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "proc/sched.h"
#include "arch/x86.h"
#include <pfgate/errno.h>

/* The primary channel's command block and control register. */
#define ATA_PRIMARY_IO   0x1F0
#define ATA_PRIMARY_CTRL 0x3F6
#define ATA_REG_DATA     (ATA_PRIMARY_IO + 0)   /* 16-bit data port */
#define ATA_REG_ERROR    (ATA_PRIMARY_IO + 1)
#define ATA_REG_SECCOUNT (ATA_PRIMARY_IO + 2)
#define ATA_REG_LBA_LO   (ATA_PRIMARY_IO + 3)
#define ATA_REG_LBA_MID  (ATA_PRIMARY_IO + 4)
#define ATA_REG_LBA_HI   (ATA_PRIMARY_IO + 5)
#define ATA_REG_DEVICE   (ATA_PRIMARY_IO + 6)
#define ATA_REG_STATUS   (ATA_PRIMARY_IO + 7)   /* reading it acknowledges the interrupt */
#define ATA_REG_COMMAND  (ATA_PRIMARY_IO + 7)
#define ATA_REG_ALTSTATUS ATA_PRIMARY_CTRL      /* the status without the acknowledgement */
#define ATA_REG_DEVCTRL   ATA_PRIMARY_CTRL

/* Status bits */
#define ATA_SR_BSY  0x80   /* busy: no other bit is valid */
#define ATA_SR_DRDY 0x40   /* ready for a command */
#define ATA_SR_DF   0x20   /* device fault */
#define ATA_SR_DRQ  0x08   /* a data block is ready to move */
#define ATA_SR_ERR  0x01   /* the command failed: see the error register */
#define ATA_SR_FLOATING 0xFF   /* nothing drives the bus: no controller */

/* Device register: LBA addressing, master; bits 0-3 carry LBA bits 24-27. */
#define ATA_DEV_LBA_MASTER 0xE0
#define ATA_DEV_MASTER     0xA0

/* Device control bits */
#define ATA_CTRL_NIEN 0x02   /* no interrupts */
#define ATA_CTRL_SRST 0x04   /* software reset of both drives */

/* Commands */
#define ATA_CMD_READ_SECTORS  0x20
#define ATA_CMD_WRITE_SECTORS 0x30
#define ATA_CMD_CACHE_FLUSH   0xE7
#define ATA_CMD_IDENTIFY      0xEC

/* IDENTIFY DEVICE words */
#define ATA_ID_WORDS          256
#define ATA_ID_LBA28_SECTORS  60   /* and 61: the sectors LBA28 addresses */
#define ATA_LBA28_LIMIT       (1u << 28)

#define ATA_WORDS_PER_SECTOR (ATA_SECTOR_SIZE / 2)
/* Polled status reads before a drive counts as gone (probe, before interrupts): seconds on hardware. */
#define ATA_POLL_SPINS 1000000u

static uint32_t disk_sectors;        /* 0: no disk */
static volatile bool irq_seen;
static volatile uint8_t irq_status;
static const char channel;           /* the sleepers' channel: its address */

/* About 400 ns: four reads of the alternate status, as the standard asks after a select or a command. */
static void ata_delay(void)
{
	for (int i = 0; i < 4; i++)
		(void)inb(ATA_REG_ALTSTATUS);
}

/* Poll until BSY is clear: the status, or -EIO after ATA_POLL_SPINS reads. */
static int poll_not_busy(void)
{
	for (uint32_t i = 0; i < ATA_POLL_SPINS; i++) {
		uint8_t st = inb(ATA_REG_ALTSTATUS);
		if (st == ATA_SR_FLOATING)
			return -EIO;
		if (!(st & ATA_SR_BSY))
			return st;
	}
	return -EIO;
}

/* A drive that failed or stopped answering: reset the channel so the next request starts clean. */
static void channel_reset(void)
{
	outb(ATA_REG_DEVCTRL, ATA_CTRL_SRST);
	ata_delay();
	outb(ATA_REG_DEVCTRL, 0);
	(void)poll_not_busy();
}

/*
 * Wait for the drive's interrupt; its status (read by ata_irq) or -EIO at
 * the deadline. Interrupts are off on entry and on return.
 */
static int wait_irq(void)
{
	uint64_t deadline = uptime_ms() + ATA_TIMEOUT_MS;
	while (!irq_seen && uptime_ms() < deadline) {
		if (current_proc()) {
			sleep_on_nokill(&channel, deadline);
		} else {
			sti_hlt();   /* the interrupt, or the next tick */
			cli();
		}
	}
	if (!irq_seen)
		return -EIO;
	irq_seen = false;
	return irq_status;
}

void ata_irq(void)
{
	irq_status = inb(ATA_REG_STATUS);   /* acknowledges it */
	irq_seen = true;
	wakeup(&channel);
}

static bool status_failed(int st)
{
	return st < 0 || (st & (ATA_SR_ERR | ATA_SR_DF));
}

/* Select the master with lba's top bits and load the count and address, then issue cmd. */
static int issue(uint8_t cmd, uint32_t lba, uint32_t count)
{
	if (status_failed(poll_not_busy()))
		return -EIO;
	outb(ATA_REG_DEVICE, ATA_DEV_LBA_MASTER | ((lba >> 24) & 0x0F));
	ata_delay();
	outb(ATA_REG_SECCOUNT, count & 0xFF);   /* 0 means 256 */
	outb(ATA_REG_LBA_LO, lba & 0xFF);
	outb(ATA_REG_LBA_MID, (lba >> 8) & 0xFF);
	outb(ATA_REG_LBA_HI, (lba >> 16) & 0xFF);
	irq_seen = false;
	outb(ATA_REG_COMMAND, cmd);
	return 0;
}

static bool request_ok(uint32_t lba, uint32_t count)
{
	return count >= 1 && count <= ATA_MAX_SECTORS && lba < disk_sectors && count <= disk_sectors - lba;
}

static int fail(void)
{
	channel_reset();
	return -EIO;
}

int ata_read(uint32_t lba, uint32_t count, void *buf)
{
	if (!request_ok(lba, count) || issue(ATA_CMD_READ_SECTORS, lba, count))
		return -EIO;
	uint8_t *p = buf;
	for (uint32_t i = 0; i < count; i++, p += ATA_SECTOR_SIZE) {
		int st = wait_irq();
		if (status_failed(st) || !(st & ATA_SR_DRQ))
			return fail();
		insw(ATA_REG_DATA, p, ATA_WORDS_PER_SECTOR);
	}
	return 0;
}

int ata_write(uint32_t lba, uint32_t count, const void *buf)
{
	if (!request_ok(lba, count) || issue(ATA_CMD_WRITE_SECTORS, lba, count))
		return -EIO;
	const uint8_t *p = buf;
	/* No interrupt before the first sector: the drive asks with DRQ. */
	ata_delay();
	int st = poll_not_busy();
	for (uint32_t i = 0; i < count; i++, p += ATA_SECTOR_SIZE) {
		if (status_failed(st) || !(st & ATA_SR_DRQ))
			return fail();
		outsw(ATA_REG_DATA, p, ATA_WORDS_PER_SECTOR);
		st = wait_irq();   /* the next sector's request, or the end */
	}
	return status_failed(st) ? fail() : 0;
}

int ata_flush(void)
{
	if (!disk_sectors || issue(ATA_CMD_CACHE_FLUSH, 0, 0))
		return -EIO;
	return status_failed(wait_irq()) ? fail() : 0;
}

int ata_init(uint32_t *sectors, const char **why)
{
	static uint16_t id[ATA_ID_WORDS];
	*sectors = 0;
	outb(ATA_REG_DEVCTRL, ATA_CTRL_NIEN);   /* the probe polls */
	outb(ATA_REG_DEVICE, ATA_DEV_MASTER);
	ata_delay();
	if (inb(ATA_REG_STATUS) == ATA_SR_FLOATING) {
		*why = "no IDE controller";
		return -EIO;
	}
	outb(ATA_REG_SECCOUNT, 0);
	outb(ATA_REG_LBA_LO, 0);
	outb(ATA_REG_LBA_MID, 0);
	outb(ATA_REG_LBA_HI, 0);
	outb(ATA_REG_COMMAND, ATA_CMD_IDENTIFY);
	ata_delay();
	int st = inb(ATA_REG_STATUS);
	if (st == 0 || (st = poll_not_busy()) < 0) {
		*why = "no drive on the primary master";
		return -EIO;
	}
	/* A packet device (a CD) or SATA signs here and aborts IDENTIFY DEVICE. */
	if (inb(ATA_REG_LBA_MID) || inb(ATA_REG_LBA_HI) || (st & ATA_SR_ERR)) {
		*why = "the primary master is not an ATA disk";
		return -EIO;
	}
	for (uint32_t i = 0; i < ATA_POLL_SPINS && !(st & (ATA_SR_DRQ | ATA_SR_ERR)); i++)
		st = inb(ATA_REG_ALTSTATUS);
	if (!(st & ATA_SR_DRQ) || (st & ATA_SR_ERR)) {
		*why = "the primary master did not identify itself";
		return -EIO;
	}
	insw(ATA_REG_DATA, id, ATA_ID_WORDS);
	uint32_t n = id[ATA_ID_LBA28_SECTORS] | (uint32_t)id[ATA_ID_LBA28_SECTORS + 1] << 16;
	if (n == 0 || n > ATA_LBA28_LIMIT) {
		*why = "the primary master reports no LBA28 sectors";
		return -EIO;
	}
	disk_sectors = n;
	*sectors = n;
	irq_seen = false;
	(void)inb(ATA_REG_STATUS);
	outb(ATA_REG_DEVCTRL, 0);               /* from now on every request waits for IRQ 14 */
	pic_unmask(IRQ_ATA_PRIMARY);
	return 0;
}
