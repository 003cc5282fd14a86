; Multiboot entry: runs at the physical load address with paging off, turns on
; paging with a static page directory (identity 0-4 MiB, just long enough to
; jump, plus the kernel's direct map of physical memory at KERNEL_BASE), and
; calls kmain in the higher half. The multiboot header is multiboot_header.asm.
%include "asm_offsets.inc"

; The stack kmain starts on, in the direct map's large pages where no page can
; be left unmapped below it: only until the guarded kernel stacks' region is up
; (kmain's first few calls), then kmain moves to the guarded boot stack
; (mm/kstack.h) through run_on_stack.
section .bss
align 16
early_stack_bottom:
	resb EARLY_STACK_SIZE
early_stack_top:

section .data
align 4096
; The kernel's page directory for its whole life: every address space copies
; its upper part. Large pages keep the direct map to one entry per 4 MiB.
global kernel_page_dir
kernel_page_dir:
	dd PDE_P | PDE_W | PDE_PS                  ; identity 0-4 MiB, dropped by paging_init
	times (KERNEL_BASE >> PDE_SHIFT) - 1 dd 0
%assign i 0
%rep DIRECT_MAP_PDES
	dd (i << PDE_SHIFT) | PDE_P | PDE_W | PDE_PS | PDE_G
%assign i i + 1
%endrep
	times PDE_ENTRIES - (KERNEL_BASE >> PDE_SHIFT) - DIRECT_MAP_PDES dd 0

; The entry runs at its load address with paging off, so it lives in .boot,
; linked at its physical address: GRUB and QEMU then agree on the ELF entry.
section .boot
global _start
extern kmain
_start:
	cli
	mov ecx, cr4
	or ecx, CR4_PSE | CR4_PGE
	mov cr4, ecx
	mov ecx, kernel_page_dir - KERNEL_BASE
	mov cr3, ecx
	mov ecx, cr0
	or ecx, CR0_PG | CR0_WP | CR0_AM
	mov cr0, ecx
	mov ecx, higher_half           ; an absolute jump: EIP leaves the identity map
	jmp ecx

section .text
higher_half:
	mov esp, early_stack_top
	xor ebp, ebp                   ; backtraces stop here
	mov edx, ebx                   ; kmain(magic, multiboot info physical address), regparm
	call kmain
.halt:
	cli
	hlt
	jmp .halt

; void run_on_stack(uint32_t top, void (*fn)(void *), void *arg)   (regparm: EAX, EDX, ECX)
; Leaves the current stack for good: fn(arg) on the stack whose top is `top`,
; with no frame under it (backtraces stop there). fn must not return.
global run_on_stack
run_on_stack:
	mov esp, eax
	xor ebp, ebp
	mov eax, ecx
	call edx
.halt:
	cli
	hlt
	jmp .halt
