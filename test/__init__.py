"""pfgate's tests, one package with tools/: python3 -m test.run_tests (test/run_tests.py re-runs itself so)."""
