"""Generators: files built from the tree's one sources of truth (the ABI description, docs/debugging.md's listings)."""
