# busybox's text, archive and checksum applets (issue 28's list, the ones the other scripts leave out).
d=$TMPDIR/applets-test
rm -rf "$d"
mkdir "$d"
cd "$d" || exit 1
printf 'pear\napple\npear\nfig\n' > fruit
sort fruit | uniq
sort -r fruit | uniq -d
grep -n p fruit
grep -vc pear fruit
sed -n '2p;$p' fruit
sed 's/p/P/g' fruit | tr '\n' ' '; echo
awk -F: '{ n[$1]++ } END { for (k in n) c++; print c, NR }' fruit
cut -c1-3 fruit | head -n 2
tail -n 2 fruit
echo "a b c" | tr -d ' '
cp fruit copy && mv copy moved && ls
ln moved linked && ls -l linked | awk '{ print $1, $2, $5 }'
rm moved linked && ls
mkdir -p sub/deep && rmdir sub/deep sub && echo "rmdir: both gone"
find . -type f | sort
echo fruit | xargs wc -l
seq 3 | xargs echo args:
echo teed | tee t1 t2 > /dev/null && cat t1 t2
test -f t1 && test ! -d t1 && echo "test: t1 is a file"
[ "$(expr 7 \* 6)" = 42 ] && echo "expr: 42"
expr length hello
seq -s, 1 5
seq 10 -3 1 | tr '\n' ' '; echo
env -i A=1 B=2 env | sort
gzip -c fruit > fruit.gz && gunzip -c fruit.gz | cmp - fruit && echo "gzip round trip"
rm fruit.gz; gzip fruit && ls && gunzip fruit.gz && ls
tar cf a.tar fruit t1 && rm t1 && tar tf a.tar && tar xf a.tar && cat t1
md5sum fruit
sha256sum fruit
printf 'pear\nplum\n' > other
diff fruit other | tail -n +3
diff fruit fruit && echo "diff: same"
dd if=fruit bs=5 skip=1 count=1 2>/dev/null; echo
dd if=/dev/zero bs=4 count=2 2>/dev/null | od -An -tx1
printf 'AB\001' | od -c
printf 'hexdump\n' | hexdump -C
cd / && rm -r "$d" && echo removed
