"""Evidence of a failed scenario: a screenshot of the page at the failing step,
attached to that step in the Cucumber report.

(Screenshots and traces as files come from pytest-playwright's own
`--screenshot` and `--tracing` options, set in pyproject.toml.)
"""
from __future__ import annotations

from .cucumber_report import attach


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception):
    if "page" not in request.fixturenames:
        return
    page = request.getfixturevalue("page")
    try:
        attach(request.node, page.screenshot(full_page=True), "image/png")
    except Exception:  # noqa: BLE001 - a closed page leaves the report without a picture
        pass
