"""
The emulator launchers themselves (tools/launch/), where an emulator fails
before the kernel runs: Bochs 2.7's rfb display, started at the same moment
as another Bochs, can find no port to listen on, give up before the BIOS
and segfault. A scripted boot then starts Bochs again (tools/launch/bochs.py,
RFB_NO_PORT). Checked with a stand-in Bochs (the BOCHS variable) that fails
that way a given number of times, in a child process (the launcher reads
BOCHS once, and other tests boot the real one meanwhile).
"""
import os
import subprocess
import sys
import tempfile
import textwrap

from test import run_tests
from test.run_tests import R
from test.harness import ROOT

# A stand-in for bochs: finds the log and COM1 file on its command line as
# launch.bochs.command() writes them; its first FAILS runs end as Bochs 2.7's
# rfb does without a port, the next writes a serial log that passed.
FAKE_BOCHS = textwrap.dedent('''\
    #!/usr/bin/env python3
    import os, re, signal, sys
    args = " ".join(sys.argv[1:])
    log = re.search(r'log: "([^"]+)"', args).group(1)
    serial = re.search(r'dev="([^"]+)"', args).group(1)
    count = os.path.join(os.path.dirname(sys.argv[0]), "runs")
    n = int(open(count).read()) + 1 if os.path.exists(count) else 1
    open(count, "w").write(str(n))
    if n <= int(os.environ["FAKE_BOCHS_FAILS"]):
        open(log, "w").write("00000035196i[RFB   ] Could not listen on socket.\\n"
                             "00000042054p[RFB   ] >>PANIC<< RFB could not bind any port between 5900 and 5949\\n")
        open(serial, "w").close()
        os.kill(os.getpid(), signal.SIGSEGV)
    open(log, "w").write("Bochs is exiting\\n")
    open(serial, "w").write("machine: test exit PASS\\n")
    sys.exit(1)
''')

BOOT = ("import sys; from tools.launch import bochs; "
        "b = bochs.boot(sys.argv[1], timeout=30); print('PASSED' if b.has('machine: test exit PASS') else 'NO LOG')")


def fake_boot(fails):
    """(stdout, stderr, runs of the stand-in) of one launch.bochs.boot() against a stand-in failing FAILS times."""
    with tempfile.TemporaryDirectory() as d:
        fake = os.path.join(d, "bochs")
        with open(fake, "w") as f:
            f.write(FAKE_BOCHS)
        os.chmod(fake, 0o755)
        env = dict(os.environ, BOCHS=fake, FAKE_BOCHS_FAILS=str(fails))
        p = subprocess.run([sys.executable, "-c", BOOT, os.path.join(d, "x.iso")], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        runs_file = os.path.join(d, "runs")
        runs = int(open(runs_file).read()) if os.path.exists(runs_file) else 0
        return p.stdout.strip(), p.stderr, runs


@run_tests.test
def bochs_rfb_start_failure():
    p = "launch: Bochs whose rfb display found no port"
    out, err, runs = fake_boot(1)
    R.check(f"{p} once: started again, and the second run's log is the result", out == "PASSED" and runs == 2,
            f"stdout {out!r}, {runs} runs, stderr {err!r}")
    R.check(f"{p} once: says so on stderr", "could not listen on any port 5900-5949; starting it again" in err, err)
    out, err, runs = fake_boot(99)
    R.check(f"{p} every time: gives up after 4 runs with no serial log", out == "NO LOG" and runs == 4,
            f"stdout {out!r}, {runs} runs, stderr {err!r}")
    R.check(f"{p} every time: says it gave up", "(4 times)" in err, err)
    out, err, runs = fake_boot(0)
    R.check(f"{p} never: one run, nothing said", out == "PASSED" and runs == 1 and "rfb" not in err,
            f"stdout {out!r}, {runs} runs, stderr {err!r}")
