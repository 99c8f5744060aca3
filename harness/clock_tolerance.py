"""The ENT's clock tolerance, read off the @horloge checks of a run and said in one place at
the end: how far ahead an ÉduConnect clock may be, how old a response, how long after
NotOnOrAfter, before the ENT refuses. Each check carries its offset as a tag: @avance-<s>
(every date that many seconds ahead), @retard-<s> (issued that long ago), @expiree-<s>
(NotOnOrAfter passed that long ago). A @recommandation check expects the login accepted,
an @exigence one refused."""
from __future__ import annotations

import re

import pytest

from .verdicts import is_warning

TAG = "horloge"
OFFSET = re.compile(r"^(avance|retard|expiree)-(\d+)$")
WORDS = {"avance": "avance de l'horloge d'ÉduConnect", "retard": "réponse émise il y a",
         "expiree": "assertion expirée depuis"}


def _duration(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"


def outcome(report: pytest.TestReport) -> tuple[str, int, bool] | None:
    """(kind, seconds, accepted by the ENT) for a @horloge check's call report; None otherwise."""
    keywords = report.keywords
    if report.when != "call" or TAG not in keywords or "proof" in keywords:
        return None
    offsets = [m.groups() for m in map(OFFSET.match, keywords) if m]
    if len(offsets) != 1 or (report.skipped and not is_warning(report)):
        return None
    kind, seconds = offsets[0]
    met = report.passed and not is_warning(report)
    return kind, int(seconds), met if "recommandation" in keywords else not met


def summary(seen: dict[tuple[str, int], bool]) -> list[str]:
    """The French lines: per kind, the offsets the ENT accepted and those it refused."""
    lines = []
    for kind, words in WORDS.items():
        offsets = sorted(s for k, s in seen if k == kind)
        if offsets:
            lines.append(f"  {words} : " + ", ".join(
                f"{_duration(s)} {'acceptée' if seen[(kind, s)] else 'refusée'}" for s in offsets))
    return lines


class ClockTolerance:
    def __init__(self) -> None:
        self.seen: dict[tuple[str, int], bool] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if (found := outcome(report)) is not None:
            kind, seconds, accepted = found
            self.seen[(kind, seconds)] = accepted

    def pytest_terminal_summary(self, terminalreporter) -> None:
        lines = summary(self.seen)
        if not lines:
            return
        terminalreporter.write_sep("-", "Tolérance d'horloge de l'ENT (contrôles @horloge)")
        for line in lines:
            terminalreporter.write_line(line)
        terminalreporter.write_line("  (recommandé : environ une minute de chaque côté ; jamais cinq minutes "
                                    "après NotOnOrAfter)")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(ClockTolerance(), "clock-tolerance")
