# The shell's `help` lists every program from its own `/* help: ... */` line
# (tools/gen/program_help.sh): a table generated at build time, never a hand list.
$(B)/gen/programs_help.h: $(UPROG_SRCS) tools/gen/program_help.sh
	@mkdir -p $(dir $@)
	tools/gen/program_help.sh $(UPROG_SRCS) > $@.tmp
	mv $@.tmp $@
$(B)/u/prog/sh.o: $(B)/gen/programs_help.h
$(B)/u/prog/sh.o: UCFLAGS += -I$(B)/gen
