#!/bin/sh
# Make sure what the build and tests need is here: the Debian packages, and
# the binaries the targets run (a package can be installed while its binary
# is not the one a target will run: QEMU=/nonexistent, a PATH without it).
#
#   deps.sh [--check] PACKAGE... [--binaries BINARY=PACKAGE...]
#
# Packages: as root, install what is missing with apt-get; otherwise print
# the one command that would, and fail. --check: only report. Then each
# BINARY (a name looked up in PATH and /usr/sbin, /sbin, or a path) must be
# there and executable; a missing one is named with its package, and fails.
set -eu
check_only=0
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi
packages=""
while [ $# -gt 0 ] && [ "$1" != "--binaries" ]; do
	packages="$packages $1"
	shift
done
[ $# -gt 0 ] && shift        # --binaries
missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$check_only" = 1 ]; then
		echo "missing packages:$missing"
		exit 1
	fi
	if [ "$(id -u)" = 0 ]; then
		echo "deps: installing$missing"
		start=$(date +%s)
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
		echo "deps: install time $(( $(date +%s) - start ))s"
	else
		# A minimal Debian has no sudo: name the command to run as root.
		echo "deps: missing Debian packages. Run as root:"
		echo "  apt-get update && apt-get install --no-install-recommends$missing"
		exit 1
	fi
fi
# e2fsprogs' binaries live in /sbin, which a user's PATH may not have (mk/ext2.mk adds it too).
PATH="$PATH:/usr/sbin:/sbin"
absent=0
for pair in "$@"; do
	binary=${pair%=*} package=${pair##*=}
	if ! command -v "$binary" >/dev/null 2>&1 || [ ! -x "$(command -v "$binary")" ]; then
		echo "deps: $binary: not found (it comes with the Debian package $package; is a variable such as QEMU= or BOCHS= pointing elsewhere?)" >&2
		absent=1
	fi
done
exit $absent
