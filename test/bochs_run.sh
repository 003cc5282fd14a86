#!/bin/sh
# Boot an ISO in Bochs, headless and unattended, with the top-level bochsrc.
# Usage: test/bochs_run.sh ISO SERIAL_OUT TIMEOUT_SECONDS
#
# COM1 goes to SERIAL_OUT; Bochs' log, its stdout/stderr and the debugger's
# output go to SERIAL_OUT.bochs.log. Nothing is printed on success.
# Exit status: 124 if Bochs was still running after TIMEOUT_SECONDS (it is
# then killed), otherwise Bochs' own status. The kernel's "Shutdown" write to
# port 0x8900 ends Bochs through a panic, so that status is 1, as for any
# other panic: judge the run by SERIAL_OUT, not by the status.
#
# This Bochs has its debugger built in and starts stopped at t=0: a command
# file of "c" lines starts the machine and resumes it after up to 63 stops
# (magic break xchg bx,bx; iodebug 0x8AE0). Past those it reads stdin, which
# is /dev/null: EOF quits Bochs (status 1). Never a wait for input.
set -eu

if [ $# -ne 3 ]; then
	echo "usage: $0 ISO SERIAL_OUT TIMEOUT_SECONDS" >&2
	exit 2
fi
iso=$1 serial=$2 secs=$3
top=$(cd "$(dirname "$0")/.." && pwd)
BOCHS=${BOCHS:-bochs}

case "$iso$serial" in
*[,\"]*) echo "$0: paths may not contain ',' or '\"'" >&2; exit 2 ;;
esac
[ -r "$iso" ] || { echo "$0: cannot read $iso" >&2; exit 2; }

abspath() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
mkdir -p "$(dirname "$serial")"
iso=$(abspath "$iso")
serial=$(abspath "$serial")
log=$serial.bochs.log
rc=$(mktemp "${TMPDIR:-/tmp}/bochs_run.XXXXXX")
trap 'rm -f "$rc"' EXIT
i=0; while [ $i -lt 64 ]; do echo c; i=$((i + 1)); done > "$rc"
rm -f "$serial" "$log" "$log.out"

# Options after the file override it (Bochs parses them after bochsrc).
cd "$top"
status=0
timeout -k 5 "$secs" "$BOCHS" -q -f bochsrc -rc "$rc" \
	"ata1-master: type=cdrom, path=\"$iso\", status=inserted" \
	"com1: enabled=1, mode=file, dev=\"$serial\"" \
	"log: \"$log\"" \
	</dev/null >>"$log.out" 2>&1 || status=$?
# Bochs' own console output (banner, debugger lines, early messages) goes
# after its log, in the same file.
if [ -f "$log.out" ]; then
	cat "$log.out" >> "$log" 2>/dev/null || true
	rm -f "$log.out"
fi
exit "$status"
