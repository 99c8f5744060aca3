"""harness.evidence: a failed scenario gets a screenshot and the trace of a second,
traced run; the verdict stays the first run's; a passing scenario leaves nothing."""
from __future__ import annotations

import html as html_text
import json
import xml.etree.ElementTree as ET

import mini_project
import pytest

pytest_plugins = ["pytester"]


FEATURE = """\
# language: fr
Fonctionnalité: Preuves d'un échec
  Scénario: Toujours juste
    Soit une page "Bonjour"
    Alors le titre est "Bonjour"

  Scénario: Juste la seconde fois
    Soit une page "Bonjour"
    Alors le titre est juste à la seconde exécution
"""

CONFTEST = mini_project.CONFTEST + """

@then("le titre est juste à la seconde exécution")
def right_the_second_time(page):
    runs = Path("runs.txt")
    runs.write_text(runs.read_text() + "x" if runs.exists() else "x")
    assert len(runs.read_text()) > 1, "première exécution : faux exprès"
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    return mini_project.make(pytester, monkeypatch, ini="[pytest]\nbdd_features_base_dir = features\n",
                             conftest=CONFTEST, feature="preuves.feature", files={"preuves.feature": FEATURE})


ARGS = ("--junitxml=reports/junit.xml", "--cucumber-report=reports/cucumber.json", "--output=reports/traces")


def test_an_intermittent_failure_stays_a_failure_with_the_second_runs_trace(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(*ARGS)
    result.assert_outcomes(passed=1, failed=1)
    assert (project.path / "runs.txt").read_text() == "xx"  # run twice: once judged, once traced
    suite = ET.parse(project.path / "reports" / "junit.xml").getroot()
    assert suite.find("testsuite").get("failures") == "1"
    cucumber = json.loads((project.path / "reports" / "cucumber.json").read_text(encoding="utf-8"))
    statuses = {e["name"]: [s["result"]["status"] for s in e["steps"]] for e in cucumber[0]["elements"]}
    assert statuses == {"Toujours juste": ["passed", "passed"], "Juste la seconde fois": ["passed", "failed"]}

    traces = project.path / "reports" / "traces"
    [folder] = [d for d in traces.iterdir()]  # nothing at all for the passing scenario
    assert "seconde-fois" in folder.name
    assert sorted(p.name for p in folder.iterdir()) == ["etape-en-echec.png", "trace.zip"]
    html = (project.path / "reports" / "index.html").read_text(encoding="utf-8")
    assert html_text.escape("elle a réussi : l'échec est intermittent") in html
    result.stdout.fnmatch_lines(["*la seconde exécution, tracée, a réussi : échec intermittent*"])


def test_without_trace_a_failure_is_run_once(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(*ARGS, "--sans-trace")
    result.assert_outcomes(passed=1, failed=1)
    assert (project.path / "runs.txt").read_text() == "x"
    [folder] = [d for d in (project.path / "reports" / "traces").iterdir()]
    assert [p.name for p in folder.iterdir()] == ["etape-en-echec.png"]
