# pfgate: an IA-32 kernel whose request channel is the page fault.
# `make run` boots it in QEMU; `make test` runs every test. Both install
# missing Debian packages first (as root) or say which command would.

CROSS   ?= i686-linux-gnu-
CC       = $(CROSS)gcc
LD       = $(CROSS)ld
AR       = $(CROSS)ar
NM       = $(CROSS)nm
OBJDUMP  = $(CROSS)objdump
NASM    ?= nasm
HOSTCC  ?= cc
QEMU    ?= qemu-system-i386
BOCHS   ?= bochs
GDB     ?= gdb
SPARSE  ?= sparse
PYTHON  ?= python3

B := build
export CROSS

# The kernel's C ABI is regparm(3), as Linux/i386's: first three arguments in
# EAX, EDX, ECX. The assembly stubs are written for it.
ARCHFLAGS := -m32 -march=i686 -mno-sse -mno-mmx -mno-80387
# Freestanding means no libc headers at all: only GCC's own (stddef, stdint,
# stdbool, stdarg), so nothing can slip back to needing a libc for the target.
# Asked once, when a recipe first needs it (so every variable that holds it is
# recursive, `=`): `make deps` may only now be installing the compiler.
GCC_INCLUDE = $(eval GCC_INCLUDE := $(shell $(CC) -print-file-name=include))$(GCC_INCLUDE)
# -ffile-prefix-map: the build does not depend on where the tree is checked out
# (debug info names paths from its top), so Bochs' counts from power-on do not either.
COMMON_CFLAGS = -std=c11 -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) -ffile-prefix-map=$(CURDIR)/= -nostdlib -fno-builtin -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fcf-protection=none -O2 -g -Wall -Wextra -Werror -MMD -MP -Iinclude -Isrc $(ARCHFLAGS)
# -mpreferred-stack-boundary=2: the kernel has no SSE (ARCHFLAGS), so nothing
# in it needs the ABI's 16-byte stack alignment, which costs a sub and an add
# around the calls of many functions (a pipe's wakeup among them).
KCFLAGS = $(COMMON_CFLAGS) -mregparm=3 -mpreferred-stack-boundary=2 -I$(B)/gen
UCFLAGS = $(COMMON_CFLAGS) -Iuser/lib
NASMFLAGS := -f elf32 -g -F dwarf -I$(B)/gen/ -Isrc/
# The ELF segment alignment is PAGE_SIZE; test/suite_abi.py checks the built segments against it.
ELF_PAGE_ALIGN := 4096   # abi-ok: checked against PAGE_SIZE by test/suite_abi.py
KLDFLAGS := -m elf_i386 -nostdlib -z max-page-size=$(ELF_PAGE_ALIGN) -z noexecstack -T $(B)/gen/kernel.ld
ULDFLAGS := -m elf_i386 -nostdlib -z max-page-size=$(ELF_PAGE_ALIGN) -z noexecstack -z separate-code -L$(B)/user -T user/user.ld

