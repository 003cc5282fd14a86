#!/bin/sh
# disk_put.sh IMAGE DIR: copy DIR's contents onto the ext2 IMAGE at / in place
# (DIR/a/b becomes /a/b), with e2fsprogs' debugfs: directories made, each file
# removed then written, everything else on the image left as it is. The image
# must not be in use (no emulator running on it). Fails if debugfs reports an
# error other than "already exists" / "not found" (the mkdir and rm of a first copy).
set -eu
img=$1 dir=$2
[ -f "$img" ] || { echo "disk_put: $img: no such image" >&2; exit 1; }
[ -d "$dir" ] || { echo "disk_put: $dir: not a directory" >&2; exit 1; }
case "$dir" in /*) abs=$dir ;; *) abs=$(pwd)/$dir ;; esac
cmds=$(mktemp)
trap 'rm -f "$cmds" "$cmds.out"' EXIT
(cd "$abs" && find . -mindepth 1 -type d | sort | while IFS= read -r d; do
	printf 'mkdir "%s"\n' "${d#.}"
done
cd "$abs" && find . -type f | sort | while IFS= read -r f; do
	printf 'rm "%s"\nwrite "%s" "%s"\n' "${f#.}" "$abs/${f#./}" "${f#.}"
done) > "$cmds"
debugfs -w -f "$cmds" "$img" > "$cmds.out" 2>&1 || { cat "$cmds.out" >&2; exit 1; }
if grep -v -e '^debugfs ' -e 'already exists' -e 'File not found by ext2_lookup' "$cmds.out" | grep -q -i -e 'error' -e 'could not' -e 'no free'; then
	cat "$cmds.out" >&2
	echo "disk_put: debugfs could not copy everything from $dir" >&2
	exit 1
fi
echo "disk_put: $dir copied onto $img"
