# The nop round trip per door with SMEP/SMAP on and off (Bochs instructions,
# TCG ticks): the "price of SMAP" section of make bench, alone.
.PHONY: bench-smap
bench-smap: deps all $(BENCH_KERNEL) $(BENCH_INITRD) ## the nop round trip per door with SMEP/SMAP on and off, alone
	$(PYTHON) -m tools.bench.run --initrd $(BENCH_INITRD) --smap-only