# make run's kernel: every folder but src/bench/, the measurement part (mk/bench.mk
# links it into make bench's kernel, $(BENCH_KERNEL)).
# The rooms, lowest first (docs/design.md, "Layering"; test/suite_layout.py checks it).
KERNEL_DIRS := lib arch boot mm fs pfgate proc drivers tty vfs services linux kernel
KERNEL_C := $(wildcard $(patsubst %,src/%/*.c,$(KERNEL_DIRS))) $(wildcard src/fs/ext2/*.c)
KERNEL_C := $(filter-out src/kernel/asm_offsets.c src/kernel/abi_export.c,$(KERNEL_C))
KERNEL_ASM := $(wildcard $(patsubst %,src/%/*.asm,$(KERNEL_DIRS)))
# The vDSO's code is a user-mode shared object of its own (build/gen/vdso.so), embedded by vdso_image.asm.
KERNEL_ASM := $(filter-out src/linux/vdso.asm,$(KERNEL_ASM))
KERNEL_C := $(filter-out src/linux/vdso_clock.c,$(KERNEL_C))
KERNEL_OBJS := $(patsubst %.c,$(B)/%.o,$(KERNEL_C)) $(patsubst %.asm,$(B)/%.o,$(KERNEL_ASM))
BENCH_PART_C := $(filter-out src/bench/bench_offsets.c,$(wildcard src/bench/*.c))
BENCH_PART_ASM := $(wildcard src/bench/*.asm)
BENCH_PART_OBJS := $(patsubst %.c,$(B)/%.o,$(BENCH_PART_C)) $(patsubst %.asm,$(B)/%.o,$(BENCH_PART_ASM))
# foo.c and foo.asm would build the same foo.o: refuse rather than link one of them.
DUP_OBJS := $(shell printf '%s\n' $(KERNEL_OBJS) | sort | uniq -d)
$(if $(DUP_OBJS),$(error two sources build the same object: $(DUP_OBJS)))

# The formatter and the basic string functions are the kernel's own, compiled for user mode.
ULIB_C := $(wildcard user/lib/*.c) src/lib/format.c src/lib/string.c
ULIB_OBJS := $(patsubst %.c,$(B)/u/%.o,$(ULIB_C)) $(B)/u/user/lib/crt0.o
# The runtime is linked as an archive, so a program carries only the parts it
# calls (strerror's table, printf: not in true). crt0 goes first, as an object;
# so does the pfgate note (user/lib/note.c), which nothing calls: from the
# archive it would be left out, and the kernel would run every native program
# as a Linux one.
ULIB_A := $(B)/u/libpfuser.a
ULIB_LINK := $(B)/u/user/lib/crt0.o $(B)/u/user/lib/note.o
# The user programs: the shell's (user/progs), the test programs (user/tests) and the
# measurement part's (user/bench: its door stubs and bench screen are in folders below it),
# one initrd, one name space; each program's object is $(B)/u/prog/NAME.o.
UPROG_DIRS := user/progs user/tests user/bench
UPROG_SRCS := $(wildcard $(addsuffix /*.c,$(UPROG_DIRS)))
UPROGS := $(notdir $(basename $(UPROG_SRCS)))
DUP_PROGS := $(shell printf '%s\n' $(UPROGS) | sort | uniq -d)
$(if $(DUP_PROGS),$(error two user programs of the same name: $(DUP_PROGS)))
UBINS := $(addprefix $(B)/user/bin/,$(UPROGS))
# The user objects come from a pattern rule: keep them (make would delete them
# as intermediates after each link, and print the deletion after the test totals).
.SECONDARY: $(ULIB_OBJS) $(patsubst %,$(B)/u/prog/%.o,$(UPROGS))

KERNEL := $(B)/kernel.elf
INITRD := $(B)/initrd.tar
ISO    := $(B)/pfgate.iso
ABI_JSON := $(B)/gen/abi.json
DISK   := $(B)/disk.img
# The reference's Debian packages, unpacked (mk/linuxref.mk): busybox for the disk too.
LR     := $(B)/linuxref
# Debian's dynamic lua5.4 and the shared libraries (mk/ext2.mk's make dynlibs): the dynamic cases' too.
DYNLIBS := $(B)/dynlibs
# The user's shell, make run's init: busybox's ash, /bin/sh on the disk
# (mk/ext2.mk), a session leader with the console as its controlling
# terminal (job control on). Where it cannot start (the ISO alone with no
# disk, or a disk made without busybox: not root and no i386 packages) the
# kernel says so and starts the native shell instead (kernel/boot_programs.h).
# USER_SHELL=sh: the native shell (the initrd's; /native/sh on the disk), the
# kernel's default run=hello then init=sh, with an empty command line.
USER_SHELL ?= /bin/sh
# Empty: the kernel's default, run=hello then init=sh.
CMDLINE ?= $(if $(filter sh,$(USER_SHELL)),,init=$(USER_SHELL))


.PHONY: all kernel user iso run run-nox bochs test host-test clean deps run-deps check-deps bench test-fresh fuzz help
# `make help` lists every target a user may type: each rule's `## ` comment,
# read from the makefiles themselves (test/suite_layout.py checks that every
# .PHONY target has one), so the list cannot miss a target or go stale.
help: ## this list: every target, one line each
	@awk '/^[a-z][a-z0-9-]*:.*## / { t = $$0; sub(/:.*/, "", t); h = $$0; sub(/^[^#]*## /, "", h); printf "  %-22s %s\n", t, h }' $(MAKEFILE_LIST)
all: $(KERNEL) $(INITRD) $(ISO) $(ABI_JSON) ## build the kernel, the initrd, the GRUB ISO and the ABI description
kernel: $(KERNEL) ## build make run's kernel (build/kernel.elf)
user: $(UBINS) ## build the user programs
iso: $(ISO) ## build the GRUB ISO (build/pfgate.iso)

# ---- dependencies -------------------------------------------------------
# Named one by one and installed without recommends: a newcomer gets what the
# project uses, not a GUI stack. libc6-dev is for the host tools and host tests
# (gcc only recommends it); the kernel and user code use no libc headers.
DEB_PACKAGES := nasm grub-pc-bin grub-common \
	xorriso mtools qemu-system-x86 bochs bochsbios vgabios libcmocka-dev gcc libc6-dev make python3 gdb tar gnuplot-nox \
	sparse e2fsprogs
# make run opens a VGA window only where there is a display: QEMU's GTK front end
# (and GTK with it) only then.
RUN_PACKAGES := $(DEB_PACKAGES) $(if $(DISPLAY),qemu-system-gui)
# Debian's cross compiler only when it is the one in use: CROSS=i686-elf- brings its own.
ifeq ($(CROSS),i686-linux-gnu-)
# libc6-dev-i386-cross: glibc for the Linux test programs built -static (user/linux/, LXLIBC_PROGS).
DEB_PACKAGES += gcc-i686-linux-gnu binutils-i686-linux-gnu libc6-dev-i386-cross
endif
# The binaries the targets run, each with the Debian package it comes from: an
# installed package is not enough (QEMU=/nonexistent, a PATH without it), so
# tools/deps.sh looks for each binary too and names it and its package when it
# is missing. make deps checks them all (make test runs every one); make run
# the build's and QEMU; a target that does not depend on deps checks its own
# with $(call NEED,binary...). The launchers name the same packages
# (tools/launch/__init__.py's PACKAGES; test/suite_layout.py checks they agree).
BUILD_BINARIES = $(NASM)=nasm grub-mkrescue=grub-common xorriso=xorriso mformat=mtools mke2fs=e2fsprogs debugfs=e2fsprogs
ifeq ($(CROSS),i686-linux-gnu-)
BUILD_BINARIES += $(CC)=gcc-i686-linux-gnu $(LD)=binutils-i686-linux-gnu
endif
BINARY_PACKAGES = $(BUILD_BINARIES) $(QEMU)=qemu-system-x86 $(BOCHS)=bochs $(GDB)=gdb $(SPARSE)=sparse gnuplot=gnuplot-nox
NEED = tools/deps.sh --binaries $(foreach b,$(1),$(or $(filter $(b)=%,$(BINARY_PACKAGES)),$(error NEED: $(b) is not in BINARY_PACKAGES)))
deps: ## install make test's Debian packages (as root) or print the one command; check the binaries
	@tools/deps.sh $(DEB_PACKAGES) --binaries $(BINARY_PACKAGES)
run-deps: ## install make run's Debian packages (QEMU's GUI when $DISPLAY is set); check its binaries
	@tools/deps.sh $(RUN_PACKAGES) --binaries $(BUILD_BINARIES) $(QEMU)=qemu-system-x86
check-deps: ## check the Debian packages and the binaries are there, install nothing
	@tools/deps.sh --check $(DEB_PACKAGES) --binaries $(BINARY_PACKAGES)

# ---- kernel ---------------------------------------------------------------
# The measurement part's own (src/bench/bench_offsets.c): the kernel's includes nothing of it.
$(B)/gen/asm_offsets.inc: src/kernel/asm_offsets.c
$(B)/gen/bench_offsets.inc: src/bench/bench_offsets.c
$(B)/gen/asm_offsets.inc $(B)/gen/bench_offsets.inc:
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -MT $@ -MF $(B)/gen/$(basename $(notdir $@)).d -S -o $(B)/gen/$(basename $(notdir $@)).s $<
	sed -n 's/.*->\([A-Z_0-9]*\) \(-*[0-9]*\).*/\1 \2/p' $(B)/gen/$(basename $(notdir $@)).s | \
		awk '{ v = $$2; if (v < 0) v += 4294967296; printf "%%define %s %.0f\n", $$1, v }' > $@.tmp
	mv $@.tmp $@
-include $(B)/gen/asm_offsets.d $(B)/gen/bench_offsets.d

# The link script, preprocessed from the address map's own header.
$(B)/gen/kernel.ld: src/kernel/linker.ld.S
	@mkdir -p $(dir $@)
	$(CC) -E -P -x assembler-with-cpp -Iinclude -MMD -MP -MT $@ -MF $(B)/gen/kernel.ld.d -o $@ $<
-include $(B)/gen/kernel.ld.d

# The ABI description for Python and GDB (tools/pfabi.py reads it): every
# constant they need, from the C headers, as asm_offsets.inc is for NASM.
$(ABI_JSON): src/kernel/abi_export.c tools/gen/abi.py
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -MT $@ -MF $(B)/gen/abi.d -S -o $(B)/gen/abi.s $<
	$(PYTHON) -m tools.gen.abi < $(B)/gen/abi.s > $@.tmp
	mv $@.tmp $@
-include $(B)/gen/abi.d
# Named in an explicit rule, so it is never an intermediate file: a missing or
# stale asm_offsets.inc is always rebuilt before any assembly.
$(patsubst %.asm,$(B)/%.o,$(KERNEL_ASM) $(BENCH_PART_ASM)) $(B)/u/user/lib/crt0.o: $(B)/gen/asm_offsets.inc
$(patsubst %.asm,$(B)/%.o,$(BENCH_PART_ASM)): $(B)/gen/bench_offsets.inc

$(B)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/src/%.o: src/%.asm $(B)/gen/asm_offsets.inc
	@mkdir -p $(dir $@)
	@# NASM 2.16's -MD names only the source file; -M alone lists its %includes too.
	$(NASM) $(NASMFLAGS) -M -MP -MT $@ $< > $(B)/src/$*.d
	$(NASM) $(NASMFLAGS) -o $@ $<

# The Linux personality's vDSO (src/linux/vdso.asm): a real ELF shared object
# linked where every Linux process maps it (vdso.ld.S, from layout.h), then
# embedded in the kernel's data as one page (vdso_image.asm).
$(B)/gen/vdso.ld: src/linux/vdso.ld.S
	@mkdir -p $(dir $@)
	$(CC) -E -P -x assembler-with-cpp -Iinclude -MMD -MP -MT $@ -MF $(B)/gen/vdso.ld.d -o $@ $<
-include $(B)/gen/vdso.ld.d
$(B)/gen/vdso.o: src/linux/vdso.asm $(B)/gen/asm_offsets.inc
	$(NASM) -f elf32 -I$(B)/gen/ -o $@ $<
# Its clocks (vdso_clock.c): user-mode C, no debug info (the whole file is the page).
$(B)/gen/vdso_clock.o: src/linux/vdso_clock.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -g,$(UCFLAGS)) -fno-jump-tables -c -o $@ $<
-include $(B)/gen/vdso_clock.d
$(B)/gen/vdso.so: $(B)/gen/vdso.o $(B)/gen/vdso_clock.o $(B)/gen/vdso.ld
	$(LD) -m elf_i386 -shared -soname linux-gate.so.1 --hash-style=sysv --build-id=none -z max-page-size=$(ELF_PAGE_ALIGN) -z noexecstack -T $(B)/gen/vdso.ld -o $@ $< $(B)/gen/vdso_clock.o
$(B)/src/linux/vdso_image.o: $(B)/gen/vdso.so
# make bench's variants, one per door (src/bench/vdso_doors.h), linked the same way.
VDSO_DOORS := int80 sysenter callgate
$(B)/gen/vdso-%.o: src/linux/vdso.asm $(B)/gen/asm_offsets.inc
	$(NASM) -f elf32 -I$(B)/gen/ -DVDSO_DOOR_$(shell echo $* | tr a-z A-Z) -o $@ $<
$(B)/gen/vdso-%.so: $(B)/gen/vdso-%.o $(B)/gen/vdso_clock.o $(B)/gen/vdso.ld
	$(LD) -m elf_i386 -shared -soname linux-gate.so.1 --hash-style=sysv --build-id=none -z max-page-size=$(ELF_PAGE_ALIGN) -z noexecstack -T $(B)/gen/vdso.ld -o $@ $< $(B)/gen/vdso_clock.o
# Kept, not deleted as intermediates: make's "rm" after the run would follow make test's last line.
.SECONDARY: $(patsubst %,$(B)/gen/vdso-%.o,$(VDSO_DOORS))
$(B)/src/bench/vdso_door_images.o: $(patsubst %,$(B)/gen/vdso-%.so,$(VDSO_DOORS))

# Two links, like Linux's kallsyms: the first gives the addresses, the second
# embeds them. .ksyms is the last section, so no other address moves; the
# comparison below proves it on every build. $(call KERNEL_LINK,dir,objects):
# dir/kernel.elf (and dir/kernel.sym) from the objects; make bench's kernel
# and the bench image's use it too.
$(B)/empty_ksyms.asm: tools/gen/ksyms.sh
	@mkdir -p $(dir $@)
	tools/gen/ksyms.sh < /dev/null > $@
$(B)/%_ksyms.o: $(B)/%_ksyms.asm
	$(NASM) $(NASMFLAGS) -o $@ $<
define KERNEL_LINK
$(1)/kernel.pass1.elf: $(2) $(B)/empty_ksyms.o $(B)/gen/kernel.ld
	@mkdir -p $$(dir $$@)
	$$(LD) $$(KLDFLAGS) -o $$@ $(2) $(B)/empty_ksyms.o
$(1)/final_ksyms.asm: $(1)/kernel.pass1.elf tools/gen/ksyms.sh
	$$(NM) -n $$< | tools/gen/ksyms.sh > $$@
$(1)/kernel.elf: $(2) $(1)/final_ksyms.o $(B)/gen/kernel.ld
	$$(LD) $$(KLDFLAGS) -o $$@ $(2) $(1)/final_ksyms.o
	@$$(NM) -n $(1)/kernel.pass1.elf | grep -v -e ksyms -e _kernel_end > $(1)/syms.pass1
	@$$(NM) -n $$@ | grep -v -e ksyms -e _kernel_end > $(1)/syms.final
	@cmp -s $(1)/syms.pass1 $(1)/syms.final || { echo "ksyms: symbols moved between links"; rm -f $$@; exit 1; }
	$$(NM) -n $$@ | awk '$$$$2 ~ /^[tTdDbBrR]$$$$/ && $$$$3 !~ /^\.\.@/ { print $$$$1, $$$$3 }' > $(1)/kernel.sym
endef
$(eval $(call KERNEL_LINK,$(B),$(KERNEL_OBJS)))

# make bench's kernel: make run's objects plus the measurement part (src/bench/:
# the doors, the call gates, the bench services), with the gate table compiled
# to bind the BENCH_GATEs of gates.def. The door tests, the hostile tests
# (which open the doors) and the bench image boot it too.
BENCH_KERNEL := $(B)/bench/kernel.elf
$(B)/bench/gate_table.o: src/pfgate/gate_table.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -DPFGATE_BENCH -c -o $@ $<
BENCH_KERNEL_OBJS := $(patsubst $(B)/src/pfgate/gate_table.o,$(B)/bench/gate_table.o,$(KERNEL_OBJS)) $(BENCH_PART_OBJS)
$(eval $(call KERNEL_LINK,$(B)/bench,$(BENCH_KERNEL_OBJS)))

# ---- user programs and the initrd ------------------------------------------
$(B)/tools/gen/gates_ld: tools/gen/gates_ld.c include/pfgate/gates.def include/pfgate/layout.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -Iinclude -o $@ $<
$(B)/user/gates.ld: $(B)/tools/gen/gates_ld
	@mkdir -p $(dir $@)
	$< > $@

$(B)/u/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<
$(B)/u/user/lib/crt0.o: user/lib/crt0.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -g -F dwarf -o $@ $<

# Static pattern rules: each object is bound to its own folder's source, so a
# stale dependency file naming a program's old place cannot pick the wrong rule.
define UPROG_OBJ
$(patsubst $(1)/%.c,$(B)/u/prog/%.o,$(wildcard $(1)/*.c)): $(B)/u/prog/%.o: $(1)/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(UCFLAGS) -c -o $$@ $$<
endef
$(foreach d,$(UPROG_DIRS),$(eval $(call UPROG_OBJ,$(d))))
# A program's source that moved (user/progs/bench.c to user/bench/bench.c): the old
# dependency file still names the old path. As -MP does for headers, a source that is
# no longer there is no error: the object is rebuilt from its new place, with a new .d.
user/%.c: ;

$(ULIB_A): $(filter-out $(ULIB_LINK),$(ULIB_OBJS))
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/user/bin/%: $(B)/u/prog/%.o $(ULIB_LINK) $(ULIB_A) $(B)/user/gates.ld user/user.ld
	@mkdir -p $(dir $@)
	$(LD) $(ULDFLAGS) -o $@ $(ULIB_LINK) $< $(ULIB_A)

# The shell's pure parts (user/sh/: tokenizer, grammar, line editor; host-tested
# by test/host/test_sh_parse.c and test_line_edit.c) are linked into sh alone.
SH_OBJS := $(patsubst %.c,$(B)/u/%.o,$(wildcard user/sh/*.c))
.SECONDARY: $(SH_OBJS)
$(B)/u/prog/sh.o: UCFLAGS += -Iuser/sh
$(B)/user/bin/sh: $(B)/u/prog/sh.o $(SH_OBJS) $(ULIB_LINK) $(ULIB_A) $(B)/user/gates.ld user/user.ld
	@mkdir -p $(dir $@)
	$(LD) $(ULDFLAGS) -o $@ $(ULIB_LINK) $< $(SH_OBJS) $(ULIB_A)

# Malformed programs for the loader's error paths, made from hello:
# cut short, the machine field set to x86-64, the entry point moved out of the text.
BAD_ELFS := $(B)/bad/bad_truncated $(B)/bad/bad_short $(B)/bad/bad_machine $(B)/bad/bad_entry $(B)/bad/bad_phnum
# (From hello without its debug info, like every program in the initrd.)
$(B)/bad/hello.stripped: $(B)/user/bin/hello
	@mkdir -p $(dir $@)
	$(CROSS)strip --strip-debug -o $@ $<
$(B)/bad/bad_truncated: $(B)/bad/hello.stripped
	@mkdir -p $(dir $@)
	head -c 300 $< > $@
$(B)/bad/bad_short: $(B)/bad/hello.stripped
	@mkdir -p $(dir $@)
	head -c 40 $< > $@   # abi-ok: shorter than the 52-byte ELF header
$(B)/bad/bad_machine: $(B)/bad/hello.stripped
	@mkdir -p $(dir $@)
	cp $< $@ && printf '\076\000' | dd of=$@ bs=1 seek=18 conv=notrunc status=none
$(B)/bad/bad_entry: $(B)/bad/hello.stripped
	@mkdir -p $(dir $@)
	cp $< $@ && printf '\000\020\000\000' | dd of=$@ bs=1 seek=24 conv=notrunc status=none

# 16384 one-byte segments (512 KiB of headers): the loader must refuse it at once.  abi-ok: counts
$(B)/tools/gen/bad_phnum: tools/gen/bad_phnum.c src/proc/elf.h include/pfgate/layout.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -Iinclude -Isrc -o $@ $<
$(B)/bad/bad_phnum: $(B)/tools/gen/bad_phnum
	@mkdir -p $(dir $@)
	$< 16384 > $@   # abi-ok: a segment count

# Linux i386 test programs (user/linux/, the Linux personality's: src/linux),
# built with the stock cross compiler as any Linux user would: lx*.c with
# -nostdlib on lxstart.c (their calls through AT_SYSINFO or int 0x80), and
# LXLIBC_PROGS with glibc -static (libc6-dev-i386-cross). No pfgate note:
# the kernel runs them as Linux programs.
LXLIBC_PROGS := lxglibc lxproc lxtermios lxfiles lxlinks lxclock
LXPROGS := $(filter-out lxstart $(LXLIBC_PROGS),$(notdir $(basename $(wildcard user/linux/*.c))))
LXBINS := $(addprefix $(B)/linux/bin/,$(LXPROGS) $(LXLIBC_PROGS))
# Built, but left out of the initrd (every byte of it is RAM the 8 MiB tests lack): their
# tests add them to an initrd of their own (test/suite_vclock.py).
LXOWN_INITRD := $(B)/linux/bin/lxclock
LXINITRD_BINS := $(filter-out $(LXOWN_INITRD),$(LXBINS))
LXCFLAGS := -static -O2 -Wall -Wextra -Werror -fno-pie -no-pie -fcf-protection=none
# -Iinclude: layout.h and linux_calls.def, the one source of the addresses and the calls (lxfuzz).
$(addprefix $(B)/linux/bin/,$(LXPROGS)): $(B)/linux/bin/%: user/linux/%.c user/linux/lxstart.c user/linux/lxcalls.h include/pfgate/layout.h include/pfgate/linux_calls.def
	@mkdir -p $(dir $@)
	$(CC) $(LXCFLAGS) -Iinclude -nostdlib -ffreestanding -fno-stack-protector -o $@ $< user/linux/lxstart.c
$(addprefix $(B)/linux/bin/,$(LXLIBC_PROGS)): $(B)/linux/bin/%: user/linux/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LXCFLAGS) -o $@ $<

$(INITRD): $(UBINS) $(LXINITRD_BINS) $(LXOWN_INITRD) $(BAD_ELFS) README
	@rm -rf $(B)/initrd && mkdir -p $(B)/initrd
	cp $(BAD_ELFS) README $(B)/initrd/
	for f in $(UBINS) $(LXINITRD_BINS); do $(CROSS)strip --strip-debug -o $(B)/initrd/$$(basename $$f) $$f; done
	tar --format=ustar --owner=0 --group=0 --mtime=@0 --sort=name -C $(B)/initrd -cf $@ .

# ---- GRUB ISO --------------------------------------------------------------
# The ISO's command line (grub.cfg) is CMDLINE's: a change of USER_SHELL or CMDLINE makes it again.
$(B)/iso-cmdline.txt: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(CMDLINE)' | cmp -s - $@ || printf '%s\n' '$(CMDLINE)' > $@
$(ISO): $(KERNEL) $(INITRD) tools/launch/mkiso.sh $(B)/iso-cmdline.txt
	@$(call NEED,grub-mkrescue xorriso mformat)
	tools/launch/mkiso.sh $@ $(KERNEL) $(INITRD) "$(CMDLINE)"

FORCE:

# ---- running ---------------------------------------------------------------
# The QEMU command line is written once, in tools/launch/qemu.py: make run,
# run-nox and qemu-gdb (mk/debug.mk), the tests and the bench all start QEMU through it.
LAUNCH_QEMU = $(PYTHON) -m tools.launch.qemu --qemu '$(QEMU)'
# The launcher's exit status is the run's: 0 when QEMU was quit or the kernel's
# test exit said PASS, non-zero (with what happened) otherwise.
run: run-deps all ## boot the GRUB ISO in QEMU, COM1 on this terminal (and VGA with $DISPLAY), build/disk.img attached
	@$(LAUNCH_QEMU) --iso $(ISO) --disk $(DISK) $(if $(DISPLAY),--window)
run-nox: deps all ## boot the ELF directly (qemu -kernel) with CMDLINE=..., build/disk.img attached
	$(LAUNCH_QEMU) --kernel $(KERNEL) --initrd $(INITRD) --append "$(CMDLINE)" --disk $(DISK)
# COM1 on this terminal (tools/launch/bochs_term.py); V=1 shows Bochs' own messages too.
bochs: deps all ## boot under Bochs, COM1 on this terminal (V=1: Bochs messages too)
	$(PYTHON) -m tools.launch.bochs_term $(if $(V),--verbose)

# ---- tests -----------------------------------------------------------------
HOST_TESTS := $(patsubst test/host/%.c,%,$(wildcard test/host/test_*.c))
HOST_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -MMD -MP -Iinclude -Isrc -Iuser/sh -fsanitize=address,undefined -fno-sanitize-recover=all
# The kernel sources each host test links: the pure C parts, unchanged.
HOST_SRCS_frames  := src/mm/frames.c src/mm/memmap.c
HOST_SRCS_format  := src/lib/format.c
HOST_SRCS_decode  :=
HOST_SRCS_uaccess :=
HOST_SRCS_elf     := src/proc/elf_check.c
HOST_SRCS_ustar   := src/fs/ustar.c
HOST_SRCS_path    := src/vfs/path.c
HOST_SRCS_script  := src/proc/script.c
HOST_SRCS_cmdline := src/kernel/cmdline_parse.c
HOST_SRCS_keymap  := src/drivers/keymap_us.c
HOST_SRCS_fbcon   := src/drivers/fbcon.c src/drivers/text_grid.c
HOST_SRCS_tx_ring :=
HOST_SRCS_sh_parse  := user/sh/sh_lex.c user/sh/sh_parse.c
HOST_SRCS_line_edit := user/sh/line_edit.c
host-test: $(addprefix $(B)/host/,$(HOST_TESTS)) ## build the host unit tests (cmocka, ASan+UBSan)
.SECONDEXPANSION:
$(B)/host/test_%: test/host/test_%.c $$(HOST_SRCS_$$*) test/host/host_test.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

test: deps all host-test check ## every test: build, host tests, make check, boots under QEMU and Bochs (TAP)
	$(PYTHON) -m test.run_tests

# A brand-new Debian 12 (debootstrap minbase + make + git): make test and make run there.
test-fresh: ## make test and make run in a fresh debootstrap Debian 12 (root)
	test/test-fresh.sh

bench: deps all $(if $(QUICK),,linux-ref-build) ## measure every way into the kernel under Bochs and QEMU, and Linux programs beside Debian's Linux (QUICK=1: Bochs only, no Linux, no real workloads; QUICK=1 REAL=1: with the real workloads in Bochs)
	$(PYTHON) -m tools.bench.run --initrd $(BENCH_INITRD) $(if $(QUICK),--quick) $(if $(REAL),--real)

# The gate fuzzer: make fuzz [SEED=1] [CALLS=1000000] [PROCS=8] [FUZZ_ON=qemu|bochs]
# FUZZ_LINUX=1: the Linux calls' fuzzer (lxfuzz), CALLS per call (default 2000).
fuzz: deps all ## concurrent random gate calls: SEED= CALLS= PROCS= FUZZ_ON=qemu|bochs; FUZZ_LINUX=1 the Linux calls
	SEED=$(or $(SEED),1) CALLS=$(or $(CALLS),$(if $(FUZZ_LINUX),2000,1000000)) PROCS=$(or $(PROCS),8) FUZZ_ON=$(or $(FUZZ_ON),qemu) FUZZ_LINUX=$(FUZZ_LINUX) $(PYTHON) -m test.fuzz

# build/disk.img is the user's data (files written in make run): make clean keeps it.
clean: ## remove build/ but build/disk.img (the user's disk; make disk-new starts it over)
	@if [ -d $(B) ]; then find $(B) -mindepth 1 -maxdepth 1 ! -path $(DISK) -exec rm -rf {} +; fi
	@if [ -f $(DISK) ]; then echo "make clean: kept $(DISK), your disk (make disk-new starts it over)"; \
	else rm -rf $(B); fi

# Feature makefiles (mk/*.mk: tracing and debugging, the bench image) add their targets here.
include $(sort $(wildcard mk/*.mk))

-include $(shell find $(B) -name '*.d' 2>/dev/null)
