"""make bench: the runs, the parser and its verdicts, publishing the report."""
