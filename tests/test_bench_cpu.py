"""make bench counts the CPU of the processes a command leaves behind, as Chromium's renderers
are when Playwright ends the browser (harness/bench.py, `become_subreaper`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BURN_S = 0.5
# a shell that starts a process burning BURN_S CPU-seconds and exits at once: the process is orphaned
ORPHANING = ["sh", "-c", f"{sys.executable} -c 'import time\nwhile time.process_time() < {BURN_S}: pass' & exit 0"]


def _measured_cpu(reaping: bool) -> float:
    code = ("from harness.bench import become_subreaper, measure_command\n"
            + ("assert become_subreaper()\n" if reaping else "")
            + f"print(measure_command({ORPHANING!r}).cpu)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout)


def test_an_orphaned_descendant_is_counted():
    assert _measured_cpu(reaping=True) >= BURN_S


def test_without_reaping_it_is_lost():  # what the bench measured before: the check above can fail
    assert _measured_cpu(reaping=False) < BURN_S
