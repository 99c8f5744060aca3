"""Cucumber JSON report plugin (harness.cucumber_report), serial and under xdist."""

from __future__ import annotations

import base64
import json
from typing import Any

import mini_project
import pytest

pytest_plugins = ["pytester"]

REPORT = "out/cucumber.json"
PNG = b"\x89PNG\r\n\x1a\nfake-screenshot"

FEATURE = """\
# language: fr
@demo
Fonctionnalité: Parcours de démonstration
  Un parent se connecte à l'ENT.

  @passant
  Scénario: Connexion réussie
    Soit un parent inscrit
    Quand il se connecte
    Alors il voit son tableau de bord

  @echec
  Scénario: Mot de passe refusé
    Soit un parent inscrit
    Quand il saisit un mauvais mot de passe
    Alors il voit son tableau de bord

  @skip
  Scénario: Scénario ignoré
    Soit un parent inscrit
    Quand il se connecte

  Plan du scénario: Connexion du profil <profil>
    Soit un parent inscrit
    Quand il se connecte en tant que <profil>
    Alors il voit son tableau de bord
    Et il est accueilli

    @exemples
    Exemples:
      | profil |
      | parent |
      | tuteur |
"""

EDGE_FEATURE = """\
# language: fr
Fonctionnalité: Cas limites

  Contexte:
    Soit un parent inscrit

  Scénario: Étape non définie
    Quand il fait une chose inconnue
    Alors il voit son tableau de bord

  Scénario: Ignoré en cours de route
    Quand il est ignoré en cours de route
    Alors il voit son tableau de bord

  @setup_error
  Scénario: Erreur de préparation
    Quand il se connecte

  @regle
  Règle: Une règle
    @dans_regle
    Scénario: Dans une règle
      Quand il se connecte
"""

CONFTEST = """\
import pytest
from pytest_bdd import given, parsers, then, when

from harness.cucumber_report import attach

PNG = %r


@given("un parent inscrit")
def parent():
    pass


@when("il se connecte")
def login():
    pass


@when("il saisit un mauvais mot de passe")
def bad_password():
    assert 1 + 1 == 3, "mot de passe refusé"


@when(parsers.parse("il se connecte en tant que {profil}"))
def login_as(profil):
    assert profil in ("parent", "tuteur")


@when("il est ignoré en cours de route")
def skip_midway():
    pytest.skip("pas aujourd'hui")


@then("il voit son tableau de bord")
def dashboard():
    pass


@then("il est accueilli")
def welcomed():
    pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


@pytest.fixture(autouse=True)
def screenshot_on_failure(request):
    if request.node.get_closest_marker("setup_error"):
        raise RuntimeError("préparation impossible")
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        attach(request.node, PNG, "image/png")
""" % (PNG,)

INI = """\
[pytest]
bdd_features_base_dir = features
markers =
    demo
    passant
    echec
    exemples
    setup_error
    regle
    dans_regle
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    return mini_project.make(pytester, monkeypatch, ini=INI, conftest=CONFTEST, feature="demo.feature",
                             files={"demo.feature": FEATURE})


def run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, list[dict[str, Any]]]:
    report = pytester.path / REPORT
    if report.exists():
        report.unlink()
    result = pytester.runpytest_subprocess("-p", "harness.cucumber_report", f"--cucumber-report={REPORT}", *args)
    return result, json.loads(report.read_text(encoding="utf-8"))


def by_name(feature: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["name"]: element for element in feature["elements"]}


def statuses(element: dict[str, Any]) -> list[str]:
    return [step["result"]["status"] for step in element["steps"]]


def normalized(report: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop what legitimately differs between runs: durations and traceback text."""

    def clean(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: clean(v) for k, v in node.items() if k not in ("duration", "error_message")}
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node

    return clean(report)


