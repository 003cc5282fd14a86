"""pfgate's tools, one package with test/: run them from the top of the tree as python3 -m tools.x.y."""
