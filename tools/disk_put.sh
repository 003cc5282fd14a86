#!/bin/sh
# disk_put.sh IMAGE DIR: copy DIR's contents onto the ext2 IMAGE at / in place
# (DIR/a/b becomes /a/b), with e2fsprogs' debugfs: directories made, each file
# removed then written (names of one inode: linked to the first, as one inode),
# everything else on the image left as it is. The image
# must not be in use (no emulator running on it). Fails if debugfs reports an
# error other than "not found" (the rm before a file's first copy).
set -eu
img=$1 dir=$2
[ -f "$img" ] || { echo "disk_put: $img: no such image" >&2; exit 1; }
[ -d "$dir" ] || { echo "disk_put: $dir: not a directory" >&2; exit 1; }
case "$dir" in /*) abs=$dir ;; *) abs=$(pwd)/$dir ;; esac
case "$img" in /*) ;; *) img=$(pwd)/$img ;; esac   # the listing below runs inside DIR
cmds=$(mktemp)
trap 'rm -f "$cmds" "$cmds.out" "$cmds.kept" "$cmds.retry"' EXIT
# Only the directories not there yet: debugfs's mkdir of an existing name
# leaves the inode it allocated behind (an unconnected directory e2fsck finds).
(cd "$abs" && find . -mindepth 1 -type d | sort | while IFS= read -r d; do
	if debugfs -R "stat \"${d#.}\"" "$img" </dev/null 2>&1 | grep -q "File not found"; then
		printf 'mkdir "%s"\n' "${d#.}"
	fi
	# The tree's mode on every directory it has, new or not (debugfs's mkdir makes 0755: /tmp is 1777).
	printf 'sif "%s" mode 0%o\n' "${d#.}" $((0040000 | 0$(stat -c %a "$d")))
done
cd "$abs" && find . -type f -links 1 | sort | while IFS= read -r f; do
	printf 'rm "%s"\nwrite "%s" "%s"\n' "${f#.}" "$abs/${f#./}" "${f#.}"
done
# Names of one inode (busybox's applets) stay one inode: every name removed
# first (each rm drops the old inode's count), the first written, the others
# linked to it (debugfs's ln leaves the count alone: sif sets it).
cd "$abs" && find . -type f -links +1 -printf '%i %P\n' | sort -k1,1n -k2 | awk -v abs="$abs" '
	{ ino[NR] = $1; name[NR] = substr($0, length($1) + 2) }
	END {
		for (i = 1; i <= NR; i++) printf "rm \"/%s\"\n", name[i]
		for (i = 1; i <= NR; i++) {
			if (i == 1 || ino[i] != ino[i - 1]) {
				first = "/" name[i]; start = i
				printf "write \"%s/%s\" \"%s\"\n", abs, name[i], first
			} else
				printf "ln \"%s\" \"/%s\"\n", first, name[i]
			if (i == NR || ino[i + 1] != ino[i])
				printf "sif \"%s\" links_count %d\n", first, i - start + 1
		}
	}') > "$cmds"
debugfs -w -f "$cmds" "$img" > "$cmds.out" 2>&1 || { cat "$cmds.out" >&2; exit 1; }
# debugfs's ln does not grow a full directory (its write and mkdir do): each
# ln that found no room is run again after its directory grows by a block,
# so a directory grows only when it must (an update in place of /bin's
# applets after a first disk without them).
rounds=0
while grep -q 'No free space in the directory' "$cmds.out"; do
	rounds=$((rounds + 1))
	[ $rounds -le 64 ] || { cat "$cmds.out" >&2; echo "disk_put: a directory would not grow" >&2; exit 1; }
	awk '/^debugfs: /{ cmd = substr($0, 10) } /No free space in the directory/{ print cmd }' "$cmds.out" > "$cmds"
	grep -v 'No free space in the directory' "$cmds.out" > "$cmds.kept" || true
	{ sed -n 's|^ln "[^"]*" "\(.*\)/[^/]*"$|\1|p' "$cmds" | sort -u | while IFS= read -r d; do
		printf 'expand_dir "%s"\n' "${d:-/}"
	done; cat "$cmds"; } > "$cmds.retry"
	debugfs -w -f "$cmds.retry" "$img" > "$cmds.out" 2>&1 || { cat "$cmds.out" >&2; exit 1; }
	cat "$cmds.kept" >> "$cmds.out"
done
# debugfs goes on after an error: any line but the echoed commands, its banner
# and an rm's "not found" (a file's first copy) is one.
if grep -v -e '^debugfs' -e '^rm: File not found by ext2_lookup' -e '^Allocated inode: ' -e '^$' "$cmds.out" | grep -q .; then
	cat "$cmds.out" >&2
	echo "disk_put: debugfs could not copy everything from $dir" >&2
	exit 1
fi
echo "disk_put: $dir copied onto $img"