def test_serial_report(project: pytest.Pytester) -> None:
    result, report = run(project)
    result.assert_outcomes(passed=3, failed=1, skipped=1)

    assert len(report) == 1
    [feature] = report
    assert feature["keyword"] == "Fonctionnalité"
    assert feature["name"] == "Parcours de démonstration"
    assert feature["uri"] == "features/demo.feature"
    assert feature["line"] == 3
    assert feature["description"].strip() == "Un parent se connecte à l'ENT."
    assert feature["tags"] == [{"name": "@demo", "line": 2}]
    assert len(feature["elements"]) == 5
    assert len({e["id"] for e in feature["elements"]}) == 5
    # Sorted by line, then name.
    assert [e["line"] for e in feature["elements"]] == [7, 13, 19, 23, 23]

    elements = by_name(feature)
    passed = elements["Connexion réussie"]
    assert passed["type"] == "scenario"
    assert passed["keyword"] == "Scénario"
    assert passed["tags"] == [{"name": "@passant", "line": 6}]
    assert [s["keyword"] for s in passed["steps"]] == ["Soit ", "Quand ", "Alors "]
    assert [s["name"] for s in passed["steps"]] == ["un parent inscrit", "il se connecte", "il voit son tableau de bord"]
    assert [s["line"] for s in passed["steps"]] == [8, 9, 10]
    assert statuses(passed) == ["passed"] * 3
    assert all(s["match"]["location"].startswith("conftest.py:") for s in passed["steps"])
    assert all(isinstance(s["result"]["duration"], int) for s in passed["steps"])

    failed = elements["Mot de passe refusé"]
    assert statuses(failed) == ["passed", "failed", "skipped"]
    assert "mot de passe refusé" in failed["steps"][1]["result"]["error_message"]
    assert "error_message" not in failed["steps"][0]["result"]
    assert "error_message" not in failed["steps"][2]["result"]

    skipped = elements["Scénario ignoré"]
    assert skipped["tags"] == [{"name": "@skip", "line": 18}]
    assert statuses(skipped) == ["skipped", "skipped"]

    for profil in ("parent", "tuteur"):
        outline = elements[f"Connexion du profil {profil}"]
        assert outline["keyword"] == "Plan du scénario"
        assert [s["keyword"] for s in outline["steps"]] == ["Soit ", "Quand ", "Alors ", "Et "]
        assert outline["steps"][1]["name"] == f"il se connecte en tant que {profil}"
        assert outline["tags"] == [{"name": "@exemples", "line": 29}]
        assert statuses(outline) == ["passed"] * 4


def test_parallel_report_equals_serial(project: pytest.Pytester) -> None:
    _, serial = run(project)
    result, parallel = run(project, "-n", "2")
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    assert len(parallel[0]["elements"]) == 5
    assert normalized(parallel) == normalized(serial)
    failed = by_name(parallel[0])["Mot de passe refusé"]
    assert "mot de passe refusé" in failed["steps"][1]["result"]["error_message"]


@pytest.mark.parametrize("args", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_embedding_lands_on_failed_step(project: pytest.Pytester, args: tuple[str, ...]) -> None:
    _, report = run(project, *args)
    elements = by_name(report[0])
    failed_step = elements["Mot de passe refusé"]["steps"][1]
    assert failed_step["embeddings"] == [{"mime_type": "image/png", "data": base64.b64encode(PNG).decode()}]
    others = [s for e in report[0]["elements"] for s in e["steps"] if s is not failed_step]
    assert not any("embeddings" in s for s in others)


def test_edge_cases(project: pytest.Pytester) -> None:
    (project.path / "features" / "edge.feature").write_text(EDGE_FEATURE, encoding="utf-8")
    project.makepyfile(
        test_edge='from pytest_bdd import scenarios\n\nscenarios("edge.feature")\n\n\ndef test_plain():\n    pass\n'
    )
    result, report = run(project, "test_edge.py")
    result.assert_outcomes(passed=2, failed=1, skipped=1, errors=1)

    [feature] = report
    assert feature["uri"] == "features/edge.feature"
    elements = by_name(feature)
    assert len(elements) == 4  # the plain test is not reported

    undefined = elements["Étape non définie"]
    assert [s["keyword"] for s in undefined["steps"]] == ["Soit ", "Quand ", "Alors "]  # background included
    assert statuses(undefined) == ["passed", "undefined", "skipped"]
    assert "Step definition is not found" in undefined["steps"][1]["result"]["error_message"]

    assert statuses(elements["Ignoré en cours de route"]) == ["passed", "skipped", "skipped"]

    setup_error = elements["Erreur de préparation"]
    assert statuses(setup_error) == ["skipped", "skipped"]
    [before] = setup_error["before"]
    assert before["result"]["status"] == "failed"
    assert "préparation impossible" in before["result"]["error_message"]

    in_rule = elements["Dans une règle"]
    assert statuses(in_rule) == ["passed", "passed"]
    assert in_rule["tags"] == [{"name": "@dans_regle", "line": 21}, {"name": "@regle", "line": 19}]


def test_disabled_by_default(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("-p", "harness.cucumber_report")
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    assert not (project.path / "out").exists()
