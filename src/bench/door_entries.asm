; Entry stubs of the comparison doors (see doors.h). int 0x80 and sysenter
; build the same struct trap_frame as every trap (lean or full, as the gate:
; trap/trap_frame.h); the call-gate frame has no EFLAGS or error code
; (nothing reads it as a trap frame). Sleeping services and kills work
; through all of them as through the gate.
%include "asm_offsets.inc"
%include "bench_offsets.inc"
%include "arch/trap_frame.inc"

section .text
extern gate_cpu0, trap_return
global door_int80_entry, door_sysenter_entry, door_callgate_common, door_callgate_stubs, door_callgate_stub_0, door_callgate_stubs_end
global door_int80_entry_nosmap, door_sysenter_entry_nosmap, door_callgate_common_nosmap

; Look up gate EBX in the current process's table and call it with the
; caller's EAX, EDX, ECX; the result goes into the frame's EAX.
%macro DOOR_DISPATCH 0
	mov eax, -ENOSYS
	cmp ebx, GATE_COUNT
	jae %%store
	mov edi, [gate_cpu0 + GATE_CPU_TABLE]
	mov eax, [esp + TF_EAX]
	call [edi + ebx * 4]
%%store:
	mov [esp + TF_EAX], eax
%endmacro

; The lean doors' call: gate EBX from the current process's table (ESI is
; saved), or .enosys (the caller's local label) for a number past the table.
%macro LEAN_DOOR_CALL 0
	cmp ebx, GATE_COUNT
	jae .enosys
	mov esi, [gate_cpu0 + GATE_CPU_TABLE]
	call [esi + ebx * 4]
%endmacro

; Each door is assembled twice, like the gate's lean entries: `name` with
; the SMAP window's clac, `name_nosmap` without (boot/smap.inc); doors_init
; installs the one that matches SMAP.
; Each door starts lean, like the gate (pf_entry.asm): EBX and ESI saved,
; the caller's DS:ES as the frame's mark (trap/trap_frame.h), no segment
; load when both are SEG_UDATA; any other caller takes the full save and gets
; its own selectors back. The handler preserves EBX, EDI and EBP itself.

; int 0x80: the CPU pushed SS, ESP, EFLAGS, CS, EIP (no error code); iret
; gives the caller's EFLAGS back, so DF only needs clearing for C.
%macro INT80_DOOR 2
%1:
	LEAN_SAVE TF_EIP, .full, %2
	cld
	LEAN_DOOR_CALL
.back:
	xor ecx, ecx                   ; nothing of the kernel leaks in ECX, EDX
	xor edx, edx
	mov esi, [esp + TF_ESI]
	add esp, TF_EIP
	iret
.enosys:
	mov eax, -ENOSYS
	jmp .back
.full:
	mov dword [esp + TF_ERR], 0
	COMPLETE_FRAME DOOR_INT_VECTOR
	DOOR_DISPATCH
	xor eax, eax
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	jmp trap_return
%endmacro

INT80_DOOR door_int80_entry, WITH_SMAP
INT80_DOOR door_int80_entry_nosmap, WITHOUT_SMAP

; sysenter: ESP = IA32_SYSENTER_ESP (the current kernel stack top), IF = 0,
; the other flags the user's; the user's ESP in EBP, its return address in
; EDI (both kept by the handler: sysexit takes them back from EDX, ECX). The
; stub writes what reports and debuggers read of an interrupt frame: EIP,
; ESP, EFLAGS (the caller's, IF clear as sysenter left it; the lean frame's
; SS and CS slots are not written, they can only be SEG_UDATA and SEG_UCODE).
; popfd gives the caller its own flags back, arithmetic ones included, with
; IF off until the sti before sysexit. (A user TF would trap
; right at the entry: trap() clears it, see user_single_step_landing in trap.c.)
%macro SYSENTER_DOOR 2
%1:
	lea esp, [esp - (TF_SIZE - TF_EFLAGS - 4)]   ; past the SS and ESP slots, flags untouched
	pushfd                         ; the caller's flags, in the frame's EFLAGS slot
	LEAN_SAVE TF_EFLAGS, .full, %2
	mov [esp + TF_EIP], edi
	mov [esp + TF_ESP], ebp
	cld
	LEAN_DOOR_CALL
.back:
	mov edx, edi                   ; sysexit: EIP from EDX, ESP from ECX (the caller's own)
	mov ecx, ebp
	mov esi, [esp + TF_ESI]
	add esp, TF_EFLAGS
	popfd                          ; the caller's flags, IF still off
	sti
	sysexit
.enosys:
	mov eax, -ENOSYS
	jmp .back
.full:
	mov [esp + TF_EIP], edi
	mov [esp + TF_ESP], ebp
	or dword [esp + TF_EFLAGS], EFLAGS_IF   ; the frame an interrupt from ring 3 would have built
	mov dword [esp + TF_SS], SEG_UDATA
	mov dword [esp + TF_CS], SEG_UCODE
	mov dword [esp + TF_ERR], 0
	COMPLETE_FRAME T_SYSENTER
	DOOR_DISPATCH
	mov eax, [esp + TF_EIP]
	mov [esp + TF_EDX], eax
	mov eax, [esp + TF_ESP]
	mov [esp + TF_ECX], eax
	SYSEXIT_FROM_FRAME_RESTORING_FLAGS
%endmacro

SYSENTER_DOOR door_sysenter_entry, WITH_SMAP
SYSENTER_DOOR door_sysenter_entry_nosmap, WITHOUT_SMAP

; lcall through call gate DOOR_CALLGATE_FIRST + n: the CPU pushed SS, ESP, CS,
; EIP (no EFLAGS: a call gate leaves them alone, IF included, hence the cli).
; Stub n pushes n * 4, the offset of its handler in the dispatch table. Not a
; struct trap_frame (nothing reads it as one); lean like the others: ESI
; saved, the caller's DS:ES checked, the flags it gets back set by the xor
; (nothing of the kernel's arithmetic). As before, a caller's DF does not
; survive (a call gate has no EFLAGS to give back; cdecl callers have DF = 0).
; The caller's EFLAGS are kept (pushfd, before AC is cleared for SMAP) and
; given back by popfd, with DF = 0 (the cld) and IF = 0 (the stub's cli; the
; sti before the lret sets it): AC, NT and ID come back as the caller had them.
%macro CALLGATE_DOOR 2
%1:
	pushfd                         ; the caller's AC, NT, ID (TF was already cleared: see trap.c)
	USER_ACCESS_CLOSE_IF %2        ; AC = 0 (SMAP: the user may have set it)
	sub esp, 8                     ; [esp] DS:ES, [esp + 4] ESI, [esp + 8] EFLAGS, [esp + 12] n * 4
	mov [esp], ds
	mov [esp + 2], es
	cmp dword [esp], TF_LEAN_MARK
	jne .full
	mov [esp + 4], esi
	cld
	and dword [esp + 8], ~EFLAGS_DF  ; as before: a call gate gives DF back cleared
	mov esi, [esp + 12]
	add esi, [gate_cpu0 + GATE_CPU_TABLE]
	call [esi]
	mov esi, [esp + 4]
	lea esp, [esp + 8]
	popfd                          ; the caller's flags, IF still 0
	lea esp, [esp + 4]             ; n * 4
	xor ecx, ecx                   ; nothing of the kernel leaks in ECX, EDX or the flags
	xor edx, edx
	sti                            ; ring 3 runs with IF = 1; the shadow covers the lret
	retf
.full:
	add esp, 8
	and dword [esp], ~EFLAGS_DF
	SAVE_FRAME eax
	mov ebx, [esp + 4 * 11]        ; n * 4, above pushad (8), es, ds and the caller's EFLAGS
	shr ebx, 2
	DOOR_DISPATCH
	xor eax, eax
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	popad
	pop es
	pop ds
	popfd                          ; the caller's flags, IF still 0
	lea esp, [esp + 4]             ; n * 4
	xor ecx, ecx                   ; the flags too
	sti
	retf
%endmacro

CALLGATE_DOOR door_callgate_common, WITH_SMAP
CALLGATE_DOOR door_callgate_common_nosmap, WITHOUT_SMAP

; A stub is DOOR_CALLGATE_STUB_SIZE bytes and ends with the rel32 of its jmp
; (the encodings are forced, so every stub has the same layout): where SMAP
; is off, doors_init points the jmps at the copy without the window's site.
%macro CALLGATE_STUB 1
door_callgate_stub_%1:
	cli                            ; the kernel runs with interrupts off
	push strict dword %1 * 4
	jmp near door_callgate_common
	; an assertion: a negative count (an error) unless the stub is exactly the size
	times -(($ - door_callgate_stub_%1 - DOOR_CALLGATE_STUB_SIZE) * ($ - door_callgate_stub_%1 - DOOR_CALLGATE_STUB_SIZE)) db 0
%endmacro

%assign n 0
%rep GATE_COUNT
CALLGATE_STUB n
%assign n n + 1
%endrep
door_callgate_stubs_end:

section .rodata
door_callgate_stubs:
%assign n 0
%rep GATE_COUNT
	dd door_callgate_stub_ %+ n
%assign n n + 1
%endrep
