#!/bin/sh
# Make sure the Debian packages the build and tests need are installed.
# As root: install what is missing with apt-get. Otherwise: print the one
# command that would, and fail. With --check: only report.
set -eu
check_only=0
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi
missing=""
for p in "$@"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
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
