; The vDSO's code: __kernel_vsyscall, which AT_SYSINFO names and glibc and
; musl call (`call *%gs:0x10`) with Linux's call number in EAX and its
; arguments in EBX, ECX, EDX, ESI, EDI, EBP. It sends each served call to its
; own gate page, so the kernel learns the call from CR2 alone: the number
; never travels into the kernel. The caller's return address is already on
; the stack, so the gate's emulated `ret` goes straight back to the C
; library. A number the kernel does not serve (its bit clear in the bitmap
; the kernel writes at LINUX_VDSO_BOUND_OFFSET at boot) answers -ENOSYS here,
; without entering the kernel. Only EAX and the arithmetic flags change.
; Linked by src/linux/vdso.ld.S into build/gen/vdso.so, a real ELF shared
; object (glibc reads its dynamic section and symbols before it takes
; AT_SYSINFO); the kernel embeds it (vdso_image.asm). Not part of the kernel.
%include "asm_offsets.inc"

section .text
global __kernel_vsyscall:function
global vdso_vsyscall:function hidden   ; the same entry for the vDSO's clocks (vdso_clock.c): no relocation
__kernel_vsyscall:
vdso_vsyscall:
%ifdef VDSO_DOOR_INT80
; make bench's variants (src/bench/vdso_doors.asm; chosen by the `vdso=` boot
; option): the same call through another door into the same Linux services,
; in Linux's convention (src/bench/linux_doors.c). The kernel sees the number.
	int 0x80
	ret
%elifdef VDSO_DOOR_SYSENTER
	push ebp                         ; the sixth argument, and the caller's EBP
	push edx                         ; sysexit returns through EDX and ECX
	push ecx
	call .enter                      ; pushes .landing (no relocation: the vDSO is never relocated)
.landing:                            ; the kernel's sysexit comes back here, ESP as EBP was
	lea esp, [esp + 4]
	pop ecx
	pop edx
	pop ebp
	ret
.enter:
	mov ebp, esp                     ; the kernel reads the landing and the three from here
	sysenter
%elifdef VDSO_DOOR_CALLGATE
	call DOOR_LINUX_CALLGATE_SEL:0   ; a call gate ignores the offset
	ret
%else
	cmp eax, LINUX_CALL_COUNT
	jae .unserved
	bt dword [LINUX_VDSO_BASE + LINUX_VDSO_BOUND_OFFSET], eax
	jnc .unserved
	shl eax, PAGE_SHIFT
	add eax, LINUX_GATE_FIRST_ADDR   ; gate LINUX_GATE_FIRST + n
	jmp eax
.unserved:
	mov eax, -ENOSYS
	ret
%endif
