# Long command lines through busybox (issue 28's argument limits): xargs and find -exec {} + fill
# each command line to what sysconf(_SC_ARG_MAX) allows; the batches must be Linux's.
seq 1 20000 | xargs echo | wc
seq 1 20000 | xargs echo | tail -c 30
d=$TMPDIR/args-test
rm -rf "$d"
mkdir "$d"
i=0
# Names of one length: the batches do not depend on the order readdir gives them in.
while [ $i -lt 600 ]; do
	: > "$d/a-file-with-a-name-long-enough-to-fill-command-lines-$((10000 + i))"
	i=$((i + 1))
done
find "$d" -name '*' -exec echo {} + | wc -l
find "$d" -name '*' -exec echo {} + | tr ' ' '\n' | sed "s|^$d|D|" | sort | md5sum
find "$d" -name 'a-*' -exec echo {} + | wc -c
cd "$d" && echo * | wc -c
ls "$d" | xargs -n 500 echo | wc -l
# rm -r reads a batch of entries, unlinks them, reads on: a cursor counted in entries from the start
# skipped names it never returned (pfgate did, until getdents re-read the one entry it had no room for).
cd /
rm -rf "$d" && [ ! -e "$d" ] && echo "rm -rf removed 600 files and their folder"
