/*
 * What spawn and exec (src/proc) ask of the Linux personality (src/linux,
 * a room above): a program whose ELF has no pfgate note (elf_check's
 * linux_abi) gets Linux's dispatch table, its vDSO page and Linux's initial
 * stack. Declared here, defined in src/linux/linux_exec.c (docs/design.md,
 * "Layering").
 */
#ifndef PROC_LINUX_UPCALLS_H
#define PROC_LINUX_UPCALLS_H

#include <stdint.h>
#include <stdbool.h>
#include "mm/paging.h"
#include "pfgate/gate_table.h"

struct proc_args;
struct elf_image;
struct proc;
struct trap_frame;
struct sig_entry;

/* The Linux process's dispatch table (shared by all of them; gate_unbind leaves it). */
const gate_handler_t *linux_gate_table(void);
/* The lowest address linux_build_stack writes (its pages are mapped before it runs). */
uint32_t linux_stack_low(const struct proc_args *a, const char *path);
/* Map a private copy of the vDSO at LINUX_VDSO_BASE and its data page under it, read-only: 0 or -ENOMEM. */
int linux_map_vdso(pde_t *pgdir);
/*
 * Linux's initial stack (argc, argv, envp, auxv, AT_RANDOM's bytes, the
 * strings, a user's copied from where they lie: proc/args.h): 0 with the
 * user ESP, or args_place's -EFAULT, -EINTR.
 */
int linux_build_stack(pde_t *pgdir, const struct proc_args *a, const struct elf_image *info, const char *path,
		      uint32_t *esp);
/*
 * A signal for a Linux process (proc/signal.c's delivery): Linux's sigframe,
 * or rt_sigframe with SA_SIGINFO, with Linux's _fpstate, on the user stack
 * below tf->esp; its return address the sigreturn or rt_sigreturn gate. The
 * handler's entry in *out; false if the stack has no room.
 */
bool linux_signal_frame(struct proc *p, const struct trap_frame *tf, int sig, uint32_t flags, int code, uint32_t detail,
			uint32_t oldmask, struct sig_entry *out);

#endif
