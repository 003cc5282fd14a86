# The bench image: measure the doors on a real PC.
#
#   make bench-image       build/bench-image/pfgate-bench.img: one hybrid image
#                          (ISO, also bootable written raw to a USB stick) for
#                          BIOS and UEFI PCs; boots, runs the door comparison,
#                          leaves the table on screen until a key is pressed
#   make bench-image-test  boot that image under QEMU with SeaBIOS and with
#                          OVMF (UEFI), read the table back from the screen
#                          (make test runs the same tests)
#
# Its kernel is make bench's (mk/bench.mk) with two objects swapped: the multiboot
# header that asks for a framebuffer (UEFI has no VGA text) and a console font
# converted at build time from Debian's console-setup-linux (BENCH_FONT).

BENCH_FONT ?= /usr/share/consolefonts/Uni2-VGA16.psf.gz
BENCH_RUN  ?= run=benchscreen doors poweroff
BI := $(B)/bench-image
BENCH_IMAGE  := $(BI)/pfgate-bench.img
BENCH_IMAGE_KERNEL := $(BI)/kernel.elf
BENCH_IMAGE_INITRD := $(BI)/initrd.tar

# Beyond what the other targets need: GRUB for UEFI (grub-pc-bin is already
# there for BIOS), the console font, and UEFI firmware for QEMU.
BENCH_IMAGE_EXTRA := grub-efi-amd64-bin grub-efi-ia32-bin console-setup-linux
BENCH_TEST_EXTRA := $(BENCH_IMAGE_EXTRA) ovmf
BENCH_IMAGE_PACKAGES := $(DEB_PACKAGES) $(BENCH_IMAGE_EXTRA)
BENCH_TEST_PACKAGES := $(DEB_PACKAGES) $(BENCH_TEST_EXTRA)

.PHONY: bench-image bench-image-test bench-image-deps bench-image-test-deps
# After deps: two apt-get runs at once would fight over dpkg's lock.
bench-image-deps: deps ## install the bench image's extra packages
	@tools/deps.sh $(BENCH_IMAGE_PACKAGES)
bench-image-test-deps: deps ## install the bench image test's extra packages (OVMF)
	@tools/deps.sh $(BENCH_TEST_PACKAGES)

# make test boots the bench image too (two boots, about 30 s beside the
# others): its packages join make test's one install (or the one command named
# to a user who is not root), and the image is built before the tests run.
test: DEB_PACKAGES += $(BENCH_TEST_EXTRA)
test: $(BENCH_IMAGE)

bench-image: bench-image-deps ## the bench image: a hybrid ISO/USB image for real BIOS and UEFI PCs
	@$(MAKE) --no-print-directory $(BENCH_IMAGE)
	@echo "wrote $(BENCH_IMAGE) (README: writing it to a USB stick)"

bench-image-test: bench-image-test-deps ## boot the bench image under QEMU (SeaBIOS and OVMF) and read its table
	@$(MAKE) --no-print-directory $(BENCH_IMAGE) host-test
	$(PYTHON) -m test.run_tests -k bench_image

# ---- the font ----------------------------------------------------------------
$(B)/tools/gen/font: tools/gen/font.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c11 -Wall -Wextra -Werror -o $@ $<
$(BI)/console_font.c $(BI)/console_font.txt &: $(B)/tools/gen/font $(BENCH_FONT)
	@mkdir -p $(BI)
	gzip -dc $(BENCH_FONT) | $(B)/tools/gen/font $(notdir $(basename $(basename $(BENCH_FONT)))) \
		$(BI)/console_font.c $(BI)/console_font.txt
$(BI)/console_font.o: $(BI)/console_font.c src/drivers/font.h
	$(CC) $(KCFLAGS) -c -o $@ $<

# ---- the kernel: same objects, video header, a font; the same two-pass ksyms link --
$(BI)/multiboot_header_video.o: src/boot/multiboot_header.asm $(B)/gen/asm_offsets.inc
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -DMB_WANT_VIDEO -o $@ $<
BENCH_KOBJS := $(patsubst $(B)/src/boot/multiboot_header.o,$(BI)/multiboot_header_video.o, \
	$(filter-out $(B)/src/drivers/font_none.o,$(BENCH_KERNEL_OBJS))) $(BI)/console_font.o
$(eval $(call KERNEL_LINK,$(BI),$(BENCH_KOBJS)))

# ---- benchscreen: bench.c unchanged as bench_main, its printf captured -------
$(BI)/u/bench_main.o: user/bench/bench.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -Dmain=bench_main -c -o $@ $<
$(BI)/u/benchscreen.o: user/bench/screen/benchscreen.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<
$(BI)/benchscreen: $(BI)/u/benchscreen.o $(BI)/u/bench_main.o $(ULIB_LINK) $(ULIB_A) $(B)/user/gates.ld user/user.ld
	$(LD) $(ULDFLAGS) --wrap=printf -o $@ $(ULIB_LINK) $(BI)/u/benchscreen.o $(BI)/u/bench_main.o $(ULIB_A)

# The ordinary initrd (bench itself is in it: bench procs spawns it) plus benchscreen.
$(BENCH_IMAGE_INITRD): $(INITRD) $(BI)/benchscreen
	@rm -rf $(BI)/initrd && mkdir -p $(BI)/initrd
	tar -xf $(INITRD) -C $(BI)/initrd
	$(CROSS)strip --strip-debug -o $(BI)/initrd/benchscreen $(BI)/benchscreen
	tar --format=ustar --owner=0 --group=0 --mtime=@0 --sort=name -C $(BI)/initrd -cf $@ .

$(BENCH_IMAGE): $(BENCH_IMAGE_KERNEL) $(BENCH_IMAGE_INITRD) tools/launch/mkiso.sh
	tools/launch/mkiso.sh --bench-image $@ $(BENCH_IMAGE_KERNEL) $(BENCH_IMAGE_INITRD) "$(BENCH_RUN)"
