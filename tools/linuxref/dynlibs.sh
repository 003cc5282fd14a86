#!/bin/sh
# Debian's dynamically linked lua5.4:i386 and the shared libraries it and the
# suite's dynamic glibc programs need (libc6, libreadline8, libtinfo6), fetched
# into the download cache (deb_cache.sh) and laid out as a tree to copy onto a
# disk (tools/disk_put.sh) or into the reference initramfs:
#   OUTDIR/tree/lib/ld-linux.so.2                  the interpreter PT_INTERP names
#   OUTDIR/tree/lib/i386-linux-gnu/*.so.*           ld.so's default search folder
#   OUTDIR/tree/usr/bin/lua5.4, usr/bin/lua         (one inode: Debian's alternative)
# The disk has no symbolic links: each soname is a copy of the file it names.
# OUTDIR/versions lists package=version.
#
#   dynlibs.sh OUTDIR
set -eu
out=${1:?usage: dynlibs.sh OUTDIR}
. "$(dirname "$0")/deb_cache.sh"

libs="ld-linux.so.2 libc.so.6 libm.so.6 libreadline.so.8 libtinfo.so.6"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dynlibs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/versions"
for p in libc6 libreadline8 libtinfo6 lua5.4; do
	deb=$(fetch "$p")
	echo "$p=$(dpkg-deb -f "$deb" Version)" >> "$tmp/versions"
	dpkg-deb -x "$deb" "$tmp/root"
done
t=$tmp/tree
mkdir -p "$t/lib/i386-linux-gnu" "$t/usr/bin"
for l in $libs; do
	cp -L "$tmp/root/lib/i386-linux-gnu/$l" "$t/lib/i386-linux-gnu/$l"
done
cp "$t/lib/i386-linux-gnu/ld-linux.so.2" "$t/lib/ld-linux.so.2"
cp "$tmp/root/usr/bin/lua5.4" "$t/usr/bin/lua5.4"
ln "$t/usr/bin/lua5.4" "$t/usr/bin/lua"
rm -rf "$out/tree"
mkdir -p "$out"
mv "$t" "$tmp/versions" "$out/"
