# The Linux-ABI tests' runner, the same on both kernels (busybox sh): each case
# of CASES (a name, a tab, a command line) runs in a clean environment, its
# stdout and stderr to a file, then the file goes to the console between
# markers that tools/linuxref/cases.py reads back, with the exit status.
#   sh run.sh CASES TMPDIR [CASE...]   (CASE...: only these)
cases=$1 tmp=$2
shift 2
mark=@@linux-abi
tab=$(printf '\t')
while IFS="$tab" read -r name cmd; do
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	# A case that hangs is killed: the marker then says 137 and the run goes on.
	# eval: a command line may quote an argument.
	eval "timeout -s KILL 60 env -i PATH=/bin TMPDIR=\"\$tmp\" LC_ALL=C $cmd" > "$tmp/case.out" 2>&1 < /dev/null
	status=$?
	echo "$mark begin $name"
	cat "$tmp/case.out"
	echo
	echo "$mark end $name exit=$status"
done < "$cases"
rm -f "$tmp/case.out"
echo "$mark done"
