# busybox sh with file applets: mkdir, touch, ls, cp, mv, ln, rm, find, test, stat-like checks.
d=$TMPDIR/files-test
rm -rf "$d"
mkdir -p "$d/a/b"
touch "$d/a/one" "$d/a/b/two"
echo data > "$d/three"
cp "$d/three" "$d/a/four"
mv "$d/a/four" "$d/a/b/five"
ln -s ../three "$d/a/link"
ln "$d/three" "$d/hard"
ls "$d" "$d/a"
find "$d" | sed "s|$d|D|" | sort
[ -d "$d/a" ] && echo "a is a folder"
[ -f "$d/three" ] && echo "three is a file"
[ -L "$d/a/link" ] && echo "link is a link to $(readlink "$d/a/link")"
[ -s "$d/a/one" ] || echo "one is empty"
cat "$d/a/link" "$d/a/b/five"
ls -l "$d/three" | awk '{ print $1, $2, $5 }'
rmdir "$d/a" 2>/dev/null || echo "rmdir refuses a full folder"
rm -r "$d"
[ -e "$d" ] || echo "removed"
