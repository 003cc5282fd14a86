# docs/debugging.md's listings and figures come from fresh runs (tools/gen/debug_doc.py):
# `make docs` rewrites them after a change; make test fails while they differ from the code.
.PHONY: docs
docs: deps all ## rewrite docs/debugging.md's listings from fresh runs
	$(PYTHON) -m tools.gen.debug_doc
