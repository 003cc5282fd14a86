#!/bin/sh
# Build the bench image: one hybrid GRUB 2 image (an ISO that also boots when
# written raw to a USB stick) for BIOS and UEFI (x86_64 and ia32) PCs, that
# runs the door comparison on screen. grub-mkrescue makes each kind of boot it
# finds GRUB's modules for; this script refuses to build an image missing one.
# Usage: mkbenchimage.sh OUT.img KERNEL.elf INITRD.tar "COMMAND LINE"
set -eu
out=$1 kernel=$2 initrd=$3 cmdline=$4
for platform in i386-pc x86_64-efi i386-efi; do
	if [ ! -d "/usr/lib/grub/$platform" ]; then
		echo "mkbenchimage: no GRUB modules for $platform (grub-pc-bin, grub-efi-amd64-bin, grub-efi-ia32-bin)" >&2
		exit 1
	fi
done
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
cp "$kernel" "$root/boot/kernel.elf"
cp "$initrd" "$root/boot/initrd.tar"
# BIOS: VGA text mode stays (gfxpayload=text), it exists on every PC; set
# after `multiboot`, which sets gfxpayload from the kernel's video request
# (GRUB applies it at `boot`). UEFI: there is no text mode; the request stands
# and GRUB hands over a framebuffer (GOP) the kernel draws its console into.
# ("keep" would not do: GRUB's EFI console is not a video mode, so "keep"
# means no framebuffer at all.)
# Two entries: the gate returning by sysexit (the kernel's default) and by
# iret; five seconds to choose, `i` picks the second at once.
cat > "$root/boot/grub/grub.cfg" <<CFG
set timeout=5
set timeout_style=menu
set default=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
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
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$root" >/dev/null 2>&1 || grub-mkrescue -o "$out" "$root"
