"""The living-documentation page (harness.html_report) on recorded runs and on a real parallel run."""
from __future__ import annotations

import base64
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import mini_project
import pytest

from harness import traceability
from harness.html_report import Artifacts, main, render_html, summary_lines

pytest_plugins = ["pytester"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "reports"
WHEN = dt.datetime(2026, 9, 1, 8, 30)

GUIDE = """\
[guide]
title = "Guide de test"

[sections]
1 = "1. Accédez au service EduConnect"

[[statement]]
id = "G1-ENT-1"
section = 1
quote = '''Vous souhaitez vous connecter en tant que ...'''

[[statement]]
id = "G1-ENT-3"
section = 1
quote = '''Pour consulter la charte d'utilisation, cliquez ici'''

[[statement]]
id = "G1-EC-6"
section = 1
quote = '''Se connecter'''

[[statement]]
id = "G1-ACT-3"
section = 1
quote = '''3. Saisissez le code de sécurité reçu par SMS ou mail pour valider votre identité.'''

[[statement]]
id = "G1-LET-1"
section = 1
quote = '''Vous avez reçu un mail de la direction de l'établissement scolaire. Cliquez sur le lien.'''
pending = "Courrier de l'école (issue 4)."
"""


def recorded(*names: str) -> list[dict[str, Any]]:
    """Recorded cucumber.json files merged into one report (one feature per uri)."""
    features: dict[str, dict[str, Any]] = {}
    for name in names:
        for feature in json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")):
            target = features.setdefault(feature["uri"], {**feature, "elements": []})
            target["elements"] += feature["elements"]
    return list(features.values())


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    path = tmp_path / "guide.toml"
    path.write_text(GUIDE, encoding="utf-8")
    return path


def page(features: list[dict[str, Any]], guide: Path | None = None, **kwargs: Any) -> str:
    return render_html(features, guide_path=guide, generated=WHEN, **kwargs)


def matrix_row(html: str, statement_id: str) -> str:
    match = re.search(rf'<tr class="statement" id="st-{re.escape(statement_id)}".*?</tr>', html, re.S)
    assert match, f"no matrix row for {statement_id}"
    return match.group(0)


class _Balance(HTMLParser):
    """Fails on an unclosed or mismatched element (void elements aside)."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "col", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def assert_well_formed(html: str) -> None:
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.stack == []


def assert_self_contained(html: str) -> None:
    """Nothing is loaded from the network: no http(s) resource, stylesheet or script file."""
    attrs = re.findall(r'\b(?:src|href|action|poster|data)\s*=\s*"([^"]*)"', html)
    assert not [a for a in attrs if re.match(r"\s*(https?:)?//", a)], "external URL in an attribute"
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html), "external URL in CSS"
    assert "@import" not in html
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link[^>]*stylesheet", html)
    assert "default-src 'none'" in html  # the CSP forbids any fetch anyway


# --- recorded runs -----------------------------------------------------------------------------


def test_passed_run(guide: Path) -> None:
    html = page(recorded("passed"), guide)
    assert_well_formed(html)
    assert_self_contained(html)
    assert '<html lang="fr">' in html
    assert "La connexion à l&#x27;ENT avec EduConnect" in html
    assert "choisit le profil « Parent »" in html  # the feature's description
    assert 'data-status="passed"' in html
    assert "Aucun scénario en échec." in html
    assert "j&#x27;ouvre la page de connexion de l&#x27;ENT" in html
    assert "910 ms" in html  # a step's duration
    assert '<b>1</b>réussis' in html and '<b>0</b>en échec' in html


def test_failed_run_carries_error_screenshot_and_trace(guide: Path) -> None:
    features = recorded("failed")
    shot = features[0]["elements"][0]["steps"][-1]["embeddings"][0]["data"]
    uri, element_id = features[0]["uri"], features[0]["elements"][0]["id"]
    trace = "reports/traces/steps-test-features-py-test-la-charte/trace.zip"
    html = page(
        features,
        guide,
        artifacts={(uri, element_id): Artifacts(nodeid="steps/test_features.py::test_la_charte", traces=[trace])},
        html_dir=REPO_ROOT / "reports",
        base_dir=REPO_ROOT,
    )
    assert_well_formed(html)
    assert_self_contained(html)
    assert 'data-status="failed"' in html
    assert "Échecs (1)" in html
    assert f'src="data:image/png;base64,{shot}"' in html
    assert "Locator expected to have text" in html  # the short error, from pytest's E lines
    # above it, in French (harness.failure_words)
    assert ("Attendu : le texte « Charte d&#x27;utilisation de l&#x27;ENT » ; la page affichait : un texte vide"
            in html)
    assert 'href="traces/steps-test-features-py-test-la-charte/trace.zip"' in html
    assert f".venv/bin/playwright show-trace {trace}" in html
    assert "steps/test_features.py::test_la_charte" in html
    assert 'class="badge failed">en échec' in matrix_row(html, "G1-ENT-3")


def test_failure_without_embedding_uses_playwright_screenshot(guide: Path, tmp_path: Path) -> None:
    features = recorded("failed")
    step = features[0]["elements"][0]["steps"][-1]
    png = base64.b64decode(step.pop("embeddings")[0]["data"])
    (tmp_path / "shot").mkdir()
    (tmp_path / "shot" / "test-failed-1.png").write_bytes(png)
    key = (features[0]["uri"], features[0]["elements"][0]["id"])
    html = page(features, guide, artifacts={key: Artifacts(nodeid="x", screenshots=["shot/test-failed-1.png"])},
                base_dir=tmp_path, html_dir=tmp_path)
    assert f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in html
    assert "Pas de trace Playwright pour ce test" in html


def test_command_line_finds_the_trace_folder(guide: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m harness.html_report` has no node ids: it finds the folder named after the test."""
    reports = tmp_path / "reports"
    folder = reports / "traces" / "steps-test-features-py-test-la-charte-dutilisation-souvre-depuis-la-page-dauthentification"
    folder.mkdir(parents=True)
    (folder / "trace.zip").write_bytes(b"PK")
    (reports / "traces" / "steps-test-features-py-test-autre-chose").mkdir()
    (reports / "cucumber.json").write_text(json.dumps(recorded("failed", "passed")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["reports/cucumber.json", "--guide", str(guide), "--features", str(tmp_path / "none")]) == 0
    html = (reports / "index.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    assert f'href="traces/{folder.name}/trace.zip"' in html
    assert f".venv/bin/playwright show-trace reports/traces/{folder.name}/trace.zip" in html


def test_skipped_run(guide: Path) -> None:
    html = page(recorded("skipped"), guide)
    assert_well_formed(html)
    assert 'data-status="skipped"' in html
    assert '<b>1</b>ignorés' in html
    assert 'class="badge not-run">non lancé' in matrix_row(html, "G1-EC-6")


def test_matrix_rows(guide: Path) -> None:
    html = page(recorded("passed", "failed", "skipped"), guide)
    assert_well_formed(html)
    assert_self_contained(html)
    assert "Matrice de traçabilité du guide" in html
    for sid in ("G1-ENT-1", "G1-ENT-3", "G1-EC-6", "G1-ACT-3", "G1-LET-1"):
        assert f'id="st-{sid}"' in html
    assert 'class="badge ok">conforme' in matrix_row(html, "G1-ENT-1")
    assert "La page d&#x27;authentification de l&#x27;ENT propose les cinq profils" in matrix_row(html, "G1-ENT-1")
    assert 'class="badge failed">en échec' in matrix_row(html, "G1-ENT-3")
    pending = matrix_row(html, "G1-LET-1")
    assert 'class="badge pending">en attente' in pending and "Courrier de l&#x27;école (issue 4)." in pending
    # A statement no scenario tags and not pending: the gate fails, the page says so.
    assert 'class="badge uncovered">non couvert' in matrix_row(html, "G1-ACT-3")
    # Scenario -> statement, too.
    assert 'href="#st-G1-ENT-3"' in html
    # Filters: by status and by tag, with the statement ids among the tags.
    assert 'data-status="failed">En échec</button>' in html
    assert '<option value="G1-ENT-3">@G1-ENT-3</option>' in html and '<option value="ent">@ent</option>' in html


def test_matrix_shows_tagged_scenarios_not_run(guide: Path, tmp_path: Path) -> None:
    features_dir = tmp_path / "features"
    features_dir.mkdir()
    (features_dir / "code.feature").write_text(
        "# language: fr\nFonctionnalité: Code\n\n  @G1-ACT-3\n  Scénario: Saisir le code\n    Soit un code\n",
        encoding="utf-8",
    )
    html = page(recorded("passed"), guide, features_dir=features_dir, root=tmp_path)
    row = matrix_row(html, "G1-ACT-3")
    assert "Saisir le code" in row and 'class="badge not-run">non lancé' in row
    assert "features/code.feature:5" in row
    # A partial run says so, and claims only the statements it checked.
    assert "Passage partiel : 1 des 2 scénarios des fonctionnalités ont été lancés." in html
    assert "<b>1/5</b>énoncés du guide vérifiés dans ce passage" in html
    assert "<b>1</b>énoncés non lancés" in html


def test_matrix_names_each_example_of_an_outline(guide: Path, tmp_path: Path) -> None:
    features_dir = tmp_path / "features"
    features_dir.mkdir()
    (features_dir / "code.feature").write_text(
        "# language: fr\nFonctionnalité: Code\n\n  @G1-ACT-3\n  Plan du scénario: Saisir le code <canal>\n"
        "    Soit un code <canal>\n\n    Exemples:\n      | canal |\n      | par SMS |\n      | par mail |\n",
        encoding="utf-8",
    )
    [feature] = recorded("passed")
    template = feature["elements"][0]
    examples = [dict(template, keyword="Plan du scénario", line=5, name=f"Saisir le code {canal}",
                     id=f"code;saisir-le-code-<canal>;{n}", tags=[{"name": "@G1-ACT-3", "line": 4}],
                     steps=[dict(template["steps"][0], name=f"un code {canal}")])
                for n, canal in enumerate(("par SMS", "par mail"), 1)]
    html = page([dict(feature, uri="features/code.feature", elements=examples)], guide,
                features_dir=features_dir, root=tmp_path)
    row = matrix_row(html, "G1-ACT-3")
    assert "Saisir le code par SMS" in row and "Saisir le code par mail" in row and "&lt;canal&gt;" not in row
    assert "&lt;canal&gt;" not in html


PLAYWRIGHT_NOT_VISIBLE = """\
E       AssertionError: Locator expected to be visible
E       Actual value: None
E       Error: element(s) not found
E       Call log:
E         - Expect "to_be_visible" get_by_text("Veuillez saisir le code.", exact=True) with timeout 5000ms
E         - waiting for get_by_text("Veuillez saisir le code.", exact=True)
E
E       Aria snapshot:
E       - banner:
E         - paragraph: ÉduConnect
E       - main:
E         - heading "Code de sécurité" [level=1]
E         - alert: Le code saisi est incorrect.
E         - button "Valider"
"""
PLAYWRIGHT_CLICK = """\
E           playwright._impl._errors.TimeoutError: Locator.click: Timeout 10000ms exceeded.
E           Call log:
E             - waiting for get_by_role("link", name="Retour à l'ENT", exact=True)
"""
PLAYWRIGHT_URL = """\
E       AssertionError: Page URL expected to match regex 'http://ent.localhost/accueil'
E       Actual value: http://educonnect.localhost/idp/profile/SAML2/Redirect/SSO?execution=e1s2
E       Call log:
E         - Expect "to_have_url" with timeout 5000ms
"""


@pytest.mark.parametrize(("step", "message", "shown", "said"), [
    ('le message "Veuillez saisir le code." s\'affiche', PLAYWRIGHT_NOT_VISIBLE, None,
     "Attendu : le texte « Veuillez saisir le code. » ; la page affichait : le titre « Code de sécurité », "
     "le message « Le code saisi est incorrect. »"),
    ('je clique sur le lien "Retour à l\'ENT"', PLAYWRIGHT_CLICK,
     {"url": "http://educonnect.localhost/compte", "title": "Mon compte – ÉduConnect",
      "aria": '- main:\n  - heading "Mon compte" [level=1]'},
     "Attendu : le lien « Retour à l'ENT », pour agir dessus ; la page affichait : le titre « Mon compte »"),
    ("je suis connecté à l'ENT à mon nom", PLAYWRIGHT_URL, None,
     "Attendu : l'adresse « http://ent.localhost/accueil » ; la page était à l'adresse : "
     "« http://educonnect.localhost/idp/profile/SAML2/Redirect/SSO?execution=e1s2 »"),
    ("son mot de passe fonctionne toujours", "E       AssertionError: 3 mails", None,
     "Attendu : « son mot de passe fonctionne toujours »."),
])
def test_a_failure_in_french(step: str, message: str, shown: dict | None, said: str) -> None:
    from harness.failure_words import explain

    assert explain(step, message, shown) == said


def test_report_without_guide_or_scenarios() -> None:
    html = page([])
    assert_well_formed(html)
    assert "Aucun scénario n&#x27;a été exécuté dans ce passage." in html or "Aucun scénario n'a été exécuté" in html
    assert "pas de matrice" in html


def test_guide_with_an_uncovered_statement_fails_the_gate(guide: Path, tmp_path: Path) -> None:
    features_dir = tmp_path / "features"
    features_dir.mkdir()
    (features_dir / "f.feature").write_text(
        "# language: fr\nFonctionnalité: F\n\n  @G1-ENT-1 @G1-ENT-3 @G1-EC-6\n  Scénario: S\n    Soit un pas\n",
        encoding="utf-8",
    )
    coverage = traceability.check(guide, features_dir, tmp_path)
    assert [(p.kind, p.message.split(" ")[0]) for p in coverage.problems] == [("uncovered", "G1-ACT-3")]


def test_terminal_summary_lines(guide: Path) -> None:
    features = recorded("passed", "failed", "skipped")
    lines = [text for text, _ in summary_lines(
        features, "reports/index.html", guide=traceability.load_guide(guide), scanned=[], wall_seconds=12.5)]
    assert lines[0] == "Scénarios : 1 réussi(s), 1 en échec, 1 ignoré(s) — 3 au total, 12,5 s"
    assert "  ✗ La charte d'utilisation s'ouvre depuis la page d'authentification  (features/connexion_ent.feature:32)" in lines
    assert any("guide G1-ENT-3 « Pour consulter la charte d'utilisation, cliquez ici »" in ln for ln in lines)
    assert any(ln.startswith("Guide : 2 énoncé(s) vérifié(s) dans ce passage sur 5") and "1 non lancé(s)" in ln
               and "1 NON COUVERT" in ln for ln in lines)
    assert lines[-1] == "Rapport : reports/index.html"
    assert len(lines) <= 24  # one screen


def test_recorded_parallel_run(guide: Path) -> None:
    """parallel.json: the cucumber.json of a real `-n 2` run of the tiny project below."""
    features = recorded("parallel")
    html = page(features, guide)
    assert_well_formed(html)
    assert_self_contained(html)
    assert html.count('class="scenario"') == 3
    assert 'data-status="passed"' in html and 'data-status="failed"' in html and 'data-status="skipped"' in html
    assert 'src="data:image/png;base64,' in html


# --- a real parallel run -------------------------------------------------------------------------

FEATURE = """\
# language: fr
@mini
Fonctionnalité: Mini parcours
  Une page s'ouvre dans Chromium.

  @G1-ENT-1
  Scénario: Le titre attendu s'affiche
    Soit une page "Vous souhaitez vous connecter en tant que ..."
    Alors le titre est "Vous souhaitez vous connecter en tant que ..."

  @G1-ENT-3
  Scénario: Le titre est faux
    Soit une page "Autre chose"
    Alors le titre est "Pour consulter la charte d'utilisation, cliquez ici"

  @G1-EC-6
  Scénario: Ignoré pour l'instant
    Soit une étape ignorée
"""

CONFTEST = mini_project.CONFTEST + """

@given("une étape ignorée")
def skipped():
    pytest.skip("pas encore")
"""

INI = """\
[pytest]
bdd_features_base_dir = features
markers =
    mini
    G1-ENT-1
    G1-ENT-3
    G1-EC-6
"""

ARGS = (
    "-n", "2",
    "--junitxml=reports/junit.xml", "--cucumber-report=reports/cucumber.json",
    "--output=reports/traces",
)


@pytest.fixture
def mini(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    return mini_project.make(pytester, monkeypatch, ini=INI, conftest=CONFTEST, feature="mini.feature",
                             files={"mini.feature": FEATURE, "guide.toml": GUIDE})


def test_parallel_run_writes_the_page(mini: pytest.Pytester) -> None:
    result = mini.runpytest_subprocess(*ARGS)
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    reports = mini.path / "reports"

    # The standard files stay standard.
    cucumber = json.loads((reports / "cucumber.json").read_text(encoding="utf-8"))
    assert len(cucumber[0]["elements"]) == 3
    suite = ET.parse(reports / "junit.xml").getroot()
    assert suite.find("testsuite").get("tests") == "3"

    html = (reports / "index.html").read_text(encoding="utf-8")
    assert_well_formed(html)
    assert_self_contained(html)
    for status in ("passed", "failed", "skipped"):
        assert f'data-status="{status}"' in html
    assert "Mini parcours" in html and "Une page s&#x27;ouvre dans Chromium." in html
    assert 'src="data:image/png;base64,' in html  # harness.evidence's screenshot of the failed step
    # The trace of the failed test's second run (harness.evidence), linked and openable.
    [link] = re.findall(r'href="(traces/[^"]+/trace\.zip)"', html)
    assert (reports / link).is_file()
    assert link.startswith("traces/test-mini-py-test-le-titre-est-faux")
    assert f".venv/bin/playwright show-trace reports/{link}" in html
    assert "seconde exécution du scénario, faite pour la garder ; elle a échoué elle aussi" in html
    assert 'class="badge failed">en échec' in matrix_row(html, "G1-ENT-3")
    assert 'class="badge ok">conforme' in matrix_row(html, "G1-ENT-1")
    assert 'class="badge pending">en attente' in matrix_row(html, "G1-LET-1")

    # The terminal summary, in the controller.
    result.stdout.fnmatch_lines([
        "*Conformité au guide des parents*",
        "Scénarios : 1 réussi(s), 1 en échec, 1 ignoré(s) — 3 au total, *",
        "  ✗ Le titre est faux  (features/mini.feature:12)",
        "      guide G1-ENT-3 « Pour consulter la charte d'utilisation, cliquez ici »",
        "      trace : .venv/bin/playwright show-trace reports/traces/test-mini-py-test-le-titre-est-faux*/trace.zip",
        "Guide : 2 énoncé(s) vérifié(s) dans ce passage sur 5 *",
        "Rapport : reports/index.html",
    ])


def test_html_report_option_and_no_report_without_cucumber(mini: pytest.Pytester) -> None:
    result = mini.runpytest_subprocess("-k", "ignoré")
    result.assert_outcomes(skipped=1)
    assert not (mini.path / "reports").exists()
    result = mini.runpytest_subprocess("--cucumber-report=out/c.json", "--html-report=elsewhere/page.html", "-k", "ignoré")
    assert (mini.path / "elsewhere" / "page.html").is_file()
    assert not (mini.path / "out" / "index.html").exists()


# --- on a phone, and for axe-core --------------------------------------------------------------


def axe_violations_and_width(browser, html: str, path: Path, width: int) -> tuple[list[tuple[str, str, int, str]], int]:
    """The page, every scenario open, checked by the vendored axe-core (as harness.accessibility checks
    the stack's pages) at this viewport width; and how wide the document is (wider: it scrolls sideways).
    `browser`: pytest-playwright's, the worker's own (a second sync Playwright in a worker that has
    one already refuses to start)."""
    from harness.axe_results import AXE

    path.write_text(html, encoding="utf-8")
    tab = browser.new_page(viewport={"width": width, "height": 900})
    try:
        tab.goto(path.as_uri())
        tab.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        tab.add_script_tag(content=(AXE / "axe.min.js").read_text("utf-8"))
        found = tab.evaluate("""async () => (await axe.run(document, { resultTypes: ["violations"] }))
            .violations.map((v) => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(" ")])""")
        scroll_width = tab.evaluate("() => document.documentElement.scrollWidth")
    finally:
        tab.context.close()
    return [tuple(v) for v in found], scroll_width


@pytest.mark.parametrize("width", [390, 1280])
def test_report_passes_axe_and_reads_on_a_phone(browser, guide: Path, tmp_path: Path, width: int) -> None:
    html = page(recorded("passed", "failed", "skipped", "parallel"), guide)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    violations, scroll_width = axe_violations_and_width(browser, html, tmp_path / "index.html", width)
    assert violations == []
    assert scroll_width <= width  # nothing makes the whole page scroll sideways
