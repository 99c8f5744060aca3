"""When a scenario fails, what the other side said while it ran: the requests the reference
ÉduConnect refused (why, and the rule), and in target mode the lines the launched ENT wrote.
They come first in the failure's message, before Playwright's timeout, so that the terminal,
JUnit, Cucumber JSON and the HTML report all give the cause."""
from __future__ import annotations

import pytest

from .cucumber_report import is_scenario
from .target_mode import target_run

_MARKS = pytest.StashKey[tuple[object, int, int]]()  # (stack, refusals, ENT lines) when the call began
ENT_LINES_SHOWN = 12


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    if is_scenario(item):
        stack = item._request.getfixturevalue("reference_stack")  # type: ignore[attr-defined]
        run = target_run(item.config)
        ent_lines = run.ent.written() if run is not None and run.ent is not None else 0
        item.stash[_MARKS] = (stack, stack.educonnect.saml_journal.refusal_count(), ent_lines)
    return (yield)


def explanation(item: pytest.Item) -> str:
    """The French paragraph put before a failure's message ("" when there is nothing to say)."""
    if _MARKS not in item.stash:
        return ""
    stack, refusals_mark, ent_mark = item.stash[_MARKS]
    parts = []
    refusals = stack.educonnect.saml_journal.refusals_since(refusals_mark)
    if refusals:
        parts.append("ÉduConnect a refusé ce que l'ENT lui a envoyé pendant ce scénario :\n"
                     + "\n".join(f"  - {refusal}" for refusal in refusals))
    run = target_run(item.config)
    if run is not None and run.ent is not None:
        lines = run.ent.output_since(ent_mark)[-ENT_LINES_SHOWN:]
        if lines:
            parts.append("Ce que l'ENT lancé a écrit pendant ce scénario (dernières lignes) :\n"
                         + "\n".join(f"  | {line}" for line in lines))
    return "\n\n".join(parts)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    if call.when != "call" or call.excinfo is None or call.excinfo.errisinstance(pytest.skip.Exception):
        return None
    said = explanation(item)
    if not said:
        return None
    report = pytest.TestReport.from_item_and_call(item, call)
    report.longrepr = f"{said}\n\n{report.longreprtext}"
    return report
