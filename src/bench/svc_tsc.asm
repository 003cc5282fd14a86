; svc_tsc: the low half of the TSC, read by the service's very first
; instruction, so that make bench can split a round trip into the way in and
; the way out (under Bochs the TSC counts instructions).
section .text
global svc_tsc
svc_tsc:
	rdtsc
	ret
