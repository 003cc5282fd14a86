/*
 * The ATA (IDE) disk on the primary channel's master position, by PIO with
 * LBA28 addresses: what QEMU's `-drive if=ide` and Bochs' `ata0-master`
 * emulate. One request at a time: callers are serialised by the disk lock
 * (drivers/disk.h), the boot by being alone.
 *
 * ata_init probes by polling (the boot, before any interrupt is taken).
 * After it, a request waits for IRQ 14: a process sleeps on the channel
 * (sleep_on_nokill: it holds the drive until the request ends); without one
 * (the boot, the scheduler's idle loop) the CPU halts until the interrupt.
 * A drive that reports an error or does not answer within ATA_TIMEOUT_MS
 * gives -EIO (and a channel reset); nothing waits for ever or panics.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include <stdint.h>
#include <stdbool.h>

#define ATA_SECTOR_SIZE 512
#define ATA_TIMEOUT_MS 3000   /* an emulated drive answers in microseconds; a busy host may stall it a little */

/* Probe the primary master: 0 with its size in sectors, -EIO (and why) if there is no ATA disk. */
int ata_init(uint32_t *sectors, const char **why);
/* count (1..ATA_MAX_SECTORS) sectors from lba: 0, or -EIO (past the end, a drive error, a timeout). */
#define ATA_MAX_SECTORS 256
int ata_read(uint32_t lba, uint32_t count, void *buf);
int ata_write(uint32_t lba, uint32_t count, const void *buf);
/* Ask the drive to write its own cache to the medium: 0 or -EIO. */
int ata_flush(void);
/* IRQ 14. */
void ata_irq(void);

#endif
