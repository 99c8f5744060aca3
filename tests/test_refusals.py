"""harness.refusals: when ÉduConnect refused what the ENT sent, the failing scenario says so
first, in French with the rule, in the terminal and in the Cucumber report (which the HTML
report and JUnit read too)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from harness.target_mode import FAULTS_ENV
from pytest_bdd.scenario import make_python_name

from test_broken_reference import SIGNED_REQUESTS, SINGLE_LOGOUT

ROOT = Path(__file__).resolve().parent.parent
EXPLANATION = "ÉduConnect a refusé ce que l'ENT lui a envoyé pendant ce scénario :"
UNSIGNED_LOGOUT = ("  - demande de déconnexion de l'ENT : la demande n'est pas signée (ni SigAlg ni Signature) ; "
                   "ÉduConnect exige la signature des demandes de déconnexion [Profiles 4.4.4.1]")


def run_logout_check(tmp_path: Path, faults: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    report = tmp_path / "cucumber.json"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "-p", "harness.cucumber_report", f"--cucumber-report={report}", f"--output={tmp_path / 'traces'}",
         "--sans-trace", "-k", f"test_{make_python_name(SINGLE_LOGOUT)}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, FAULTS_ENV: faults})
    messages = [step["result"].get("error_message", "") for feature in json.loads(report.read_text("utf-8"))
                for element in feature["elements"] for step in element["steps"]]
    return done, [m for m in messages if m]


def test_a_refused_logout_request_is_the_first_thing_the_failure_says(tmp_path):
    done, messages = run_logout_check(tmp_path, "deconnexion-non-signee")
    assert done.returncode == 1, done.stdout[-3000:]
    failure = done.stdout[done.stdout.index("FAILURES"):]
    first_lines = failure.splitlines()[2:4]
    assert first_lines == [EXPLANATION, UNSIGNED_LOGOUT], failure[:2000]
    assert len(messages) == 1 and messages[0].startswith(f"{EXPLANATION}\n{UNSIGNED_LOGOUT}\n\n")
    assert "TimeoutError" in messages[0]  # Playwright's or the journal's own message follows


def test_a_failure_without_refusal_says_nothing_of_the_kind(tmp_path):
    """The ENT's own session kept open: ÉduConnect refused nothing, so no such paragraph."""
    done, messages = run_logout_check(tmp_path, "session-ent-conservee")
    assert done.returncode == 1, done.stdout[-3000:]
    assert EXPLANATION not in done.stdout and messages and not any(EXPLANATION in m for m in messages)


def test_a_warning_names_the_signature_algorithm_the_ent_used(tmp_path):
    """An ENT signing its AuthnRequests in RSA-SHA1, as entcore does: accepted, and the
    recommendation's warning says which algorithm it saw."""
    report = tmp_path / "cucumber.json"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "-p", "harness.cucumber_report", f"--cucumber-report={report}", f"--output={tmp_path / 'traces'}",
         "--sans-trace", "-k", f"test_{make_python_name(SIGNED_REQUESTS)}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, FAULTS_ENV: "demande-signee-sha1"})
    assert done.returncode == 0, done.stdout[-3000:]
    [element] = [e for feature in json.loads(report.read_text("utf-8")) for e in feature["elements"]]
    assert element["verdict"] == "avertissement"
    assert any("AuthnRequest : RSA-SHA1, pas RSA-SHA256" in s["result"].get("error_message", "")
               for s in element["steps"]), element
