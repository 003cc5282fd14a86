#!/bin/sh
# Turn `nm -n` output of the kernel into a NASM source for the .ksyms section:
# sorted addresses, offsets into a packed name table, the names.
# Compiler (.L) and NASM macro-local (..@) labels are left out: they would name
# code after an invisible label instead of its function.
# Usage: gen_ksyms.sh < nm-output > ksyms.asm
set -eu
awk 'BEGIN { n = 0 }
$2 ~ /^[tT]$/ && $3 !~ /^\.L/ && $3 !~ /^\.\.@/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "section .ksyms"
	print "global ksyms_count, ksyms_addr, ksyms_name_off, ksyms_names"
	print "align 4"
	printf "ksyms_count: dd %d\n", n
	print "ksyms_addr:"
	for (i = 0; i < n; i++) printf "\tdd 0x%s\n", addr[i]
	print "ksyms_name_off:"
	off = 0
	for (i = 0; i < n; i++) { printf "\tdd %d\n", off; off += length(name[i]) + 1 }
	print "ksyms_names:"
	for (i = 0; i < n; i++) printf "\tdb \"%s\", 0\n", name[i]
	if (n == 0) print "\tdb 0"
}'
