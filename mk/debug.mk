# Tracing and debugging a gate call (docs/debugging.md walks through them).
#
#   make trace        Bochs, headless: every instruction from PROG's call to
#                     sys_GATE to the instruction after it, named, the #PF
#                     marked, the four parts counted -> build/trace/gate-PROG-GATE.txt
#   make trace-boot   Bochs, headless: the kernel from its first instruction
#                     to PROG's first -> build/trace/boot.txt (+ boot.trace.gz)
#   make bochs-debug  Bochs' debugger on this terminal, kernel and PROG symbols
#                     loaded, stopped at PROG's call to sys_GATE
#   make qemu-gdb     QEMU stopped at the reset vector, gdb stub on GDB_PORT
#   make gdb          (another terminal) gdb attached: kernel and PROG symbols,
#                     tools/trace/gdb/pfgate.py commands, breakpoints on the calls to sys_GATE
#
# PROG=program[:arg...] (default hello), GATE=name from gates.def (default write),
# KOPTS=more kernel command line (gatereturn=iret, gatelog), GDB_PORT (default 1234),
# TRACE_OUT=file for make trace; TRACE_DISK=image: a copy of it on the primary
# master (build/bench/disk.img for the file workloads); SKIP=n: let n calls go
# by first; ROUND=1: trace one round of PROG's loop instead, from the call to
# the next time PROG reaches it, whatever runs in between (other processes,
# interrupts), counted by function -> build/trace/round-PROG-GATE.txt;
# TRACE_BENCH=1: boot make bench's kernel (build/bench/kernel.elf). Examples:
#   make trace PROG=gatebench:1:1 GATE=nop
#   make trace PROG=gatebench:1:1 GATE=nop KOPTS=gatereturn=iret
#   make trace PROG=workload:cachedread:2 GATE=read TRACE_DISK=build/bench/disk.img SKIP=20
#   make trace PROG=workload:pingpong:20 GATE=write SKIP=10 ROUND=1 TRACE_BENCH=1

PROG     ?= hello
GATE     ?= write
KOPTS    ?=
GDB_PORT ?= 1234
TRACE_OUT ?=

# The program's name without its arguments: gatebench:1:1 -> gatebench.
DEBUG_PROG := $(firstword $(subst :, ,$(PROG)))

.PHONY: trace trace-boot bochs-debug qemu-gdb gdb

trace: deps all ## Bochs: every instruction of PROG's call to sys_GATE, named and counted
	$(PYTHON) -m tools.trace.trace_gate gate --prog '$(PROG)' --gate '$(GATE)' --kopts '$(KOPTS)' \
		$(if $(TRACE_OUT),--out '$(TRACE_OUT)') $(if $(TRACE_DISK),--disk '$(TRACE_DISK)') $(if $(SKIP),--skip $(SKIP)) \
		$(if $(ROUND),--round) $(if $(TRACE_BENCH),--bench-kernel)

trace-boot: deps all ## Bochs: the kernel from its first instruction to PROG's first
	$(PYTHON) -m tools.trace.trace_gate boot --prog '$(PROG)' --kopts '$(KOPTS)' \
		$(if $(TRACE_OUT),--out '$(TRACE_OUT)')

bochs-debug: deps all ## Bochs' debugger, stopped at PROG's call to sys_GATE
	$(PYTHON) -m tools.trace.trace_gate bochs-debug --prog '$(PROG)' --gate '$(GATE)' --kopts '$(KOPTS)' $(if $(V),--verbose)

qemu-gdb: deps all ## QEMU stopped at the reset vector, gdb stub on GDB_PORT
	@echo "QEMU is stopped at the reset vector, its gdb stub on 127.0.0.1:$(GDB_PORT)."
	@echo "In another terminal: make gdb$(if $(filter-out hello,$(PROG)), PROG=$(PROG))$(if $(filter-out write,$(GATE)), GATE=$(GATE))   (quit QEMU here with Ctrl-A X)"
	$(LAUNCH_QEMU) --kernel $(KERNEL) --initrd $(INITRD) --append "run=$(PROG) $(KOPTS)" --gdb $(GDB_PORT) --disk $(DISK)

# A PROG that is no program stops here with the list, not with make's "no rule to make target".
# ($(B)/no-such-program/ is never made: its rule only refuses.)
DEBUG_PROG_FILE = $(if $(filter $(DEBUG_PROG),$(UPROGS)),$(B)/user/bin/$(DEBUG_PROG),$(B)/no-such-program/$(DEBUG_PROG))
$(B)/no-such-program/%:
	@echo "PROG=$(DEBUG_PROG): there is no program of that name; the programs: $(sort $(UPROGS))" >&2; exit 1

# pf-attach (tools/trace/gdb/pfgate.py): nothing listening on GDB_PORT ends GDB at once, status 1.
gdb: $(KERNEL) $(DEBUG_PROG_FILE) ## (another terminal) gdb attached to make qemu-gdb, pfgate commands loaded
	@$(call NEED,$(GDB))
	$(GDB) -q $(KERNEL) -x tools/trace/gdb/pfgate.gdb -ex 'pf-user $(DEBUG_PROG)' \
		-ex 'pf-attach $(GDB_PORT)' -ex 'pf-break-call $(GATE)' \
		-ex 'echo \n"continue" runs to $(DEBUG_PROG)'"'"'s call to sys_$(GATE); pf-help lists the pfgate commands.\n'
