# GDB setup for pfgate. From the top of the tree (make gdb does this):
#   gdb -q build/kernel.elf -x tools/trace/gdb/pfgate.gdb -ex 'pf-user hello' -ex 'target remote 127.0.0.1:1234'
# Loads the pfgate commands (pf-help lists them) on top of the kernel's symbols.
set pagination off
set confirm off
set disassembly-flavor intel
source tools/trace/gdb/pfgate.py
# Each stop shows the next instruction.
display/i $pc
