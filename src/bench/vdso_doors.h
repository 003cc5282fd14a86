/*
 * The vDSO once per door (issue 29): src/linux/vdso.asm assembled three more
 * times (VDSO_DOOR_INT80, _SYSENTER, _CALLGATE) and embedded here
 * (vdso_door_images.asm). With `doors` and `vdso=int80|sysenter|callgate` every
 * Linux process's __kernel_vsyscall enters by that door instead of the gates
 * (linux_doors.c), the way Linux picks sysenter or int 0x80 at boot;
 * `vdso=gate`, the default, leaves make run's vDSO.
 */
#ifndef BENCH_VDSO_DOORS_H
#define BENCH_VDSO_DOORS_H

/* Put the vDSO the `vdso=` option names in place of the gates' (doors_init, at boot). */
void vdso_doors_choose(void);

#endif
