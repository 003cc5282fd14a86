# The shell's `help` lists every program from its own `/* help: ... */` line
# (tools/gen_program_help.sh): a table generated at build time, never a hand list.
USER_PROG_SRCS := $(wildcard user/progs/*.c)
$(B)/gen/programs_help.h: $(USER_PROG_SRCS) tools/gen_program_help.sh
	@mkdir -p $(dir $@)
	tools/gen_program_help.sh $(USER_PROG_SRCS) > $@.tmp
	mv $@.tmp $@
$(B)/u/user/progs/sh.o: $(B)/gen/programs_help.h
$(B)/u/user/progs/sh.o: UCFLAGS += -I$(B)/gen
