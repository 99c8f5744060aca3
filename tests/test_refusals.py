"""What a vendor reads when a check does not pass, from one run of a few checks against a
reference stack with three faults:
- harness.refusals: when ÉduConnect refused what the ENT sent (here unsigned LogoutRequests),
  the failure says so first, in French with the rule, in the terminal and in the Cucumber
  report (which the HTML report and JUnit read too); a warning without a refusal has no such
  paragraph;
- a signature recommendation's warning names the algorithm the ENT used (here RSA-SHA1);
- harness.clock_tolerance: the run ends with the offsets the ENT accepted and refused (here it
  tolerates none), in the terminal and in the report's header."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from pytest_bdd.scenario import make_python_name

from proof_table import SIGNED_REQUESTS, SINGLE_LOGOUT
from harness.suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
FAULTS = "deconnexion-non-signee,demande-signee-sha1,horloge-sans-tolerance"
EXPLANATION = "ÉduConnect a refusé ce que l'ENT lui a envoyé pendant ce scénario :"
UNSIGNED_LOGOUT = ("  - demande de déconnexion de l'ENT : la demande n'est pas signée (ni SigAlg ni Signature) ; "
                   "ÉduConnect exige la signature des demandes de déconnexion [Profiles 4.4.4.1]")
NO_TOLERANCE = ("  avance de l'horloge d'ÉduConnect : 2 s refusée, 30 s refusée, 1 min refusée, 5 min refusée, "
                "10 min refusée")


def test_failures_and_warnings_say_what_the_ent_did(tmp_path):
    from harness.target_mode import FAULTS_ENV

    report = tmp_path / "cucumber.json"
    selection = f"test_{make_python_name(SINGLE_LOGOUT)} or test_{make_python_name(SIGNED_REQUESTS)} or horloge"
    done = subprocess.run(
        [*SUITE_PYTEST, "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "-p", "harness.cucumber_report", f"--cucumber-report={report}", f"--output={tmp_path / 'traces'}",
         "--sans-trace", "-k", selection],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, env={**os.environ, FAULTS_ENV: FAULTS})
    assert done.returncode == 1, done.stdout[-3000:]  # the logout requirement failed; the rest warned or passed
    elements = {e["name"]: e for feature in json.loads(report.read_text("utf-8")) for e in feature["elements"]}
    messages = {name: [s["result"]["error_message"] for s in e["steps"] if s["result"].get("error_message")]
                for name, e in elements.items()}

    failure = done.stdout[done.stdout.index("FAILURES"):]
    assert failure.splitlines()[2:4] == [EXPLANATION, UNSIGNED_LOGOUT], failure[:2000]
    [logout] = messages[SINGLE_LOGOUT]
    assert logout.startswith(f"{EXPLANATION}\n{UNSIGNED_LOGOUT}\n\n") and "TimeoutError" in logout

    assert elements[SIGNED_REQUESTS]["verdict"] == "avertissement"
    assert any("AuthnRequest : RSA-SHA1, pas RSA-SHA256" in m for m in messages[SIGNED_REQUESTS])

    clock_warnings = [m for name, e in elements.items()
                      if e.get("verdict") == "avertissement" and name != SIGNED_REQUESTS for m in messages[name]]
    assert len(clock_warnings) >= 3 and not any(EXPLANATION in m for m in clock_warnings)  # nothing was refused
    assert NO_TOLERANCE in done.stdout, done.stdout[-3000:]
    page = (tmp_path / "index.html").read_text("utf-8")  # the report's header says it too
    assert f"<p>{NO_TOLERANCE.strip()}</p>".replace("'", "&#x27;") in page
