"""Verdict levels of the conformance checks, graded as the OpenID conformance suite
grades (PASSED / FAILED / WARNING).

A scenario tagged @exigence checks a requirement of the standard: its failure fails
the run. One tagged @recommandation checks a recommendation, or a rule the field
follows more loosely than the standard: its failure is a warning (« avertissement »),
and the exit code stays 0 unless something else fails. A warning shows:
- in the terminal, as pytest's status « avertissement » (letter A) and in the French summary;
- in JUnit, as the test case's properties `verdict=avertissement` and `avertissement=<why>`;
- in the Cucumber JSON, as the element's `"verdict": "avertissement"`, its failed step
  "skipped" with the failure as its error message (harness/cucumber_report.py);
- in reports/index.html, as its own status, with the step, the screenshot and the trace.
A scenario of any level whose test raises `Recommendation` (the accessibility of an ENT's pages in
target mode, harness/accessibility.py) gets the same warning; one that raises `Requirement` (the
accessibility of the reference's pages) fails, @recommandation or not.
"""
from __future__ import annotations

import pytest

REQUIREMENT, RECOMMENDATION = "exigence", "recommandation"
WARNING = "avertissement"
VERDICT = "verdict"


class Recommendation(pytest.fail.Exception):
    """A recommendation not followed, found outside a step: a warning, whatever the scenario's level.
    Its message is shown without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message, pytrace=False)


class Requirement(pytest.fail.Exception):
    """A requirement not met, found outside a step: a failure, even in a @recommandation scenario.
    Its message is shown without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message, pytrace=False)


def is_warning(report: pytest.TestReport) -> bool:
    return (VERDICT, WARNING) in getattr(report, "user_properties", ())


def warning_text(report: pytest.TestReport) -> str:
    return next((value for name, value in report.user_properties if name == WARNING), "")


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report: pytest.TestReport = yield
    raised = call.excinfo
    required = raised is not None and raised.errisinstance(Requirement)
    recommended = not required and (item.get_closest_marker(RECOMMENDATION) is not None
                                    or (raised is not None and raised.errisinstance(Recommendation)))
    if report.when == "call" and report.failed and recommended and item.get_closest_marker("proof") is None:
        why = report.longreprtext
        report.outcome = "passed"
        report.longrepr = None
        report.user_properties.extend([(VERDICT, WARNING), (WARNING, why)])
        item.user_properties.extend([(VERDICT, WARNING), (WARNING, why)])  # JUnit reads the teardown's
    return report


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    if report.when == "call" and is_warning(report):
        return WARNING, "A", "AVERTISSEMENT"
    return None
