; The vDSO (build/gen/vdso.so, linked from vdso.asm) as one page of the
; kernel's data: linux_init writes the bitmap of served calls into its last
; bytes, and every Linux process gets a private copy of the page
; (linux_exec.c). The `times` below refuses a vDSO that would reach the bitmap.
%include "asm_offsets.inc"

section .data align=4096
global linux_vdso_page
linux_vdso_page:
	incbin "vdso.so"
	times LINUX_VDSO_BOUND_OFFSET - ($ - linux_vdso_page) db 0
	times PAGE_SIZE - ($ - linux_vdso_page) db 0
