; The table entries of gates.def's INTR_GATEs (read, write, sleep_ms, wait,
; sigprocmask): the gates after which a signal may be deliverable at once,
; one that interrupted their sleep (-EINTR, or SA_RESTART's call made again)
; or one sigprocmask unblocked. The lean return looks at nothing (the gate's
; own path must not pay for signals), so these entries look instead, on
; their own path only: the service runs as the stub would run it, and
;   - no signal deliverable (nearly always): back into the stub, which
;     returns as from any gate;
;   - one deliverable: the frame is completed (the caller's argument
;     registers kept for a restart), and the call leaves by iret through
;     signal_gate_return (proc/signal.c), which builds the handler's frame
;     first; for a restart it leaves EIP at the gate with the arguments as
;     called, so the handler's sigreturn lands on the gate and the call is
;     made again (the same #PF: Linux's rewind of EIP, for a page fault).
; Entered by `call [ebx]` from any #PF flavour (ESI the return address, the
; frame just above our return address) or by a measurement door, whose frame
; is no gate call's: a door's call gets its result back as from any gate.
%include "asm_offsets.inc"
%include "arch/trap_frame.inc"

section .text
extern trap_return, full_frame_log, full_frame_is_gate_call, pf_entry_logged_return, signal_gate_return, cpu0

; %2: `pending` looks at the pending signals after every call; `errors` only
; after a call that failed (EAX negative): a sleep a signal interrupted
; returns -EINTR (and a write to a pipe with no reader -EPIPE, its SIGPIPE
; posted), so only a signal that came on some other way and found the call
; succeeding waits, for the next tick (the issue's "any other pending signal
; at the latest at the next timer tick"). read and write, the ping-pong's
; four calls a round trip, pay two instructions, not five. sigprocmask must
; look (a signal it unblocked was pending before); wait and sleep_ms look
; as well, being no hot path.
%macro INTR_GATE_THUNK 2
extern svc_%1
global intr_gate_%1
intr_gate_%1:
	push ecx
	push edx
	push eax                       ; the arguments as called: a restart makes the call with them again
	call svc_%1
%ifidn %2, errors
	test eax, eax
	js intr_gate_look
%elifidn %2, pending
	mov ecx, [cpu0 + CPU_CURRENT]
	mov edx, [ecx + PROC_SIG_BLOCKED]
	not edx
	test edx, [ecx + PROC_SIG_PENDING]
	jnz intr_gate_signal
%else
%error INTR_GATE_THUNK: errors or pending
%endif
	add esp, 12
	ret                            ; ECX and EDX: the stub clears them
%endmacro

INTR_GATE_THUNK write, errors
INTR_GATE_THUNK read, errors
INTR_GATE_THUNK sleep_ms, pending
INTR_GATE_THUNK wait, pending
INTR_GATE_THUNK sigprocmask, pending

; An `errors` thunk's failed call: as a `pending` thunk's, from its call on.
intr_gate_look:
	mov ecx, [cpu0 + CPU_CURRENT]
	mov edx, [ecx + PROC_SIG_BLOCKED]
	not edx
	test edx, [ecx + PROC_SIG_PENDING]
	jnz intr_gate_signal
	add esp, 12
	ret

; EAX the result; [esp] the arguments (EAX, EDX, ECX), [esp + 12] the
; stub's return address, [esp + 16] the frame, if a #PF stub called.
intr_gate_signal:
	push eax
	lea eax, [esp + 20]
	call full_frame_is_gate_call   ; regparm; preserves EBX, ESI, EDI, EBP
	test al, al
	pop eax
	jz .door
	cmp dword [esp + 12], pf_entry_logged_return
	jne .unlogged
	push eax                       ; `gatelog`: its stub's log line is never reached (iret)
	lea ecx, [esp + 4]             ; full_frame_log(gate address, result, arguments), regparm
	mov edx, eax
	mov eax, [esp + 20 + TF_EIP]   ; still the gate
	call full_frame_log
	pop eax
.unlogged:
	mov ebx, eax                   ; the result (the user's EBX is in the frame)
	pop eax
	pop edx
	pop ecx                        ; the caller's argument registers again
	add esp, 4                     ; not back into the stub: this call leaves by iret
	mov [esp + TF_ESP_AT_PUSHAD], esi   ; the return address, kept where popad never looks
	cmp dword [esp + TF_VECTOR], TF_LEAN_MARK
	jne .complete                  ; the full save has every register already, the arguments as called
	COMPLETE_FRAME T_PAGE_FAULT    ; EAX, ECX, EDX as called; EDI, EBP the caller's (callee-saved)
.complete:
	mov eax, esp                   ; signal_gate_return(tf, result, return address), regparm
	mov edx, ebx
	mov ecx, [esp + TF_ESP_AT_PUSHAD]
	call signal_gate_return
	jmp trap_return
.door:
	add esp, 12
	ret
