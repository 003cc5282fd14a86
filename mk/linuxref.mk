# The reference side of the Linux personality (issues 28, 29): Debian's own
# i386 Linux kernel booted in the project's QEMU, with Debian's busybox and
# the Linux-ABI test programs (test/linux_abi/) built with both libcs in an
# initramfs. Its outputs are the oracle (test/linux_abi/expected/) that
# pfgate's Linux personality must match byte for byte.
#
#   make linux-ref         boot it, compare every case with the recorded output
#   make linux-ref-record  boot it, record the outputs as the expected ones
#   make linux-ref-bench   the system-call-bound figures, both mitigation settings
#   MITIGATIONS=off        Linux's mitigations=off on the command line
# The programs are Linux programs: Debian's cross compiler whatever CROSS says,
# glibc from libc6-dev-i386-cross, musl from musl-dev:i386 (tools/linuxref/debs.sh).
LINUX_CC := i686-linux-gnu-gcc
DEB_PACKAGES += $(filter-out $(DEB_PACKAGES),gcc-i686-linux-gnu binutils-i686-linux-gnu libc6-dev-i386-cross)
LINUX_ABI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-result -static
LINUX_ABI_PROGS := $(notdir $(basename $(wildcard test/linux_abi/*.c)))
LINUX_ABI_BINS := $(foreach p,$(LINUX_ABI_PROGS),$(LR)/bin/$(p).glibc $(LR)/bin/$(p).musl)
# The programs also built dynamically (tools/linuxref/cases.py's DYNAMIC): ld.so and libc.so.6 from make dynlibs.
# Read with sed, not Python: on a fresh machine make reads this before deps has installed python3.
LINUX_ABI_DYNAMIC := $(shell sed -n 's/^DYNAMIC = (\(.*\))$$/\1/p' tools/linuxref/cases.py | tr -d '",')
LINUX_ABI_BINS += $(foreach p,$(LINUX_ABI_DYNAMIC),$(LR)/bin/$(p).glibc-dyn)
LINUX_ABI_FILES := test/linux_abi/run.sh $(wildcard test/linux_abi/sh/*.sh) $(shell find test/linux_abi/data -type f 2>/dev/null)
# musl's start files and libc around the program, as musl-gcc's specs would put them.
MUSL := $(LR)/musl
LINUX_CC_FILE = $(shell $(LINUX_CC) -print-file-name=$(1))

.PHONY: linux-ref linux-ref-record linux-ref-debs linux-ref-build linux-ref-bench
# deps first (order only): two apt-get runs at once would fight over dpkg's lock.
$(LR)/versions: tools/linuxref/debs.sh | deps
	tools/linuxref/debs.sh $(LR)
linux-ref-debs: $(LR)/versions ## fetch Debian's i386 Linux, busybox-static and musl-dev into the download cache, unpack them
$(LR)/bin/%.glibc: test/linux_abi/%.c test/linux_abi/abi.h | $(LR)/versions
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_ABI_CFLAGS) -o $@ $<
$(LR)/bin/%.glibc-dyn: test/linux_abi/%.c test/linux_abi/abi.h | $(LR)/versions
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(filter-out -static,$(LINUX_ABI_CFLAGS)) -o $@ $<
# $(call MUSL_BUILD,source): the recipe for $@, static with musl.
MUSL_BUILD = $(LINUX_CC) $(LINUX_ABI_CFLAGS) -nostdlib -nostdinc -isystem $(MUSL)/include -isystem $(call LINUX_CC_FILE,include) \
	-o $@ $(MUSL)/lib/crt1.o $(MUSL)/lib/crti.o $(call LINUX_CC_FILE,crtbeginT.o) $(1) \
	-Wl,--start-group $(MUSL)/lib/libc.a -lgcc -lgcc_eh -Wl,--end-group $(call LINUX_CC_FILE,crtend.o) $(MUSL)/lib/crtn.o
$(LR)/bin/%.musl: test/linux_abi/%.c test/linux_abi/abi.h $(LR)/versions
	@mkdir -p $(dir $@)
	$(call MUSL_BUILD,$<)
# issue 29's system-call-bound figures, timed by the program itself (make linux-ref-bench,
# and make bench on pfgate: sysbench.glibc and sysbench.musl in its initrd, mk/bench.mk).
$(LR)/bin/sysbench: tools/linuxref/bench/sysbench.c tools/linuxref/bench/guest_clock.h | $(LR)/versions
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_ABI_CFLAGS) -o $@ $<
$(LR)/bin/sysbench.musl: tools/linuxref/bench/sysbench.c tools/linuxref/bench/guest_clock.h $(LR)/versions
	@mkdir -p $(dir $@)
	$(call MUSL_BUILD,$<)
# The real workloads' driver (busybox sh, find + grep, tar, gzip, sort), on both kernels.
$(LR)/bin/realbench: tools/linuxref/bench/realbench.c tools/linuxref/bench/guest_clock.h | $(LR)/versions
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_ABI_CFLAGS) -o $@ $<
# The doors' sixth-argument check (mmap2's page offset), on pfgate only: the bench initrd's args6.glibc.
$(LR)/bin/args6: tools/linuxref/bench/args6.c | $(LR)/versions
	@mkdir -p $(dir $@)
	$(LINUX_CC) $(LINUX_ABI_CFLAGS) -o $@ $<
$(BENCH_INITRD): $(BENCH_LINUX_BINS) $(LR)/versions
$(LR)/initramfs.cpio: $(LINUX_ABI_BINS) $(LR)/bin/sysbench $(LR)/versions $(DYNLIBS)/versions $(LINUX_ABI_FILES) $(wildcard tools/linuxref/*.py)
	$(PYTHON) -m tools.linuxref.initramfs $@
# make bench's: the same, plus the real workloads' driver and inputs (tools/bench/real_data.py).
$(LR)/bench-initramfs.cpio: $(LR)/initramfs.cpio $(LR)/bin/realbench tools/bench/real_data.py $(shell find src docs -type f)
	$(PYTHON) -m tools.linuxref.initramfs $@ --bench
linux-ref-build: $(LR)/initramfs.cpio ## build the Linux-ABI programs (glibc and musl, static) and the reference initramfs
linux-ref: linux-ref-build ## boot Debian's Linux with the Linux-ABI tests, compare with the recorded outputs (MITIGATIONS=off)
	$(PYTHON) -m tools.linuxref.boot $(if $(filter off,$(MITIGATIONS)),--mitigations-off)
linux-ref-record: linux-ref-build ## boot Debian's Linux with the Linux-ABI tests, record their outputs as the expected ones
	$(PYTHON) -m tools.linuxref.boot --record $(if $(filter off,$(MITIGATIONS)),--mitigations-off)
linux-ref-bench: linux-ref-build ## issue 29's system-call figures on Debian's Linux, default mitigations and mitigations=off, interleaved (BOOTS=3)
	$(PYTHON) -m tools.linuxref.bench --boots $(or $(BOOTS),3)
# make test checks the reference too (test/suite_linux_abi.py).
test: linux-ref-build
# make bench's Linux boots (tools/bench/linux_side.py): not with QUICK, which boots no Linux.
bench: $(if $(QUICK),,$(LR)/bench-initramfs.cpio)
