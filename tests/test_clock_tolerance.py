"""harness.clock_tolerance: the @horloge checks of a run say, at its end, which clock offsets
the ENT accepted and which it refused."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.clock_tolerance import outcome, summary
from harness.target_mode import FAULTS_ENV
from harness.verdicts import VERDICT, WARNING

ROOT = Path(__file__).resolve().parent.parent


def report(outcome_: str, *tags: str, warned: bool = False) -> pytest.TestReport:
    props = [(VERDICT, WARNING)] if warned else []
    return pytest.TestReport("t.py::t", ("t.py", 0, "t"), dict.fromkeys(tags, 1), outcome_, None, "call",
                             user_properties=props)


def test_a_check_passed_or_failed_says_what_the_ent_did():
    assert outcome(report("passed", "horloge", "recommandation", "avance-2")) == ("avance", 2, True)
    assert outcome(report("passed", "horloge", "recommandation", "avance-2", warned=True)) == ("avance", 2, False)
    assert outcome(report("passed", "horloge", "exigence", "expiree-300")) == ("expiree", 300, False)
    assert outcome(report("failed", "horloge", "exigence", "expiree-300")) == ("expiree", 300, True)
    assert outcome(report("failed", "horloge", "exigence", "expiree-300", "proof")) is None
    assert outcome(report("passed", "exigence", "expiree-300")) is None


def test_the_summary_reads_offsets_in_order():
    assert summary({("avance", 300): False, ("avance", 2): True, ("expiree", 300): True}) == [
        "  avance de l'horloge d'ÉduConnect : 2 s acceptée, 5 min refusée",
        "  assertion expirée depuis : 5 min acceptée"]


def test_an_ent_that_tolerates_no_offset_is_told_so(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-m", "horloge",
         "--sans-trace", f"--output={tmp_path / 'traces'}", f"--cucumber-report={tmp_path / 'cucumber.json'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, FAULTS_ENV: "horloge-sans-tolerance"})
    assert done.returncode == 0, done.stdout[-3000:]  # recommendations only: warnings
    assert ("  avance de l'horloge d'ÉduConnect : 2 s refusée, 30 s refusée, 1 min refusée, 5 min refusée, "
            "10 min refusée") in done.stdout, done.stdout[-3000:]
