"""Accessibility in every run: each distinct page a scenario visits is checked with axe-core.

Every browser context of a test (pytest-playwright's `new_context`, so `context` and `page`)
runs harness/accessibility.js in each document. Once a page has loaded it computes the
page's key and asks this process whether a page with that key was checked yet; only then
does this process define axe-core in the page (harness/vendor/axe-core, French messages) for
the script to run it: the pages not checked, most of them, never receive it. So each
distinct page is checked once per process (per xdist worker). The key is the host and the
path without query (ids and tokens left out: all-digit segments, long ones with a digit) and
a hash of the page's structure: the
distinct (element, id, class, role, type) of its body, digits left out. The same screen with
other data has the same key; an error state, which adds elements, has its own.

At the end of the test, the checks still running in its open pages are awaited, then:
- a `serious` or `critical` violation on a page of the reference stack fails the scenario (even a
  @recommandation one: harness.verdicts.Requirement), with a French message naming each page, rule,
  impact, RGAA criterion and elements;
- in target mode, those on the ENT's pages (the host of the profile's ENT URL) are
  recommendations: the scenario gets the suite's warning (harness.verdicts.Recommendation);
- every page checked goes into the scenario's Cucumber element (`accessibilite`), where the
  HTML report's « Accessibilité » section reads them, violations of every impact included.
A scenario that failed otherwise keeps its own failure; its pages with a serious violation
are checked again by the next scenario that visits them. The traced second run of a failed
scenario (harness.evidence) checks again the pages that failed the first. Proofs (a stack broken
on purpose, harness.proofs) are not checked. A page that leaves before its load event (the SAML
auto-post pages) is not checked. `--sans-accessibilite` turns the check off.
"""
from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Error

from .axe_results import AXE, PROPERTY, PageCheck, axe_version, describe
from .cucumber_report import annotate, is_scenario
from .evidence import is_second_run
from .proofs import is_proof
from .target_mode import target_run
from .timeouts import ACTION_MS
from .verdicts import Recommendation, Requirement

SCRIPT = Path(__file__).with_suffix(".js")
WANTED, RESULT, DONE = "__conformiteAccessibiliteVoulue", "__conformiteAccessibiliteResultat", "__conformiteAccessibilite"

_CHECKS = pytest.StashKey["Checks"]()
_FLAGGED = pytest.StashKey[frozenset]()  # keys that failed or warned in an item's first run
_CHECKED = pytest.StashKey[set]()  # keys checked in this process


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("playwright").addoption(
        "--sans-accessibilite", action="store_true", default=False,
        help="ne pas vérifier l'accessibilité des pages visitées (axe-core)")


@functools.cache
def axe_definition() -> str:
    """A function that defines axe-core, with its French messages, in the page it runs in."""
    axe = (AXE / "axe.min.js").read_text("utf-8")
    french = (AXE / "fr.json").read_text("utf-8")
    return f"() => {{ if (window.axe) return;\n{axe}\n;window.axe.configure({{ locale: {french} }}); }}"


@dataclass
class Checks:
    """The pages one test had checked, in every browser context it opened."""

    checked: set[str]  # this process's
    vendor_host: str | None
    recheck: frozenset[str] = frozenset()
    found: dict[str, PageCheck] = field(default_factory=dict)
    contexts: list[BrowserContext] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.expose_binding(WANTED, self._wanted)
        context.expose_binding(RESULT, self._result)
        context.add_init_script(path=SCRIPT)
        self.contexts.append(context)

    def _wanted(self, source: dict[str, Any], key: str) -> bool:
        """Whether the page should be checked; if so, axe-core is defined in it first."""
        if key in self.found or (key in self.checked and key not in self.recheck):
            return False
        try:
            source["frame"].evaluate(axe_definition())
        except Error:  # the page left meanwhile: unchecked, as a page left mid-check
            return False
        return True

    def _result(self, source: dict[str, Any], data: dict[str, Any]) -> None:
        page = PageCheck.from_json(data)
        page.vendor = self.vendor_host is not None and urlsplit(page.url).hostname == self.vendor_host
        self.checked.add(page.key)
        self.found.setdefault(page.key, page)

    def finish(self) -> None:
        """Wait for the checks still running in the open pages (a page that is navigating is left)."""
        for context in self.contexts:
            for page in context.pages:
                try:
                    page.evaluate(f"ms => Promise.race([window.{DONE}, new Promise(r => setTimeout(r, ms))])",
                                  ACTION_MS)
                except Error:
                    pass

    def forget_blocking(self) -> None:
        """The test failed otherwise: its pages with a serious violation are for the next test to check."""
        self.checked.difference_update(p.key for p in self.found.values() if p.blocking)


def vendor_host(config: pytest.Config) -> str | None:
    """In target mode, the host of the ENT under test (its pages' violations are recommendations)."""
    run = target_run(config)
    return urlsplit(run.profile.ent_url).hostname if run is not None else None


@pytest.fixture(scope="session")
def accessibility_vendor_host(pytestconfig: pytest.Config) -> str | None:
    return vendor_host(pytestconfig)


@pytest.fixture
def new_context(new_context, request: pytest.FixtureRequest, accessibility_vendor_host):
    """pytest-playwright's contexts, each watched by this test's accessibility check."""
    if request.config.getoption("sans_accessibilite") or not is_scenario(request.node) or is_proof(request.node):
        return new_context  # a proof runs against a stack broken on purpose
    item = request.node
    checks = item.stash[_CHECKS] = Checks(
        request.config.stash.setdefault(_CHECKED, set()), accessibility_vendor_host,
        item.stash.get(_FLAGGED, frozenset()) if is_second_run(item) else frozenset())

    def watched(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        checks.watch(context)
        return context

    return watched


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        result = yield
    except BaseException:
        checks = item.stash.get(_CHECKS, None)
        if checks is not None:
            checks.forget_blocking()
            _record(item, checks)
        raise
    checks = item.stash.get(_CHECKS, None)
    if checks is None:
        return result
    checks.finish()
    _record(item, checks)
    ours = [p for p in checks.found.values() if p.blocking and not p.vendor]
    theirs = [p for p in checks.found.values() if p.blocking and p.vendor]
    if not is_second_run(item):
        item.stash[_FLAGGED] = frozenset(p.key for p in ours + theirs)
    if ours:
        raise Requirement(failure_text(ours, theirs))
    if theirs:
        raise Recommendation(recommendation_text(theirs))
    return result


def _record(item: pytest.Item, checks: Checks) -> None:
    annotate(item, PROPERTY, [asdict(p) for p in checks.found.values()])
    del item.stash[_CHECKS]


# --- French messages ------------------------------------------------------------------------------


def failure_text(ours: list[PageCheck], theirs: list[PageCheck]) -> str:
    text = ["Accessibilité : des pages de la pile de référence enfreignent des règles de gravité sérieuse ou "
            f"critique (axe-core {axe_version()}) :", *describe(ours)]
    if theirs:
        text += ["Et, recommandations pour les pages de l'ENT testé :", *describe(theirs)]
    return "\n".join(text)


def recommendation_text(theirs: list[PageCheck]) -> str:
    return "\n".join([f"Accessibilité : des pages de l'ENT enfreignent des règles de gravité sérieuse ou critique "
                      f"(axe-core {axe_version()}) ; à corriger, le passage n'échoue pas pour elles :",
                      *describe(theirs)])
