; The vDSO's door variants (vdso_doors.h), each an ELF image linked like
; build/gen/vdso.so; their ends give their sizes.
section .rodata
global vdso_door_int80, vdso_door_int80_end, vdso_door_sysenter, vdso_door_sysenter_end
global vdso_door_callgate, vdso_door_callgate_end
vdso_door_int80:
	incbin "vdso-int80.so"
vdso_door_int80_end:
vdso_door_sysenter:
	incbin "vdso-sysenter.so"
vdso_door_sysenter_end:
vdso_door_callgate:
	incbin "vdso-callgate.so"
vdso_door_callgate_end:
