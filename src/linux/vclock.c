/*
 * The vDSO's data page (linux/vvar.h): the kernel writes it through the
 * direct map (its own writable mapping of the frame), so neither a
 * user-access window nor CR0.WP comes into it; every Linux process maps the
 * same frame read-only (PTE_SHARED: fork shares it as it is, and each
 * mapping's reference, freed with its address space, promises nothing).
 */
#include "linux/vclock.h"
#include "linux/vvar.h"
#include "linux/linux_time.h"
#include "proc/linux_upcalls.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "drivers/pit.h"
#include "drivers/rtc.h"
#include "arch/x86.h"
#include "lib/params.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include "lib/string.h"
#include <pfgate/errno.h>
#include <pfgate/layout.h>

#define TICK_NS     (MS_PER_TICK * NSEC_PER_MSEC)
#define MULT_LIMIT  0xFFFFFFFFull
#define MAX_SHIFT   32u

static uint32_t vvar_frame;

static struct linux_vvar *vvar(void) { return P2V(vvar_frame); }

/* n / d by shifts and subtractions (the kernel has no 64-bit division; boot only). */
static uint64_t div64(uint64_t n, uint32_t d)
{
	uint64_t q = 0, r = 0;
	for (int bit = 63; bit >= 0; bit--) {
		r = (r << 1) | ((n >> bit) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << bit;
		}
	}
	return q;
}

/* mult and shift from the cycles the PIT timed over ns: the finest shift whose mult fits in 32 bits. */
static void calibrate(struct linux_vvar *v)
{
	uint32_t ns = 0;
	uint64_t cycles = pit_time_tsc(&ns);
	if (!cycles || cycles > MULT_LIMIT) {
		kprintf("vclock: no TSC to time: the vDSO's clocks ask the kernel\n");
		return;
	}
	uint32_t shift = MAX_SHIFT;
	uint64_t mult = div64((uint64_t)ns << shift, (uint32_t)cycles);
	while (mult > MULT_LIMIT && shift) {
		shift--;
		mult = div64((uint64_t)ns << shift, (uint32_t)cycles);
	}
	uint64_t tick_cycles = div64(cycles * TICK_NS, ns);
	if (mult > MULT_LIMIT || !tick_cycles || tick_cycles > MULT_LIMIT) {
		kprintf("vclock: the TSC runs at no usable rate: the vDSO's clocks ask the kernel\n");
		return;
	}
	v->mult = (uint32_t)mult;
	v->shift = shift;
	v->tick_cycles = (uint32_t)tick_cycles;
	v->tsc_usable = 1;
	kprintf("vclock: TSC %u kHz (PIT-timed over %u us)\n", (uint32_t)div64(cycles * 1000000u, ns), ns / 1000);
}

void linux_vclock_init(void)
{
	vvar_frame = frame_alloc();   /* the kernel's for good: every mapping's reference is on top */
	if (!vvar_frame)
		panic("vclock: no frame for the vDSO's data page");
	memset(vvar(), 0, PAGE_SIZE);
	calibrate(vvar());
	linux_vclock_tick();
}

void linux_vclock_tick(void)
{
	if (!vvar_frame)
		return;   /* a tick before the page is made */
	struct linux_vvar *v = vvar();
	uint32_t real_ms, mono_ms = (uint32_t)uptime_ms();
	uint32_t real_sec = rtc_unix_time_ms(&real_ms);
	uint64_t tsc = rdtsc();
	v->seq++;   /* odd: a reader that sees it, or sees it change, reads again */
	__asm__ volatile("" ::: "memory");
	v->tsc_lo = (uint32_t)tsc;
	v->tsc_hi = (uint32_t)(tsc >> 32);
	v->real_sec = real_sec;
	v->real_nsec = real_ms * NSEC_PER_MSEC;
	v->mono_sec = mono_ms / MSEC_PER_SEC;
	v->mono_nsec = mono_ms % MSEC_PER_SEC * NSEC_PER_MSEC;
	__asm__ volatile("" ::: "memory");
	v->seq++;
}

int linux_map_vvar(pde_t *pgdir)
{
	frame_share_mapped(vvar_frame);
	if (vm_map(pgdir, LINUX_VVAR_BASE, vvar_frame, PTE_U | PTE_SHARED)) {   /* read-only */
		frame_free(vvar_frame);
		return -ENOMEM;
	}
	return 0;
}
