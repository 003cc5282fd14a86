/*
 * mprotect, as far as a single-threaded static program needs it (glibc
 * makes its RELRO read-only at start, and a failure there is fatal): the
 * write permission of pages the process has, set or cleared. A page not yet
 * touched (demand-zero) is mapped first, so its protection sticks.
 * PROT_NONE is refused (-EINVAL): an absent page means "demand-zero" to
 * this kernel. Nothing is ever shared copy-on-write with a Linux process
 * (it has no fork yet), so setting W gives no one else's page away.
 * The vDSO is the process's own copy: making it writable hurts no one else.
 */
#include "linux/linux_calls.h"
#include "proc/sched.h"
#include "arch/x86.h"
#include <pfgate/errno.h>

#define LINUX_PROT_READ  0x1
#define LINUX_PROT_WRITE 0x2
#define LINUX_PROT_EXEC  0x4
#define LINUX_PROT_ALL   (LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC)

long linux_sys_mprotect(const struct linux_args *a)
{
	uint32_t addr = a->ebx, len = a->ecx, prot = a->edx;
	if ((addr & PAGE_OFFSET_MASK) || (prot & ~LINUX_PROT_ALL))
		return -EINVAL;
	if (!prot)
		return -EINVAL;
	uint32_t end = (len + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK;
	if (len > KERNEL_BASE || end > GATE_BASE || addr > GATE_BASE - end)
		return -ENOMEM;
	end += addr;
	struct proc *p = current_proc();
	for (uint32_t va = addr; va < end; va += PAGE_SIZE) {
		pte_t *pte = vm_lookup(p->pgdir, va);
		if (!pte || !(*pte & PTE_P)) {
			if (!proc_demand_fault(va))
				return -ENOMEM;   /* nothing there (Linux's answer for an unmapped range) */
			pte = vm_lookup(p->pgdir, va);
		}
		if (prot & LINUX_PROT_WRITE)
			*pte |= PTE_W;
		else
			*pte &= ~(pte_t)PTE_W;
		invlpg(va);
	}
	return 0;
}
