#!/bin/sh
# The shell's `help` table, from the `/* help: USAGE: TEXT */` line each user
# program carries: one PROGRAM_HELP(name, "line") per program. A program
# without that line stops the build, so `help` cannot miss one.
# Usage: gen_program_help.sh user/progs/*.c user/tests/*.c > programs_help.h
set -e
status=0
for src in "$@"; do
	name=$(basename "$src" .c)
	line=$(sed -n 's|^/\* help: \(.*\) \*/$|\1|p' "$src" | head -n 1)
	if [ -z "$line" ]; then
		echo "$src: no '/* help: USAGE: TEXT */' line (the shell's help lists every program)" >&2
		status=1
		continue
	fi
	case "$line" in *\"*|*\\*) echo "$src: help line must not contain quotes or backslashes" >&2; status=1; continue;; esac
	printf 'PROGRAM_HELP("%s", "%s")\n' "$name" "$line"
done
exit $status
