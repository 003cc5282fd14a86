#!/bin/sh
# The reference side's Debian i386 packages, fetched into a download cache and
# unpacked under the build tree, never installed system-wide:
#   linux-image-686 (the metapackage resolved to its linux-image-6.1.0-*-686:
#   only boot/vmlinuz-* is unpacked), busybox-static (bin/busybox) and
#   musl-dev (static musl: crt*.o, libc.a, headers).
#
#   debs.sh OUTDIR
#
# Leaves OUTDIR/vmlinuz, OUTDIR/busybox and OUTDIR/musl/{lib,include}, and
# OUTDIR/versions (package=version, one a line). A .deb already in the cache
# (named by the archive's own file name, so by version) is not fetched again.
# apt must know the i386 architecture: as root this adds it (dpkg
# --add-architecture i386 and apt-get update); otherwise it prints the
# commands to run as root, and fails.
# Environment: LINUXREF_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/pfgate/debs).
set -eu
out=${1:?usage: debs.sh OUTDIR}
. "$(dirname "$0")/deb_cache.sh"

mkdir -p "$cache" "$out"
# The metapackage only depends on the real image package, whose name carries the ABI number.
image=$(apt-cache depends "linux-image-686:$arch" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { sub(/:.*/, "", $2); print $2; exit }')
[ -n "$image" ] || { echo "linuxref: cannot resolve linux-image-686:$arch to its linux-image-*-686 package" >&2; exit 1; }

tmp=$(mktemp -d "$out/unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/versions"
for p in "$image" busybox-static musl-dev; do
	deb=$(fetch "$p")
	echo "$p=$(dpkg-deb -f "$deb" Version)" >> "$tmp/versions"
	mkdir -p "$tmp/$p"
	case $p in
	linux-image-*) dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/$p" --wildcards './boot/vmlinuz-*' ;;
	*) dpkg-deb -x "$deb" "$tmp/$p" ;;
	esac
done
cp "$tmp/$image"/boot/vmlinuz-* "$tmp/vmlinuz"
cp "$tmp/busybox-static/bin/busybox" "$tmp/busybox"
rm -rf "$out/musl"
mkdir -p "$out/musl"
cp -a "$tmp/musl-dev/usr/lib/i386-linux-musl" "$out/musl/lib"
cp -a "$tmp/musl-dev/usr/include/i386-linux-musl" "$out/musl/include"
mv "$tmp/vmlinuz" "$tmp/busybox" "$tmp/versions" "$out/"
echo "linuxref: $(tr '\n' ' ' < "$out/versions")in $out"
