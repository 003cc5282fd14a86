# The gate nop round trip with SMEP/SMAP on and off (Bochs instructions, TCG ticks): tools/bench_smap.py.
.PHONY: bench-smap
bench-smap: deps all $(BENCH_KERNEL)
	$(PYTHON) tools/bench_smap.py
