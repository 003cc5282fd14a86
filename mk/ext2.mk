# ext2 (src/fs/ext2/): the library proven freestanding with the kernel's flags,
# its host tool and tests, and build/disk.img, the disk the kernel will mount.
EXT2_C := $(wildcard src/fs/ext2/*.c)
EXT2_OBJS := $(patsubst %.c,$(B)/%.o,$(EXT2_C))
# Not linked into make run's kernel yet (the VFS comes next): one relocatable
# object, built with KCFLAGS, that must need nothing from outside itself.
$(B)/fs/ext2.o: $(EXT2_OBJS)
	@mkdir -p $(dir $@)
	$(LD) -m elf_i386 -r -o $@ $^
	@undef=$$($(NM) -u $@); [ -z "$$undef" ] || { echo "ext2: needs symbols from outside: $$undef"; rm -f $@; exit 1; }
# No block buffer on a kernel stack (two pages): frames stay small.
$(EXT2_OBJS): KCFLAGS += -Wframe-larger-than=128
all: $(B)/fs/ext2.o

# The host side: the library under ASan+UBSan in the host tests and in ext2_tool.
HOST_SRCS_ext2 := $(EXT2_C)
HOST_SRCS_ext2_fuzz := $(EXT2_C)
$(B)/host/test_ext2 $(B)/host/test_ext2_fuzz: test/host/ext2_host.h
$(B)/host/ext2_tool: test/host/ext2_tool.c test/host/ext2_host.h $(EXT2_C) $(wildcard src/fs/ext2/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)
host-test: $(B)/host/ext2_tool

# e2fsprogs lives in /sbin, which a user's PATH may not have.
E2PATH := PATH="$$PATH:/sbin:/usr/sbin"
# Fixed time, UUID and hash seed: the same image from the same files.
MKE2FS = $(E2PATH) E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -F -t ext2 -U 6b1d6fa4-0b4e-4bde-9a44-6c8a4d2b1e01 \
	-E hash_seed=3c5e1d8a-4f0b-4a7e-8c1d-2b9e6f4a7d10

# build/disk.img: a Linux-like root (tools/disk_tree.py): Debian's busybox in
# /bin with a hard link per applet, the native programs (what the initrd
# holds) in /native, /etc, /tmp, README and the docs, on a 32 MiB ext2 disk
# that make run, run-nox, bochs and qemu-gdb attach. Made once; from then on
# it is the user's: make updates the programs and docs on it in place
# (debugfs, tools/disk_put.sh), so a file the user wrote survives a rebuild;
# make clean keeps it; make disk-new starts it over. busybox comes with the
# reference's packages (tools/linuxref/debs.sh); where they cannot be fetched
# (not root, and apt without i386: debs.sh prints the commands to run as
# root) the disk is made without /bin.
DISK_MB ?= 32
# deps first (order only) when the packages are still to be fetched: two apt-get runs would fight over dpkg's lock.
$(B)/disk-tree.stamp: $(INITRD) $(wildcard docs/*) README tools/disk_tree.py tools/linuxref/applets.py $(wildcard $(LR)/versions) \
		| $(if $(wildcard $(LR)/versions),,deps)
	@[ -f $(LR)/versions ] || tools/linuxref/debs.sh $(LR) || echo "disk: Debian's busybox could not be fetched (above): the disk has no /bin"
	$(PYTHON) -m tools.disk_tree $(B)/disk $(INITRD) $(LR)/busybox
	touch $@
$(DISK): | $(B)/disk-tree.stamp
	@$(call NEED,mke2fs)
	rm -f $@.tmp && $(MKE2FS) -d $(B)/disk -L pfgate $@.tmp $(DISK_MB)M
	mv $@.tmp $@
	touch $(B)/disk-updated.stamp
$(B)/disk-updated.stamp: $(B)/disk-tree.stamp | $(DISK)
	@$(call NEED,debugfs)
	$(E2PATH) tools/disk_put.sh $(DISK) $(B)/disk
	touch $@
all: $(DISK) $(B)/disk-updated.stamp

disk-new: ## start build/disk.img over from the programs and docs (the files you put on it are lost)
	rm -f $(DISK) $(B)/disk-updated.stamp
	$(MAKE) $(DISK)
# Debian's dynamically linked lua5.4:i386 with ld-linux.so.2 and the shared
# libraries it needs (libc6, libreadline8, libtinfo6), fetched into the
# download cache and laid out under build/dynlibs/tree by
# tools/linuxref/dynlibs.sh. Not on the default disk (4 MB of libraries
# nobody asked for): make disk-lua puts them on build/disk.img (/usr/bin/lua,
# /lib/ld-linux.so.2, /lib/i386-linux-gnu); the tests put them on their copies.
# deps first (order only): two apt-get runs at once would fight over dpkg's lock.
$(DYNLIBS)/versions: tools/linuxref/dynlibs.sh tools/linuxref/deb_cache.sh | deps
	tools/linuxref/dynlibs.sh $(DYNLIBS)
dynlibs: $(DYNLIBS)/versions ## fetch Debian's lua5.4:i386, libc6:i386 and lua's libraries, lay them out under build/dynlibs/tree
disk-lua: $(DISK) $(DYNLIBS)/versions ## put Debian's dynamic lua5.4 (/usr/bin/lua) and its libraries (/lib/i386-linux-gnu) on build/disk.img
	$(E2PATH) tools/disk_put.sh $(DISK) $(DYNLIBS)/tree
.PHONY: dynlibs disk-lua

# DIR/a/b becomes /a/b on the disk; files already there are replaced.
disk: $(DISK) ## copy EXTRA=DIR's contents onto build/disk.img at / (in place, with debugfs)
	@[ -n "$(EXTRA)" ] && [ -d "$(EXTRA)" ] || { echo "make disk: EXTRA=DIR names the directory to copy onto the disk"; exit 1; }
	$(E2PATH) tools/disk_put.sh $(DISK) $(EXTRA)
.PHONY: disk disk-new

# The fuzz test's seed images: this tree's sources and docs, plus files that
# reach the indirect and double-indirect blocks, at 1 KiB and 4 KiB blocks.
$(B)/host/ext2-seed/tree: test/ext2_tree.py
	rm -rf $@ && mkdir -p $@
	$(PYTHON) test/ext2_tree.py $@ 1
	touch $@
$(B)/host/ext2-fuzz-%k.img: $(B)/host/ext2-seed/tree
	rm -f $@.tmp && $(MKE2FS) -b $$(($*   * 1024)) -N 256 -d $< $@.tmp 4M   # abi-ok: KiB
	mv $@.tmp $@
$(B)/host/test_ext2 $(B)/host/test_ext2_fuzz: $(B)/host/ext2-fuzz-1k.img $(B)/host/ext2-fuzz-4k.img

# A longer fuzz campaign than make test's: make ext2-fuzz [CASES=20000]
ext2-fuzz: $(B)/host/test_ext2_fuzz ## a longer fuzz campaign of the ext2 library (CASES=N, default 20000)
	EXT2_FUZZ_CASES=$(or $(CASES),20000) $<
.PHONY: ext2-fuzz
