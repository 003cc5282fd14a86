# make check: the static checks, part of make test.
#  - sparse over every kernel C file, with no warning at all: __user pointers
#    (include/pfgate/user_ptr.h) are never dereferenced or taken for kernel ones;
#  - sparse must warn on test/check/wrong_user_ptr.c, once per wrong line;
#  - a handler that differs from gates.def (test/check/wrong_handler.c) must not compile;
#  - stac (SMAP's window) appears only in the user-access primitives and the gate stub.
# sparse has no __float128, which GCC's i386 stddef.h names in max_align_t.
SPARSE_FLAGS = -m32 -D__i386__ '-D__float128=long double' -std=c11 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -Iinclude -Isrc -I$(B)/gen -mregparm=3 -Wsparse-error
SPARSE_WRONG := test/check/wrong_user_ptr.c
WRONG_HANDLER := test/check/wrong_handler.c

.PHONY: check check-sparse check-sparse-wrong check-handler-types check-stac
check: check-sparse check-sparse-wrong check-handler-types check-stac ## the static checks: sparse, handler types against gates.def, stac/clac sites

check-sparse: $(B)/gen/asm_offsets.inc ## sparse over every kernel C file, no warning allowed
	@$(call NEED,$(SPARSE))
	@fail=0; for f in $(KERNEL_C) $(BENCH_PART_C); do $(SPARSE) $(SPARSE_FLAGS) $$f || fail=1; done; \
	if [ $$fail = 0 ]; then echo "check: sparse: $(words $(KERNEL_C) $(BENCH_PART_C)) kernel C files, no warnings"; \
	else echo "check: sparse: warnings above"; exit 1; fi

# One warning per line marked WRONG, on that line: the check is still checking.
check-sparse-wrong: ## sparse must warn on every wrong line of test/check/wrong_user_ptr.c
	@$(call NEED,$(SPARSE))
	@out=$$($(SPARSE) $(filter-out -Wsparse-error,$(SPARSE_FLAGS)) $(SPARSE_WRONG) 2>&1); \
	want=$$(grep -n 'WRONG' $(SPARSE_WRONG) | grep -v '^[0-9]*: \*' | cut -d: -f1); ok=1; \
	for n in $$want; do echo "$$out" | grep -q "^$(SPARSE_WRONG):$$n:.*warning" || { echo "check: sparse did not warn on $(SPARSE_WRONG):$$n"; ok=0; }; done; \
	echo "$$out" | grep -q "dereference of noderef" || { echo "check: no 'dereference of noderef' warning"; ok=0; }; \
	echo "$$out" | grep -q "different address spaces" || { echo "check: no 'different address spaces' warning"; ok=0; }; \
	if [ $$ok = 1 ]; then echo "check: sparse refuses $(SPARSE_WRONG) ($$(echo $$want | wc -w) wrong lines, all warned)"; \
	else echo "$$out"; exit 1; fi

check-handler-types: $(B)/gen/asm_offsets.inc ## a handler differing from gates.def must not compile
	@# -MMD (in KCFLAGS) with -fsyntax-only would leave a-wrong_handler.d at the top: -MF puts it in build/.
	@mkdir -p $(B)/check
	@if out=$$($(CC) $(KCFLAGS) -MF $(B)/check/wrong_handler.d -fsyntax-only $(WRONG_HANDLER) 2>&1); then \
		echo "check: $(WRONG_HANDLER) compiled: handlers are not checked against gates.def"; exit 1; \
	elif echo "$$out" | grep -q "conflicting types for .svc_write."; then \
		echo "check: a handler that differs from gates.def does not compile"; \
	else echo "$$out"; echo "check: $(WRONG_HANDLER) failed, but not on its types"; exit 1; fi

# Both kernels: make run's, and make bench's with the doors' entries.
check-stac: $(KERNEL) $(BENCH_KERNEL) ## stac (SMAP window) only in the user-access primitives and the gate stub
	@$(PYTHON) test/check/check_stac.py $(KERNEL) $(B)/src/mm/uaccess.o $(B)/src/mm/uaccess_copy.o $(B)/src/pfgate/pf_entry.o
	@$(PYTHON) test/check/check_stac.py $(BENCH_KERNEL) $(B)/src/mm/uaccess.o $(B)/src/mm/uaccess_copy.o $(B)/src/pfgate/pf_entry.o

