"""The suite's pytest plugins: the reference stack per worker, Chromium, steps and reports.
The repository's conftest.py loads this module, and steps/conftest.py for the command."""
from .paths import feature_tags

pytest_plugins = [
    "harness.verdicts",  # first: the report plugins import it
    "harness.cucumber_report",
    "harness.html_report",
    "harness.evidence",
    "harness.proofs",
    "harness.timeouts",
    "harness.target_mode",
    "harness.refusals",  # after the plugins it imports
    "harness.clock_tolerance",
    "harness.durations",  # pytest-split's durations: tests/durations.json
    "harness.remote_browser",  # --navigateur-distant: pytest-playwright's browser, connected
    "harness.accessibility",  # before steps.fixtures: it wraps pytest-playwright's new_context
    "harness.device",  # before steps.fixtures: its browser_context_args come first
    "steps.fixtures",
    "steps.common",
    "steps.login",
    "steps.login_flow",
    "steps.activation",
    "steps.franceconnect",
    "steps.letters",
    "steps.console",
    "steps.recovery",
    "steps.account",
    "steps.school_change",
    "steps.conformance",
    "steps.attributes",
]


def pytest_configure(config):
    """Every tag of the feature files is a known marker (`-m guide-1`, `-m ent`)."""
    for tag in sorted(feature_tags()):
        config.addinivalue_line("markers", f"{tag}: tag of the feature files")
