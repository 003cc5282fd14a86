#!/bin/sh
# make test-fresh: prove the README's promise on a brand-new Debian 12.
#
# Builds (once, then cached as a tarball outside the tree) a debootstrap
# `--variant=minbase bookworm` root with only make and git added. Then, each
# in its own fresh copy of that root:
#   1. as root: clone this commit, `make test` (which installs every package it
#      needs), then `make run` with scripted shell input (test/fresh_run_check.py);
#   2. as an unprivileged user: clone, `make test`, which must stop and name the
#      one command to run as root.
# Mounts are undone and the copies removed on every exit path (trap), Ctrl-C
# and failures included. Needs root (chroot, mount) and debootstrap (installed
# through tools/deps.sh like every other package).
#
# Environment: FRESH_CACHE (tarball folder, default ${XDG_CACHE_HOME:-$HOME/.cache}/pfgate),
# FRESH_MIRROR (default: the host's own Debian mirror), FRESH_KEEP=1 keeps the
# copies for inspection (mounts are still undone), FRESH_PARTS (default
# "root user": which of the two copies to run).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${FRESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pfgate}
tarball=$cache/bookworm-minbase-make-git.tar
suite=bookworm
retries=3
t0=$(date +%s)

passed=0
say() { echo "test-fresh: $*"; }
ok() { passed=$((passed + 1)); echo "ok - $*"; }
# The closing line counts like make test's, so CI reads this run's totals too.
die() { echo "not ok - $*"; echo "fresh: $passed passed, 1 failed"; exit 1; }
elapsed() { echo "$(( $(date +%s) - t0 ))s"; }

[ "$(id -u)" = 0 ] || { echo "test-fresh: needs root (debootstrap, chroot, mount); run as root: make test-fresh" >&2; exit 1; }
commit=$(git -C "$top" rev-parse HEAD)
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	say "warning: uncommitted changes are not tested; this tests commit $commit"

# The mirror the host's apt already uses (deb822 or one-line sources).
host_mirror() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { print $2; exit }' "$f"
	done | grep -v security | head -n 1
	grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
		awk '{ print $2 }' | grep -v security | head -n 1
}
mirror=${FRESH_MIRROR:-$(host_mirror | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}

# ---- cleanup: every mount under our copies, then the copies ------------------
work=$(mktemp -d "${TMPDIR:-/var/tmp}/pfgate-fresh.XXXXXX")
mounts_under() { awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r; }
cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	for m in $(mounts_under "$work"); do
		umount "$m" 2>/dev/null || umount -l "$m" || echo "test-fresh: could not unmount $m" >&2
	done
	if [ -n "$(mounts_under "$work")" ]; then
		# Never remove through a mount: that would delete the host's /dev.
		echo "test-fresh: mounts remain under $work; not removing it" >&2
	elif [ "${FRESH_KEEP:-0}" = 1 ]; then
		echo "test-fresh: kept $work"
	else
		rm -rf --one-file-system "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Run a command in ROOT with a clean environment, as the user given (root by default).
in_root() {
	root=$1 user=$2; shift 2
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	home=/root
	[ "$user" = root ] || home=/home/$user
	chroot --userspec="$user:$user" "$root" /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME="$home" USER="$user" LANG=C.UTF-8 TERM=dumb "$@"
}
mount_into() {
	root=$1
	mount --bind /dev "$root/dev"
	mount --bind /dev/pts "$root/dev/pts"
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount -t tmpfs tmpfs "$root/dev/shm" 2>/dev/null || true
	mount -t tmpfs tmpfs "$root/tmp"
}
umount_from() {
	for m in $(mounts_under "$1"); do umount "$m" || umount -l "$m"; done
}

# ---- the pristine root, cached ---------------------------------------------
build_root() {
	base=$work/base
	n=1
	while :; do
		rm -rf --one-file-system "$base"
		say "debootstrap --variant=minbase $suite from $mirror (try $n of $retries)"
		if debootstrap --variant=minbase "$suite" "$base" "$mirror" > "$work/debootstrap.log" 2>&1; then
			break
		fi
		tail -n 5 "$work/debootstrap.log" >&2
		[ "$n" -lt "$retries" ] || die "debootstrap failed $retries times (log above; mirror $mirror)"
		n=$((n + 1))
		sleep 5
	done
	# A fresh Debian 12 also follows its updates and security suites: take the
	# host's deb822 sources where it has them, in place of debootstrap's list.
	if [ -s /etc/apt/sources.list.d/debian.sources ]; then
		cp /etc/apt/sources.list.d/debian.sources "$base/etc/apt/sources.list.d/"
		: > "$base/etc/apt/sources.list"
	fi
	mount_into "$base"
	in_root "$base" root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make git >/dev/null && apt-get clean' ||
		{ umount_from "$base"; die "installing make and git in the fresh root failed"; }
	umount_from "$base"
	rm -rf "$base/var/lib/apt/lists/"*
	mkdir -p "$cache"
	tar -C "$base" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
	rm -rf --one-file-system "$base"
	say "cached the pristine root: $tarball ($(du -h "$tarball" | cut -f1)) after $(elapsed)"
}

# A fresh copy of the pristine root with this commit cloned for USER.
fresh_copy() {
	root=$work/$1 user=$2
	mkdir -p "$root"
	tar -C "$root" -xf "$tarball"
	mount_into "$root"
	mkdir -p "$root/mnt/src"
	# A bare clone made here, not the tree itself: a git worktree's .git names a folder
	# outside the tree (the main checkout's .git/worktrees/), which the root cannot see.
	[ -d "$work/src.git" ] || git clone -q --bare "$top" "$work/src.git"
	mount --bind "$work/src.git" "$root/mnt/src"
	mount -o remount,bind,ro "$root/mnt/src"
	if [ "$user" = root ]; then dest=/root/pfgate; else
		chroot "$root" useradd -m "$user"
		dest=/home/$user/pfgate
	fi
	# Cloned by root (git refuses a repository another user owns), then given to USER.
	in_root "$root" root git -c safe.directory='*' clone -q /mnt/src "$dest"
	in_root "$root" root git -C "$dest" -c advice.detachedHead=false checkout -q "$commit"
	chroot "$root" chown -R "$user:$user" "$dest"
	# DESIGN.md beside the tree, as the README expects.
	[ -d "$top/../shared" ] && cp -r "$top/../shared" "$(dirname "$root$dest")/shared" && chroot "$root" chown -R "$user:$user" "$(dirname "$dest")/shared"
	echo "$dest"
}

[ -s "$tarball" ] && say "using the cached pristine root $tarball" || {
	"$top/tools/deps.sh" debootstrap
	build_root
}

logs=$top/build/test-fresh
mkdir -p "$logs"
parts=${FRESH_PARTS:-root user}
case " $parts " in *" root "*) ;; *) say "skipping the root copy (FRESH_PARTS=$parts)"; skip_root=1 ;; esac

