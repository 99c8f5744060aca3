"""harness.verdicts: a failed @recommandation is a warning everywhere (terminal, JUnit,
Cucumber JSON, HTML) and does not fail the run; a failed @exigence does."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import mini_project
import pytest

pytest_plugins = ["pytester"]

REPO_ROOT = Path(__file__).resolve().parents[1]

FEATURE = """\
# language: fr
Fonctionnalité: Niveaux de verdict
  @exigence
  Scénario: Une exigence suivie
    Soit une page "Bonjour"
    Alors le titre est "Bonjour"

  @recommandation
  Scénario: Une recommandation pas suivie
    Soit une page "Bonjour"
    Alors le titre est "Au revoir"
"""

FAILING_REQUIREMENT = """\
# language: fr
Fonctionnalité: Une exigence
  @exigence
  Scénario: Une exigence pas suivie
    Soit une page "Bonjour"
    Alors le titre est "Au revoir"
"""

ARGS = ("--junitxml=reports/junit.xml", "--cucumber-report=reports/cucumber.json", "--output=reports/traces")


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    return mini_project.make(pytester, monkeypatch, conftest=mini_project.CONFTEST, feature="verdicts.feature",
                             ini="[pytest]\nbdd_features_base_dir = features\nmarkers =\n    exigence\n    recommandation\n")


def test_a_recommendation_not_followed_is_a_warning_everywhere_and_the_run_passes(project: pytest.Pytester) -> None:
    (project.path / "features" / "verdicts.feature").write_text(FEATURE, encoding="utf-8")
    result = project.runpytest_subprocess(*ARGS)
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*1 passed*1 avertissement in*"])
    result.stdout.fnmatch_lines(["Scénarios : 1 réussi(s), 0 en échec, 1 avertissement(s), 0 ignoré(s)*",
                                 "Avertissements (recommandations non suivies*",
                                 "  ! Une recommandation pas suivie  (features/verdicts.feature:9)"])
    reports = project.path / "reports"

    cases = {c.get("name"): c for c in ET.parse(reports / "junit.xml").getroot().iter("testcase")}
    warned = cases["test_une_recommandation_pas_suivie"]
    assert warned.find("failure") is None and warned.find("error") is None
    properties = {p.get("name"): p.get("value") for p in warned.iter("property")}
    assert properties["verdict"] == "avertissement" and "Au revoir" in properties["avertissement"]
    assert "verdict" not in {p.get("name") for p in cases["test_une_exigence_suivie"].iter("property")}

    [feature] = json.loads((reports / "cucumber.json").read_text(encoding="utf-8"))
    elements = {e["name"]: e for e in feature["elements"]}
    element = elements["Une recommandation pas suivie"]
    assert element["verdict"] == "avertissement"
    step = element["steps"][1]["result"]
    assert step["status"] == "skipped" and step["error_message"].startswith("Avertissement (recommandation) :")
    assert "verdict" not in elements["Une exigence suivie"]

    page = (reports / "index.html").read_text(encoding="utf-8")
    assert 'data-status="warning"' in page and "Avertissements (1)" in page
    assert "Recommandation non suivie à l'étape" in page
    assert 'src="data:image/png;base64,' in page  # the warning keeps its evidence
    assert (reports / "traces").is_dir() and list((reports / "traces").rglob("trace.zip"))


def test_a_requirement_not_followed_fails_the_run(project: pytest.Pytester) -> None:
    (project.path / "features" / "verdicts.feature").write_text(FAILING_REQUIREMENT, encoding="utf-8")
    result = project.runpytest_subprocess(*ARGS, "--sans-trace")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(failed=1)


def test_every_conformance_check_has_one_verdict_level() -> None:
    from harness.traceability import scan_features

    checks = [sc for sc in scan_features(REPO_ROOT / "features" / "conformance", REPO_ROOT)]
    assert checks
    for check in checks:
        levels = {"exigence", "recommandation"} & set(check.tags)
        assert len(levels) == 1, f"« {check.name} » : {sorted(levels) or 'aucun niveau de verdict'}"
