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
cache=${LINUXREF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pfgate/debs}
arch=i386

if ! dpkg --print-foreign-architectures | grep -qx "$arch" && [ "$(dpkg --print-architecture)" != "$arch" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "linuxref: adding the $arch architecture to apt (dpkg --add-architecture $arch; apt-get update)"
		dpkg --add-architecture "$arch"
		apt-get update -qq
	else
		echo "linuxref: apt does not know the $arch architecture. Run as root:" >&2
		echo "  dpkg --add-architecture $arch && apt-get update" >&2
		exit 1
	fi
fi

# The file name apt-get download gives PACKAGE:i386's candidate version (pool/.../NAME_VERSION_i386.deb).
deb_name() {
	# apt-get download writes a version's epoch colon as %3a; the pool's name has none.
	apt-cache show --no-all-versions "$1:$arch" 2>/dev/null | awk '/^Package:/ { p = $2 } /^Version:/ { v = $2 } /^Architecture:/ { a = $2 }
		END { if (p != "") { gsub(/:/, "%3a", v); print p "_" v "_" a ".deb" } }'
}
# Fetch PACKAGE:i386 into the cache unless there; print the .deb's path.
fetch() {
	name=$(deb_name "$1")
	if [ -z "$name" ]; then
		if [ "$(id -u)" = 0 ]; then apt-get update -qq; name=$(deb_name "$1"); fi
		[ -n "$name" ] || { echo "linuxref: apt knows no $1:$arch (as root: apt-get update)" >&2; exit 1; }
	fi
	if [ ! -s "$cache/$name" ]; then
		echo "linuxref: fetching $1:$arch into $cache" >&2
		# apt-get download writes into the current folder; as root it warns that
		# it cannot drop to the _apt user for a folder that user cannot write.
		(cd "$cache" && apt-get download -q "$1:$arch" 2>&1 | grep -v -e "unsandboxed as root" -e "^Get:" >&2 || true)
		[ -s "$cache/$name" ] || { echo "linuxref: apt-get download $1:$arch did not leave $name in $cache" >&2; exit 1; }
	fi
	echo "$cache/$name"
}

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
