"""The small browser projects some tests run with pytester: their conftest (the harness's
report and evidence plugins, the suite's Chromium, two steps on one page) and their making."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def make(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *, ini: str, conftest: str, feature: str,
         files: dict[str, str] | None = None) -> pytest.Pytester:
    """A project that imports this repository's harness: `ini`, `conftest`, a test module binding
    features/`feature`, and `files` (name -> text) in features/ (the feature itself among them)."""
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    pytester.makeini(ini)
    pytester.makeconftest(conftest)
    (pytester.path / "features").mkdir()
    for name, text in (files or {}).items():
        (pytester.path / "features" / name).write_text(text, encoding="utf-8")
    module = "test_" + feature.removesuffix(".feature")
    pytester.makepyfile(**{module: f'from pytest_bdd import scenarios\n\nscenarios("{feature}")\n'})
    return pytester


CONFTEST = """\
import pytest
from pathlib import Path
from pytest_bdd import given, parsers, then

from harness.browser import launch_args

pytest_plugins = ["harness.verdicts", "harness.cucumber_report", "harness.html_report", "harness.evidence"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, **launch_args()}


@given(parsers.parse('une page "{title}"'))
def a_page(page, title):
    page.set_content(f"<title>{title}</title><h1>{title}</h1>")


@then(parsers.parse('le titre est "{title}"'))
def the_title(page, title):
    assert page.title() == title
"""
