"""
make bench-verdicts: do several make bench runs give the same verdicts?
Reads each run's results.md, takes its verdict lines (the Summary's
"- claim <= threshold: figure...: **state**", the Linux programs' among
them) and reports every claim whose state is not the same in all runs, or
that some run lacks. Exit 0 when every verdict held, 1 otherwise.

Usage: python3 -m tools.bench.verdicts RESULTS.md|DIR ...      (DIR: its results.md)
       make bench-verdicts RUNS="a/results.md b/results.md c/results.md"
       make bench-repeat N=3    N full make bench runs (build/bench/runs/1..N/), then this
"""
import os
import re
import sys

VERDICT = re.compile(r"^- (?P<claim>.+?) <= (?P<threshold>[^:]+): .*\*\*(?P<state>met|MISSED|inconclusive)\*\*\s*$")
# A door goal names the best other door it was judged against, which may differ from run to run
# while the verdict holds: the claim is the same one.
BEST_OTHER = re.compile(r" \([^()]* the best other\)")
NOT_MEASURED = re.compile(r"^- (?P<claim>.+?) <= (?P<threshold>[^:]+): not measured")


def verdicts(text):
    """{claim: state} of one results.md ('not measured' for a claim it names without figures)."""
    out = {}
    for line in text.splitlines():
        m = VERDICT.match(line) or NOT_MEASURED.match(line)
        if m:
            claim = BEST_OTHER.sub("", m.group("claim")) + " <= " + m.group("threshold").strip()
            out[claim] = m.groupdict().get("state") or "not measured"
    return out


def changes(runs):
    """[(claim, [state per run, None where the run lacks it])] for every claim whose state is not the same in all."""
    claims = list(dict.fromkeys(c for v in runs for c in v))
    out = []
    for c in claims:
        states = [v.get(c) for v in runs]
        if len(set(states)) > 1:
            out.append((c, states))
    return out


def read(path):
    if os.path.isdir(path):
        path = os.path.join(path, "results.md")
    with open(path) as f:
        return path, verdicts(f.read())


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    runs = [read(p) for p in argv]
    for path, v in runs:
        counts = {s: sum(1 for x in v.values() if x == s) for s in ("met", "MISSED", "inconclusive", "not measured")}
        print(f"{path}: {len(v)} verdicts: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    changed = changes([v for _, v in runs])
    if not changed:
        print(f"every verdict held over the {len(runs)} runs")
        return 0
    print(f"{len(changed)} verdict(s) changed:")
    for claim, states in changed:
        print(f"- {claim}: " + " / ".join(s or "absent" for s in states))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
