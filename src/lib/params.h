/* Tunables. */
#ifndef KERNEL_PARAMS_H
#define KERNEL_PARAMS_H

#define BOOT_STACK_SIZE  16384  /* kmain's stack, and the scheduler's (guarded, mm/kstack.h) */
#define EARLY_STACK_SIZE 8192   /* kmain's until its stack is guarded (boot/entry.asm) */
#define NPROC            64     /* maximum number of processes */
#define PROC_NAME_LEN    16     /* program name kept for reports and ps */
#define KSTACK_PAGES     2      /* kernel stack per process */
#define NOPENFILE        128    /* open-file objects in the system (vfs/file.h); FD_MAX per process is ABI (pfgate/abi.h) */
#define NPIPE            32     /* pipes in the system, one frame of buffer each (vfs/pipe.c) */
#define TIMER_HZ         100    /* PIT tick rate */
#define MS_PER_TICK      (1000 / TIMER_HZ)
#define TIME_SLICE_TICKS 2      /* user time before preemption */
#define USER_IMAGE_MAX   (16u << 20)   /* largest user program image */
#define SERIAL_TX_RING   4096   /* console bytes queued for COM1 (a power of two) */
#define SERIAL_TX_WAKE   1024   /* writers waiting for room wake once this much is free */
#define CONSOLE_DRAIN_MAX_MS 5000   /* a test exit or power-off waits this long for the queue to empty */
#define CONSOLE_FEED_EVERY 32   /* user bytes copied and drawn (interrupts on) per piece published to the UART: at most 32 screen scrolls, well under a tick in Bochs */
#define CONSOLE_WRITE_ATOMIC 256   /* a write this short is queued whole, never split by another's */
#define UACCESS_LONG_COPY 2048  /* a user copy this long runs with interrupts on (mm/uaccess.c); a 1 KiB ext2 block's copy (about 260 Bochs instructions) is short */
/* A long user copy's piece between two preemption points: in Bochs about 16,500 instructions (rep movsd, 4 bytes each) and at most 16 demand-zero faults, a few per cent of a tick. */
#define UACCESS_PIECE    (64u << 10)
#define ELF_PHNUM_MAX    64     /* program headers in a user program (ld makes about 5) */
#define DISK_CACHE_SHARE   8      /* the block cache takes this fraction of the memory free at boot ... */
#define DISK_CACHE_MIN_KIB 512    /* ... but at least this (128 buffers of 4 KiB blocks) ... */
#define DISK_CACHE_MAX_KIB 8192   /* ... and at most this: 8192 buffers of 1 KiB blocks, 2048 of 4 KiB */
#define DISK_BUF_MIN_BYTES 1024   /* ext2's smallest block: the number of buffer headers the pool gets */
#define DISK_FLUSH_MS    500    /* dirty blocks are written at most this long (plus one write) after they became dirty */
#define MMAP_AREAS       48     /* mmap'ed areas per process (a munmap that splits one takes a slot: -ENOMEM when full); lua with its 4 libraries and ld.so takes about 30 */
#define MAP_NAMES        8      /* names of mapped files per process, for the maps listing (at most 15: VMA_NAME_MASK) */
#define MAP_NAME_LEN     64     /* a mapped file's name in the maps listing, with its NUL: a longer one is cut (a PT_INTERP longer is refused) */
#define INTERP_AREAS     8      /* the areas of a dynamic program's interpreter (2 per segment at most: file pages and bss) */
#define DEMAND_REGIONS   4      /* demand-zero regions per process: the stack and up to 3 segments' bss */

#endif
