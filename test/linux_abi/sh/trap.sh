# busybox sh: traps, signals to itself and to children, exit statuses, background jobs.
trap 'echo "EXIT trap"' EXIT
trap 'echo "USR1 trapped"' USR1
kill -USR1 $$
echo "after USR1"
trap - USR1
sh -c 'trap "echo child TERM; exit 4" TERM; kill -TERM $$; echo not here'
echo "child status: $?"
sleep 10 &
pid=$!
kill $pid
wait $pid
echo "killed background job: $?"
sh -c 'exit 7'
echo "sh -c exit 7: $?"
sh -c 'kill -9 $$'
echo "sh killed by 9: $?"
for i in 1 2 3; do
	( exit $i ) &
done
wait
echo "waited for all"
f() { trap 'echo "RETURN-less trap in f"' USR2; kill -USR2 $$; }
f
echo done
