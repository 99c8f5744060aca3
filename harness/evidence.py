"""Evidence of a failed scenario: a screenshot attached to the Cucumber report.

(Screenshots and traces as files come from pytest-playwright's own
`--screenshot` and `--tracing` options, set in pyproject.toml.)
"""
from __future__ import annotations

import pytest

from .cucumber_report import attach

_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request):
    yield
    if "page" not in request.fixturenames or not request.node.stash.get(_FAILED, False):
        return
    page = request.getfixturevalue("page")
    try:
        attach(request.node, page.screenshot(full_page=True), "image/png")
    except Exception:  # noqa: BLE001 - a closed page leaves the report without a picture
        pass
