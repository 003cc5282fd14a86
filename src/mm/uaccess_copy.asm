; The instructions that touch user memory. Each is listed in __ex_table with
; a fixup: a fault there (unmapped page, read-only page under CR0.WP) resumes
; at the fixup, which returns -EFAULT instead of panicking. Range checks are
; done in C (uaccess.c) before these run.
%include "asm_offsets.inc"
%include "arch/smap.inc"

%macro EX_ENTRY 2
section __ex_table
	dd %1, %2
section .text
%endmacro

section .text
global raw_copy_user, raw_copy_user_open, raw_strncpy_from_user

; int raw_copy_user(void *dst, const void *src, size_t n)   (regparm: EAX, EDX, ECX)
; Returns 0 or -EFAULT. Either side may be the user one.
; Four bytes at a time, then the 0-3 left over: both string instructions are
; listed, so a fault in either (at any iteration) returns -EFAULT.
; raw_copy_user_open opens SMAP's window itself; raw_copy_user expects it
; open (the smap_listed self-test calls it closed, on purpose). Both close it
; on the way out. Opening it here rather than in C lets copy_from_user and
; copy_to_user end in a tail call: no frame for the window's sake on a short copy.
raw_copy_user_open:
	USER_ACCESS_OPEN
raw_copy_user:
	push esi
	push edi
	mov edi, eax
	mov esi, edx
	mov edx, ecx
	shr ecx, 2                     ; whole dwords (DF is 0: every kernel entry sees to it)
.copy_dwords:
	rep movsd
	EX_ENTRY .copy_dwords, .fault
	mov ecx, edx
	and ecx, 3                     ; the tail
.copy_bytes:
	rep movsb
	EX_ENTRY .copy_bytes, .fault
	xor eax, eax
.out:
	USER_ACCESS_CLOSE
	pop edi
	pop esi
	ret
.fault:
	mov eax, -EFAULT
	jmp .out

; long raw_strncpy_from_user(char *dst, const char *usrc, size_t max)
; Copies up to and including the NUL. Returns the length without the NUL,
; `max` if no NUL was found in max bytes, or -EFAULT.
raw_strncpy_from_user:
	push esi
	push edi
	push ebx
	mov edi, eax
	mov esi, edx
	xor eax, eax
.next:
	cmp eax, ecx
	je .done
.load:
	mov bl, [esi + eax]
	EX_ENTRY .load, .sfault
	mov [edi + eax], bl
	test bl, bl
	jz .done
	inc eax
	jmp .next
.done:
	pop ebx
	pop edi
	pop esi
	ret
.sfault:
	mov eax, -EFAULT
	jmp .done
