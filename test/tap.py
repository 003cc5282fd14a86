"""
TAP bookkeeping for test/run_tests.py: the results of every test group,
printed as TAP in a fixed order (Results), and the guest's own TAP read back
from a serial log (parse_tap, report_tap).
"""
import re
import threading


class Results:
    """
    Thread-safe results of (name, ok, skipped, detail), printed as TAP. Test
    groups run side by side, but each group's results are printed as one block,
    in the groups' fixed order, once it and every group before it are done: the
    numbering is the same on every run, whichever group finishes first. The
    plan comes last (`1..N`), as TAP allows.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []
        self.local = threading.local()
        self.groups = {}        # group index -> its results, until printed
        self.done = set()
        self.next_group = 0     # the first group not printed yet
        self.count = 0

    def begin_group(self, index):
        self.local.group = index
        with self.lock:
            self.groups.setdefault(index, [])

    def end_group(self, index, name=""):
        with self.lock:
            self.done.add(index)
            if index != self.next_group:   # a sign of life while an earlier group still runs
                print(f"# finished: {name} ({len(self.groups.get(index, []))} results, printed in order later)",
                      flush=True)
            while self.next_group in self.done:
                for item in self.groups.pop(self.next_group, []):
                    self._print(item)
                self.next_group += 1

    def _print(self, item):
        name, ok, skipped, detail = item
        self.count += 1
        status = "ok" if ok else "not ok"
        suffix = " # SKIP " + detail if skipped else ""
        print(f"{status} {self.count} - {name}{suffix}", flush=True)
        if not ok and detail:
            for line in detail.rstrip().splitlines()[-40:]:
                print(f"#   {line}", flush=True)

    def add(self, name, ok, detail="", skipped=False):
        group = getattr(self.local, "group", None)
        with self.lock:
            self.items.append((name, ok, skipped, detail))
            if group is None or group < self.next_group:
                self._print((name, ok, skipped, detail))   # outside any group: at once
            else:
                self.groups.setdefault(group, []).append((name, ok, skipped, detail))

    def plan(self):
        """The TAP plan line, once every group is printed."""
        return f"1..{self.count}"

    def check(self, name, cond, detail=""):
        self.add(name, bool(cond), "" if cond else detail)
        return bool(cond)

    def totals(self):
        passed = sum(1 for _, ok, sk, _ in self.items if ok and not sk)
        skipped = sum(1 for _, ok, sk, _ in self.items if sk)
        failed = sum(1 for _, ok, _, _ in self.items if not ok)
        return passed, failed, skipped


TAP_LINE = re.compile(r"^(not ok|ok) (\d+) - (.*?)(?: # SKIP (.*))?$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)$")


def parse_tap(log):
    """The TAP results in a log: list of (ok, number, name, skip reason), and the plan (or None)."""
    tests, plan = [], None
    for line in log.splitlines():
        m = TAP_LINE.match(line.strip())
        if m:
            tests.append((m.group(1) == "ok", int(m.group(2)), m.group(3), m.group(4)))
            continue
        m = TAP_PLAN.match(line.strip())
        if m:
            plan = int(m.group(1))
    return tests, plan


def lines_before_results(log):
    """
    For each TAP result line of the log, in order, the lines printed since the
    result before it: the guest's own account of a failure (its `#` lines)
    and what the kernel said meanwhile (a kill's report).
    """
    before, since = [], []
    for line in log.splitlines():
        if TAP_LINE.match(line.strip()):
            before.append(since)
            since = []
        else:
            since.append(line)
    return before


def failure_detail(since, boot):
    """
    A failed guest result's detail: the lines printed just before it, then the
    boot's tail marked as such. The tail alone once sent a hunt after the last
    child's kill report, printed long after the failure it sat under.
    """
    own = "\n".join(since[-25:]).strip() or "(nothing printed since the result before)"
    tail = "\n".join(boot.log.splitlines()[-12:])
    return f"printed before this result:\n{own}\n-- the boot's last lines:\n{tail}"


def report_tap(results, prefix, boot, expect_plan=True):
    """Add one result per guest TAP line, and one for the plan matching the count."""
    tests, plan = parse_tap(boot.log)
    before = lines_before_results(boot.log)
    for (ok, _, name, skip), since in zip(tests, before):
        if skip:
            results.add(f"{prefix}: {name}", True, skip, skipped=True)
        else:
            results.add(f"{prefix}: {name}", ok, "" if ok else failure_detail(since, boot))
    if expect_plan:
        results.check(f"{prefix}: TAP plan matches ({plan} planned, {len(tests)} run)",
                      plan is not None and plan == len(tests) and plan > 0, boot.tail())
    return tests
