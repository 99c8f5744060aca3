"""Evidence of a failed scenario: a screenshot of the page at the failing step,
attached to that step in the Cucumber report (and so in reports/index.html).

(Screenshots and traces as files come from pytest-playwright's own
`--screenshot` and `--tracing` options, set in pyproject.toml.)
"""
from __future__ import annotations

from .cucumber_report import attach


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception):
    if "page" not in request.fixturenames:
        return
    page = request.getfixturevalue("page")
    problems = []
    for full_page in (True, False):  # a very long page may fail whole; its viewport still helps
        try:
            attach(request.node, page.screenshot(full_page=full_page, timeout=15_000), "image/png")
            return
        except Exception as err:  # noqa: BLE001 - the report says why there is no picture
            problems.append(f"{type(err).__name__}: {err}")
    attach(request.node, "pas de capture d'écran : " + " / ".join(problems), "text/plain")
