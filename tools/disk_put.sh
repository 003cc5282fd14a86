#!/bin/sh
# disk_put.sh IMAGE DIR: copy DIR's contents onto the ext2 IMAGE at / in place
# (DIR/a/b becomes /a/b), with e2fsprogs' debugfs: directories made, each file
# removed then written, everything else on the image left as it is. The image
# must not be in use (no emulator running on it). Fails if debugfs reports an
# error other than "not found" (the rm before a file's first copy).
set -eu
img=$1 dir=$2
[ -f "$img" ] || { echo "disk_put: $img: no such image" >&2; exit 1; }
[ -d "$dir" ] || { echo "disk_put: $dir: not a directory" >&2; exit 1; }
case "$dir" in /*) abs=$dir ;; *) abs=$(pwd)/$dir ;; esac
case "$img" in /*) ;; *) img=$(pwd)/$img ;; esac   # the listing below runs inside DIR
cmds=$(mktemp)
trap 'rm -f "$cmds" "$cmds.out"' EXIT
# Only the directories not there yet: debugfs's mkdir of an existing name
# leaves the inode it allocated behind (an unconnected directory e2fsck finds).
(cd "$abs" && find . -mindepth 1 -type d | sort | while IFS= read -r d; do
	if debugfs -R "stat \"${d#.}\"" "$img" </dev/null 2>&1 | grep -q "File not found"; then
		printf 'mkdir "%s"\n' "${d#.}"
	fi
done
cd "$abs" && find . -type f | sort | while IFS= read -r f; do
	printf 'rm "%s"\nwrite "%s" "%s"\n' "${f#.}" "$abs/${f#./}" "${f#.}"
done) > "$cmds"
debugfs -w -f "$cmds" "$img" > "$cmds.out" 2>&1 || { cat "$cmds.out" >&2; exit 1; }
# debugfs goes on after an error: any line but the echoed commands, its banner
# and an rm's "not found" (a file's first copy) is one.
if grep -v -e '^debugfs' -e '^rm: File not found by ext2_lookup' -e '^Allocated inode: ' -e '^$' "$cmds.out" | grep -q .; then
	cat "$cmds.out" >&2
	echo "disk_put: debugfs could not copy everything from $dir" >&2
	exit 1
fi
echo "disk_put: $dir copied onto $img"