# ---- 1. as root: make test, then make run ---------------------------------
if [ -z "${skip_root:-}" ]; then
say "copy 1 (root): clone $commit, make test"
dest=$(fresh_copy root root) || die "could not clone this commit into a fresh root"
t1=$(date +%s)
log=$logs/make-test-root.log
in_root "$work/root" root sh -c 'cd "$1" && make test' sh "$dest" > "$log" 2>&1 && rc=0 || rc=$?
t2=$(date +%s)
grep '^deps: installing' "$log" || true
tail -n 1 "$log"
[ "$rc" = 0 ] || { grep -A3 '^not ok' "$log" | head -n 60; tail -n 30 "$log"; die "make test as root exited $rc (log: $log)"; }
tail -n 1 "$log" | grep -Eq '^[0-9]+ passed, 0 failed' || { tail -n 30 "$log"; die "make test as root did not end with 'N passed, 0 failed' (log: $log)"; }
ok "make test as root in a fresh root: $(tail -n 1 "$log") in $((t2 - t1))s (package install included)"
say "package install: $(sed -n 's/^deps: install time \(.*\)/\1/p' "$log" | head -n 1)"

say "copy 1 (root): make run with scripted shell input"
python3 "$top/test/fresh_run_check.py" chroot "$work/root" /usr/bin/env -i \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
	sh -c 'cd "$1" && make run' sh "$dest" || die "make run in the fresh root"
ok "make run in a fresh root: banner, prompt, ls, hello, ps"
umount_from "$work/root"
rm -rf --one-file-system "$work/root"
fi

# ---- 2. as an unprivileged user: make test names the root command ----------
case " $parts " in *" user "*) ;; *) say "done in $(elapsed)"; echo "fresh: $passed passed, 0 failed"; exit 0 ;; esac
say "copy 2 (user newcomer): make test must stop with the command to run as root"
dest=$(fresh_copy user newcomer) || die "could not clone this commit into a fresh root as a user"
log=$logs/make-test-user.log
in_root "$work/user" newcomer sh -c 'cd "$1" && make test' sh "$dest" > "$log" 2>&1 && rc=0 || rc=$?
cat "$log"
[ "$rc" != 0 ] || die "make test as an unprivileged user succeeded without packages"
grep -q 'as root' "$log" || die "make test as a user did not say to run as root"
grep -Eq '^ +apt-get update && apt-get install --no-install-recommends .*nasm' "$log" ||
	die "make test as a user did not print the apt-get command"
grep -q 'sudo' "$log" && die "make test as a user suggested sudo, which a minimal Debian lacks"
ok "make test as an unprivileged user stops and names the apt-get command to run as root"
umount_from "$work/user"

say "done in $(elapsed)"
echo "fresh: $passed passed, 0 failed"
