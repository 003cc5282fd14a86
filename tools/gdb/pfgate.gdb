# GDB setup for pfgate, run from the top of the tree (make gdb does):
#   gdb -q -x tools/gdb/pfgate.gdb -ex 'pf-user hello' -ex 'target remote localhost:1234'
# The kernel's symbols and DWARF, then the pfgate commands (pf-help lists them).
set pagination off
set confirm off
set disassembly-flavor intel
file build/kernel.elf
source tools/gdb/pfgate.py
# Stops print where they are; `display/i $pc` shows the next instruction each time.
display/i $pc
