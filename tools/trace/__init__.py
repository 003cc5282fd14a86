"""Reading the kernel as it runs: instruction traces and Bochs' debugger; GDB's commands in gdb/."""
