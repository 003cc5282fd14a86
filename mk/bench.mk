# make bench's builds beyond `all` (tools/bench/run.py runs them; see README "Measuring").
#
# The user runtime built once per comparison door: the same programs, linked
# with user/bench/doors/stubs.c (sys_<name> entering by that door) instead of the
# gate addresses of gates.ld. Only the bench initrd holds them, as
# <prog>.<door>; <prog>.gate is the ordinary build, under the same naming.
# usertests is there so that make test can check each door's stubs keep the
# gate ABI the whole suite expects.
#
#   make bench          the whole report (its results.md ends with each phase's
#                       wall and CPU time: the 15-minute budget on 2 cores)
#   make bench QUICK=1  Bochs only: the doors, and the Linux programs' calls
#                       without the real workloads; no TCG, no Linux
#   make bench QUICK=1 REAL=1   the same with the real workloads in Bochs too
#   make bench-readme   README's bench summary and docs/bench/ from the last
#                       make bench (build/bench/), so they come from one run
#   make bench-repeat N=3   N whole make bench runs kept in build/bench/runs/1..N,
#                       then make bench-verdicts on them
#   make bench-verdicts RUNS="a.md b.md ..."   the verdicts that changed between runs

BENCH_DOORS := int80 sysenter callgate
BENCH_DOOR_PROGS := workload usertests
BENCH_INITRD := $(B)/bench/initrd.tar
BENCH_DOOR_BINS := $(foreach d,$(BENCH_DOORS),$(addprefix $(B)/user-door/$(d)/bin/,$(BENCH_DOOR_PROGS)))

$(B)/user-door/gates.ld: $(B)/tools/gen/gates_ld
	@mkdir -p $(dir $@)
	$< --base-only > $@

# The door stubs, one object per door: -DDOOR_INT80 and so on.
$(B)/user-door/%/stubs.o: user/bench/doors/stubs.c include/pfgate/gates.def include/pfgate/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -DDOOR_$(shell echo '$*' | tr a-z A-Z) -c -o $@ $<

# The same flags, the door directory's gates.ld (USER_BASE only) found instead of the gates'.
BENCH_ULDFLAGS := $(patsubst -L$(B)/user,-L$(B)/user-door,$(ULDFLAGS))
.SECONDARY: $(foreach d,$(BENCH_DOORS),$(B)/user-door/$(d)/stubs.o)
define BENCH_DOOR_LINK
$(B)/user-door/$(1)/bin/%: $(B)/u/prog/%.o $(ULIB_LINK) $(ULIB_A) $(B)/user-door/$(1)/stubs.o $(B)/user-door/gates.ld user/user.ld
	@mkdir -p $$(dir $$@)
	$(LD) $(BENCH_ULDFLAGS) -o $$@ $(ULIB_LINK) $$< $(B)/user-door/$(1)/stubs.o $(ULIB_A)
endef
$(foreach d,$(BENCH_DOORS),$(eval $(call BENCH_DOOR_LINK,$(d))))

# The Linux workload (tools/linuxref/bench/sysbench.c, issue 29): the very binaries
# Debian's Linux runs in make bench, built with glibc and with musl (mk/linuxref.mk,
# which makes them prerequisites: LR is defined there, after this file).
BENCH_LINUX_BINS = $(LR)/bin/sysbench $(LR)/bin/sysbench.musl $(LR)/bin/args6 $(LR)/bin/realbench
$(BENCH_INITRD): $(INITRD) $(BENCH_DOOR_BINS) mk/bench.mk
	@rm -rf $(B)/bench/initrd && mkdir -p $(B)/bench/initrd
	tar -C $(B)/bench/initrd -xf $(INITRD)
	$(CROSS)strip --strip-debug -o $(B)/bench/initrd/sysbench.glibc $(LR)/bin/sysbench
	$(CROSS)strip --strip-debug -o $(B)/bench/initrd/sysbench.musl $(LR)/bin/sysbench.musl
	$(CROSS)strip --strip-debug -o $(B)/bench/initrd/args6.glibc $(LR)/bin/args6
	$(CROSS)strip --strip-debug -o $(B)/bench/initrd/realbench.glibc $(LR)/bin/realbench
	mkdir -p $(B)/bench/initrd/abi/data   # the file it stats, where Linux's initramfs has it
	cp test/linux_abi/data/hello.txt $(B)/bench/initrd/abi/data/
