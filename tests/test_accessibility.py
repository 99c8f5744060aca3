"""harness.accessibility, on small pages with deliberate defects: a serious or critical violation fails
the scenario on the reference stack (a @recommandation one too), naming the page, the rule, its impact,
its RGAA criterion and the element, and shows in the report's « Accessibilité » section; a page is checked once per process, and
again by the traced second run of the scenario it failed; in target mode the same violation on the
ENT's pages is only a warning, while one on the reference's pages still fails."""
from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

import mini_project
import pytest

pytest_plugins = ["pytester"]


FEATURE = """\
# language: fr
Fonctionnalité: Accessibilité des pages
  Scénario: Un champ sans étiquette dans l'ENT
    Soit la page "/sans-etiquette" de "ent.localhost"
    Alors le titre est "Essai"

  Scénario: Le même champ, vu une seconde fois
    Soit la page "/sans-etiquette" de "ent.localhost"
    Alors le titre est "Essai"

  Scénario: Un texte trop pâle dans ÉduConnect
    Soit la page "/pale" de "educonnect.localhost"
    Alors le titre est "Essai"

  Scénario: Une page sans défaut
    Soit la page "/propre" de "ent.localhost"
    Alors le titre est "Essai"

  @recommandation
  Scénario: Un texte trop pâle dans ÉduConnect, vu par une recommandation
    Soit la page "/pale-aussi" de "educonnect.localhost"
    Alors le titre est "Essai"
"""

CONFTEST = mini_project.CONFTEST + '''
pytest_plugins.append("harness.accessibility")

BODIES = {
    "/sans-etiquette": '<input type="text" id="nom">',
    "/pale": '<p style="color: #aaaaaa">Texte trop pâle</p>',
    "/pale-aussi": '<p style="color: #aaaaaa">Texte trop pâle</p>',
    "/propre": '<label for="nom">Nom</label><input type="text" id="nom">',
}


@given(parsers.parse('la page "{path}" de "{host}"'))
def a_served_page(page, path, host):
    body = ('<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
            f"{BODIES[path]}</main></body></html>")
    page.route(f"http://{host}/**", lambda route: route.fulfill(body=body, content_type="text/html; charset=utf-8"))
    page.goto(f"http://{host}{path}")
'''

TARGET = '''

@pytest.fixture(scope="session")
def accessibility_vendor_host():
    return "ent.localhost"  # as harness.accessibility.vendor_host reads it from a target profile
'''

# in the order of the feature (pytest-randomly would shuffle it): the second visit comes after the first
ARGS = ("-p", "no:randomly", "--junitxml=reports/junit.xml", "--cucumber-report=reports/cucumber.json",
        "--output=reports/traces")
UNLABELLED = "Un champ sans étiquette dans l'ENT"
AGAIN = "Le même champ, vu une seconde fois"
PALE = "Un texte trop pâle dans ÉduConnect"
CLEAN = "Une page sans défaut"
PALE_RECOMMENDATION = "Un texte trop pâle dans ÉduConnect, vu par une recommandation"


def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, conftest: str) -> pytest.Pytester:
    return mini_project.make(pytester, monkeypatch, conftest=conftest, feature="pages.feature",
                             ini="[pytest]\nbdd_features_base_dir = features\nmarkers =\n    recommandation\n",
                             files={"pages.feature": FEATURE})


def elements(pytester: pytest.Pytester) -> dict[str, dict]:
    [feature] = json.loads((pytester.path / "reports" / "cucumber.json").read_text(encoding="utf-8"))
    return {e["name"]: e for e in feature["elements"]}


def messages(element: dict) -> str:
    parts = element["steps"] + element.get("after", [])
    return "\n".join(p["result"]["error_message"] for p in parts if p["result"].get("error_message"))


def test_on_the_reference_a_serious_violation_fails_the_scenario(pytester, monkeypatch) -> None:
    run = project(pytester, monkeypatch, CONFTEST)
    result = run.runpytest_subprocess(*ARGS)
    result.assert_outcomes(passed=2, failed=3)
    found = elements(run)
    unlabelled = messages(found[UNLABELLED])
    assert "Accessibilité : des pages de la pile de référence enfreignent" in unlabelled
    assert "- page « Essai » (ent.localhost/sans-etiquette) :" in unlabelled
    assert "· règle label (gravité critique, critère RGAA 11.1) :" in unlabelled
    assert '#nom : <input type="text" id="nom">' in unlabelled
    assert "· règle color-contrast (gravité sérieuse, critère RGAA 3.2) :" in messages(found[PALE])
    assert "verdict" not in found[PALE_RECOMMENDATION]  # a failure, even in a @recommandation scenario
    assert "Accessibilité" not in messages(found[AGAIN])  # the same page: checked once per process
    assert [p["where"] for p in found[UNLABELLED]["accessibilite"]] == ["ent.localhost/sans-etiquette"]
    assert found[AGAIN]["accessibilite"] == []
    assert [v["rule"] for v in found[CLEAN]["accessibilite"][0]["violations"]] == []

    cases = {c.get("name"): c for c in ET.parse(run.path / "reports" / "junit.xml").getroot().iter("testcase")}
    assert "règle label (gravité critique" in cases["test_un_champ_sans_étiquette_dans_lent"].find("failure").text

    page = (run.path / "reports" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="accessibilite">'):]
    assert "4 pages vérifiées : 3 en échec, 0 en avertissement" in section
    assert "<code>ent.localhost/sans-etiquette</code>" in section and "<code>#nom</code>" in section
    assert ('<td><span class="badge impact-critical">critique</span></td><td>11.1</td>' in section)
    assert html.escape("elle a échoué elle aussi") in page  # the traced second run checked the page again


def test_in_target_mode_the_ents_pages_only_warn(pytester, monkeypatch) -> None:
    run = project(pytester, monkeypatch, CONFTEST + TARGET)
    result = run.runpytest_subprocess(*ARGS, "--sans-trace", "-k", "étiquette or défaut")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*1 passed*1 avertissement in*"])
    found = elements(run)
    assert found[UNLABELLED]["verdict"] == "avertissement"
    warning = messages(found[UNLABELLED])
    assert warning.startswith("Avertissement (recommandation) : Accessibilité : des pages de l'ENT enfreignent")
    assert "· règle label (gravité critique, critère RGAA 11.1) :" in warning
    page = (run.path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "0 en échec, 1 en avertissement" in page and "(ENT testé)" in page


def test_in_target_mode_the_references_pages_still_fail(pytester, monkeypatch) -> None:
    run = project(pytester, monkeypatch, CONFTEST + TARGET)
    result = run.runpytest_subprocess(*ARGS, "--sans-trace", "-k", "pâle and not recommandation")
    result.assert_outcomes(failed=1)
    assert "règle color-contrast (gravité sérieuse" in messages(elements(run)[PALE])


def test_the_check_can_be_turned_off(pytester, monkeypatch) -> None:
    run = project(pytester, monkeypatch, CONFTEST)
    run.runpytest_subprocess(*ARGS, "--sans-accessibilite").assert_outcomes(passed=5)
