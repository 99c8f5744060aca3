"""Evidence of a failed scenario, and nothing recorded for a passing one.

- A screenshot of the page at the failing step, attached to that step in the
  Cucumber report (so in reports/index.html) and kept as
  `reports/traces/<test>/etape-en-echec.png`.
- What the page showed then (its address, title and ARIA snapshot), for the report's
  French account of the failure (harness.failure_words).
- A Playwright trace: a scenario that failed is run once more at once, in the
  same worker, with pytest-playwright's tracing on (screenshots, DOM snapshots,
  sources); its `reports/traces/<test>/trace.zip` is attached to the failure.
  The verdict is the first run's, always: the second run's reports are never
  logged. The report says whether the second run failed too (when it passed,
  the failure is intermittent).

Tracing every scenario and throwing the trace away when it passes cost 14–30 %
of a passing scenario's time; a failure now costs one more run instead.
Disable the second run with `--sans-trace` (the screenshot stays).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from _pytest.runner import CallInfo, runtestprotocol

from .cucumber_report import annotate, attach, is_scenario, silenced
from .failure_words import PAGE_AT_FAILURE
from .html_report import SECOND_RUN
from .verdicts import is_warning

SCREENSHOT_NAME = "etape-en-echec.png"
_TRACING_RUN = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("playwright").addoption(
        "--sans-trace", action="store_true", default=False,
        help="ne pas rejouer un scénario en échec pour en garder la trace Playwright")


def _wants_evidence(item: pytest.Item) -> bool:
    """A scenario (its steps ask for the browser themselves), not a proof."""
    return is_scenario(item) and item.get_closest_marker("proof") is None


def is_second_run(item: pytest.Item) -> bool:
    return item.stash.get(_TRACING_RUN, False)


class _SameParents:
    """Stands for "the next item" in a teardown that ends only the item's own fixtures:
    its module's, its session's (the stack, the browser) stay up for a second run."""

    def __init__(self, item: pytest.Item) -> None:
        self._chain = item.listchain()[:-1]

    def listchain(self) -> list:
        return self._chain


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    if not _wants_evidence(item) or item.config.getoption("sans_trace"):
        return None
    ihook = item.ihook
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    reports = runtestprotocol(item, nextitem=_SameParents(item), log=False)
    if any(r.failed or is_warning(r) for r in reports):
        _second_run_with_trace(item, reports)
    # then what the next item does not share, as pytest's own teardown would have done
    rest = CallInfo.from_call(lambda: item.session._setupstate.teardown_exact(nextitem), when="teardown")
    if rest.excinfo is not None:
        reports[-1] = ihook.pytest_runtest_makereport(item=item, call=rest)
    for report in reports:
        ihook.pytest_runtest_logreport(report=report)
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _second_run_with_trace(item: pytest.Item, reports: list) -> None:
    option = item.config.option
    saved = option.tracing
    option.tracing = "on"
    item.stash[_TRACING_RUN] = True
    try:
        with silenced(item):
            again = runtestprotocol(item, nextitem=_SameParents(item), log=False)
    finally:
        option.tracing = saved
        item.stash[_TRACING_RUN] = False
    kept = [(name, value) for r in again for name, value in r.user_properties if name == "playwright_trace"]
    outcome = "failed" if any(r.failed or is_warning(r) for r in again) else "passed"
    reports[-1].user_properties.extend([*kept, (SECOND_RUN, outcome)])


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception):
    item = request.node
    if "page" not in request.fixturenames or is_second_run(item) or item.get_closest_marker("proof"):
        return
    page = request.getfixturevalue("page")
    try:
        annotate(item, PAGE_AT_FAILURE, {"url": page.url, "title": page.title(),
                                         "aria": page.locator("body").aria_snapshot(timeout=2_000)})
    except Exception:  # noqa: BLE001 - the report then rephrases the failure from its message alone
        pass
    problems = []
    for full_page in (True, False):  # a very long page may fail whole; its viewport still helps
        try:
            picture = page.screenshot(full_page=full_page, timeout=15_000)
        except Exception as err:  # noqa: BLE001 - the report says why there is no picture
            problems.append(f"{type(err).__name__}: {err}")
            continue
        attach(item, picture, "image/png")
        _keep(item, request.getfixturevalue("output_path"), picture)
        return
    attach(item, "pas de capture d'écran : " + " / ".join(problems), "text/plain")


def _keep(item: pytest.Item, folder: str, picture: bytes) -> None:
    path = Path(folder) / SCREENSHOT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(picture)
    item.user_properties.append(("playwright_screenshot", os.path.relpath(path, item.config.invocation_params.dir)))
