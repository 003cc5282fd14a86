#!/bin/sh
# Build a GRUB 2 rescue ISO that boots the kernel (multiboot 1) with the initrd.
# Usage: mkiso.sh OUT.iso KERNEL.elf INITRD.tar "COMMAND LINE"
set -eu
out=$1 kernel=$2 initrd=$3 cmdline=$4
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
# Without its debug info (the kernel keeps its own symbols in .ksyms; debuggers
# read build/kernel.elf): smaller, and the same bytes wherever the tree was
# built (NASM's DWARF names that folder), so Bochs counts from power-on do not
# depend on it.
"${CROSS:-i686-linux-gnu-}strip" --strip-debug -o "$root/boot/kernel.elf" "$kernel"
cp "$initrd" "$root/boot/initrd.tar"
cat > "$root/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
menuentry "pfgate" {
	multiboot /boot/kernel.elf $cmdline
	module /boot/initrd.tar initrd
	boot
}
CFG
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$root" >/dev/null 2>&1 || grub-mkrescue -o "$out" "$root"
