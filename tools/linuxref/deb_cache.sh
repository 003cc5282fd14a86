# Sourced by debs.sh and dynlibs.sh: Debian i386 packages fetched into the
# download cache (never installed system-wide). Defines cache, arch and
# fetch PACKAGE (prints the .deb's path); makes sure apt knows i386 (as root:
# adds it; otherwise prints the commands to run as root, and exits).
# Environment: LINUXREF_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/pfgate/debs).
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

mkdir -p "$cache"
