# busybox sh: pipes, redirections, file descriptors, external applets (fork + exec).
seq 1 10 | tr '\n' ' ' ; echo
seq 1 100 | grep 7 | wc -l
printf 'b\na\nc\nb\n' | sort | uniq -c | sed 's/^ *//'
echo "first" > "$TMPDIR/f"
echo "second" >> "$TMPDIR/f"
cat < "$TMPDIR/f"
wc -l < "$TMPDIR/f"
ls /no/such/path 2>/dev/null || echo "ls failed quietly: $?"
ls /no/such/path 2>&1 | sed 's/:.*//'
{ echo out; echo err >&2; } 2>&1 | sort
echo "to fd 3" 3>&1 1>&2 2>&3 3>&- | cat
exec 4> "$TMPDIR/g"
echo "via fd 4" >&4
exec 4>&-
cat "$TMPDIR/g"
echo abc | { read line; echo "read: $line"; }
echo "pipeline status: $(false | true; echo $?)"
echo hello | tee "$TMPDIR/t" | tr a-z A-Z
cat "$TMPDIR/t"
printf '%05d|%-4s|%x\n' 42 ab 255
echo "a,b,c" | cut -d, -f2
echo "one two" | awk '{ print $2, length($1) }'
yes | head -n 3
head -c 5 /abi/data/hello.txt; echo
tail -n 1 /abi/data/hello.txt
md5sum < /abi/data/hello.txt
rm -f "$TMPDIR/f" "$TMPDIR/g" "$TMPDIR/t"
