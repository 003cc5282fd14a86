#!/bin/sh
# Build a GRUB 2 ISO that boots the kernel (multiboot 1) with the initrd.
# Usage: mkiso.sh [--bench-image] OUT KERNEL.elf INITRD.tar "COMMAND LINE"
#
# Plain: a rescue ISO for the emulators (make iso, the tests, the bench); the
# kernel without its debug info (it keeps its own symbols in .ksyms; debuggers
# read build/kernel.elf): smaller, and the same bytes wherever the tree was
# built (NASM's DWARF names that folder), so Bochs counts from power-on do not
# depend on it.
#
# --bench-image: the bench image, one hybrid image (an ISO that also boots
# when written raw to a USB stick) for BIOS and UEFI (x86_64 and ia32) PCs,
# that runs the door comparison on screen. grub-mkrescue makes each kind of
# boot it finds GRUB's modules for; this refuses to build an image missing one.
set -eu
bench=0
if [ "${1:-}" = --bench-image ]; then
	bench=1
	shift
fi
if [ $# -ne 4 ]; then
	echo "usage: $0 [--bench-image] OUT KERNEL.elf INITRD.tar \"COMMAND LINE\"" >&2
	exit 2
fi
out=$1 kernel=$2 initrd=$3 cmdline=$4
if [ $bench = 1 ]; then
	for platform in i386-pc x86_64-efi i386-efi; do
		if [ ! -d "/usr/lib/grub/$platform" ]; then
			echo "mkiso: no GRUB modules for $platform (grub-pc-bin, grub-efi-amd64-bin, grub-efi-ia32-bin)" >&2
			exit 1
		fi
	done
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
cp "$initrd" "$root/boot/initrd.tar"
cfg=$root/boot/grub/grub.cfg
# GRUB's menu on COM1 as well as the screen (the tests and the bench read it there).
serial_console='serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console'
if [ $bench = 0 ]; then
	"${CROSS:-i686-linux-gnu-}strip" --strip-debug -o "$root/boot/kernel.elf" "$kernel"
	cat > "$cfg" <<CFG
set timeout=0
set default=0
$serial_console
menuentry "pfgate" {
	multiboot /boot/kernel.elf $cmdline
	module /boot/initrd.tar initrd
	boot
}
CFG
else
	cp "$kernel" "$root/boot/kernel.elf"
	# BIOS: VGA text mode stays (gfxpayload=text), it exists on every PC; set
	# after `multiboot`, which sets gfxpayload from the kernel's video request
	# (GRUB applies it at `boot`). UEFI: there is no text mode; the request stands
	# and GRUB hands over a framebuffer (GOP) the kernel draws its console into.
	# ("keep" would not do: GRUB's EFI console is not a video mode, so "keep"
	# means no framebuffer at all.)
	# Two entries: the gate returning by sysexit (the kernel's default) and by
	# iret; five seconds to choose, `i` picks the second at once.
	cat > "$cfg" <<CFG
set timeout=5
set timeout_style=menu
set default=0
$serial_console
if [ "\$grub_platform" = "efi" ]; then
	insmod all_video
fi
function pfgate_bench {
	multiboot /boot/kernel.elf $cmdline \$1
	module /boot/initrd.tar initrd
	if [ "\$grub_platform" = "pc" ]; then
		set gfxpayload=text
	fi
	boot
}
menuentry "pfgate bench (the gate returns by sysexit, the default)" --hotkey=s {
	pfgate_bench gatereturn=sysexit
}
menuentry "pfgate bench, the gate returning by iret" --hotkey=i {
	pfgate_bench gatereturn=iret
}
CFG
fi
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$root" >/dev/null 2>&1 || grub-mkrescue -o "$out" "$root"
