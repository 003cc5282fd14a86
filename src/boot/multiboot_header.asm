; The multiboot 1 header, in its own object so that the bench image's kernel
; can link the variant that asks the loader for a framebuffer (assembled with
; -DMB_WANT_VIDEO): on UEFI there is no VGA text mode to fall back on. Both
; variants are the same size, so no other symbol moves between the kernels.
%include "asm_offsets.inc"

%ifdef MB_WANT_VIDEO
%define MB_FLAGS (MB_HEADER_FLAGS | MB_HEADER_VIDEO)
%else
%define MB_FLAGS MB_HEADER_FLAGS
%endif

section .multiboot
align 4
	dd MB_HEADER_MAGIC
	dd MB_FLAGS
	dd -(MB_HEADER_MAGIC + MB_FLAGS)
	; header_addr .. entry_addr: only read with flag bit 16 (a.out kludge), unused here
	times 5 dd 0
	; the video request: read only with MB_HEADER_VIDEO
	dd MB_VIDEO_LINEAR
	dd MB_VIDEO_ANY_SIZE
	dd MB_VIDEO_ANY_SIZE
	dd MB_VIDEO_DEPTH