# Not yet /bin/true (Debian's busybox, what Linux's fork+exec+wait runs): its 2 MiB
# slow every Bochs boot of this initrd while no Linux program here can fork; the
# exec workload says `unsupported: fork` until then (`cp $(LR)/busybox .../bin/true`).
	for p in $(BENCH_DOOR_PROGS); do cp $(B)/initrd/$$p $(B)/bench/initrd/$$p.gate; done
	for d in $(BENCH_DOORS); do for p in $(BENCH_DOOR_PROGS); do \
		$(CROSS)strip --strip-debug -o $(B)/bench/initrd/$$p.$$d $(B)/user-door/$$d/bin/$$p; done; done
	tar --format=ustar --owner=0 --group=0 --mtime=@0 --sort=name -C $(B)/bench/initrd -cf $@ .

.PHONY: bench-initrd bench-kernel bench-readme
bench-initrd: $(BENCH_INITRD) ## build make bench's initrd (the programs built once per door)
bench-kernel: $(BENCH_KERNEL) ## build make bench's kernel (build/bench/kernel.elf: the doors linked in)
bench: $(BENCH_INITRD) $(BENCH_KERNEL)

bench-readme: ## rewrite README's bench summary and docs/bench/ from the last make bench
	$(PYTHON) -m tools.bench.readme

# Issue 29: three consecutive runs give the same verdicts.
N ?= 3
RUNS ?= $(wildcard $(B)/bench/runs/*/results.md)
.PHONY: bench-repeat bench-verdicts
bench-repeat: ## N=3 whole make bench runs (build/bench/runs/1..N/results.md), then make bench-verdicts on them
	rm -rf $(B)/bench/runs
	for i in $$(seq 1 $(N)); do $(MAKE) bench QUICK=$(QUICK) REAL=$(REAL) && mkdir -p $(B)/bench/runs/$$i && \
		cp $(B)/bench/results.md $(B)/bench/runs/$$i/ || exit 1; done
	$(MAKE) bench-verdicts
bench-verdicts: ## RUNS="a/results.md b/results.md ...": report every verdict that is not the same in all (default build/bench/runs/*)
	$(PYTHON) -m tools.bench.verdicts $(RUNS)

# make test boots the bench kernel and initrd too (the door builds must keep working).
test: $(BENCH_INITRD) $(BENCH_KERNEL)

# make bench's disk, "/" in every bench boot (tools/bench/disk_tree.py): ext2 as
# the user's disk is made (the same mke2fs and size, so Debian's defaults: 1 KiB
# blocks, large inodes, dir_index), holding the directory of 1,000 empty files
# that user/bench/workload.c's dirlist lists, Debian's busybox and its applet
# links in /bin, a writable /tmp, and the real workloads' inputs (/bench: src
# and docs, tools/bench/real_data.py) that tools/linuxref/bench/realbench.c
# works on. Every bench boot writes a copy of it (tools/bench/run.py,
# linux_side.py), never this file and never build/disk.img.
BENCH_DISK := $(B)/bench/disk.img
$(BENCH_DISK): mk/bench.mk mk/ext2.mk tools/bench/disk_tree.py tools/bench/real_data.py tools/bench/applet_share.py tools/disk_tree.py \
		$(shell find src docs -type f) | $(LR)/versions
	@$(call NEED,mke2fs)
	$(PYTHON) -m tools.bench.disk_tree $(B)/bench/disk-tree $(LR)/busybox
	rm -f $@.tmp && $(MKE2FS) -d $(B)/bench/disk-tree -L pfgate-bench $@.tmp $(DISK_MB)M
	mv $@.tmp $@
bench-disk: $(BENCH_DISK) ## build make bench's disk (build/bench/disk.img: the file workloads' ext2)
applet-share: $(BENCH_DISK) $(BENCH_INITRD) $(BENCH_KERNEL) ## busybox's applets: the share of calls by a gate, the rest by int 0x80 (one QEMU boot)
	$(PYTHON) -m tools.bench.applet_share
bench test: $(BENCH_DISK)
.PHONY: bench-disk applet-share
