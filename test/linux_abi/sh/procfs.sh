# /proc as busybox's ps, top and tty read it, and touch's times (issue 28's applets that read the kernel's state): structure, not values.
d=$TMPDIR/procfs-test
rm -rf "$d"
mkdir "$d"
cd "$d" || exit 1
head -1 /proc/stat | awk '{ print $1, NF }'
grep -c '^cpu0 ' /proc/stat
grep -E '^(ctxt|processes|procs_running) [0-9]+$' /proc/stat | cut -d' ' -f1
awk '{ print NF; print ($4 ~ /^[0-9]+\/[0-9]+$/) ? "running/all" : $4 }' /proc/loadavg
awk '{ print NF, $3 }' /proc/self/stat
echo | readlink /proc/self/fd/0 | cut -c1-6
echo x > f; readlink /proc/self/fd/5 5<f | sed "s|^$d/|D/|"
ls /proc/self/fd 5<f | sort -n | tr '\n' ' '; echo
ps | head -1
touch -t 200102030405 t && date -r t +%Y%m%d%H%M
touch -d '2011-12-13 14:15:16' u && date -r u '+%F %T'
touch -r t u && date -r u +%Y%m%d%H%M
