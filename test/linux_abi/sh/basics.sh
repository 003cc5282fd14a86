# busybox sh: variables, arithmetic, $(...), quoting, loops, case, functions, here-documents.
x=3
y=$((x * 7 + 1))
echo "y=$y"
echo "nested: $(echo "inner $(echo deep)")"
s="a b  c"
set -- $s
echo "words: $#"
echo "quoted: [$s]"
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	[ $i -eq 2 ] && continue
	printf '%s ' "$i"
done
echo
for w in one two three; do
	case $w in
	o*) echo "$w starts with o" ;;
	t[wh]*) echo "$w starts with t" ;;
	*) echo "$w: other" ;;
	esac
done
fact() {
	if [ "$1" -le 1 ]; then echo 1; else echo $(($1 * $(fact $(($1 - 1))))); fi
}
echo "fact 10: $(fact 10)"
local_test() {
	local v=inner
	echo "in function: $v, args $#: $*"
	return 3
}
v=outer
local_test p q
echo "status $?, v=$v"
cat <<END
here-doc with $x and $(echo subst)
END
cat <<'END'
quoted here-doc $x
END
echo "${undefined:-default} ${#s} ${s%% *} ${s#a }"
false || echo "or runs"
true && echo "and runs"
! false && echo "not works"
echo "exit of a subshell: $( (exit 9); echo $? )"
