"""What axe-core found on a page, as harness.accessibility records it and the report reads it
(a scenario's Cucumber element carries its pages under `accessibilite`), and its French words."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .rgaa import UNMAPPED, criterion

AXE = Path(__file__).parent / "vendor" / "axe-core"
PROPERTY = "accessibilite"  # the Cucumber element's field
BLOCKING = ("critical", "serious")  # fail a scenario on the reference stack; warn on the ENT's pages
IMPACT_FR = {"critical": "critique", "serious": "sérieuse", "moderate": "modérée", "minor": "mineure"}
IMPACT_ORDER = ("critical", "serious", "moderate", "minor")
ELEMENTS_SHOWN = 3


@functools.cache
def axe_version() -> str:
    """« 4.14.1 », from axe.min.js's first line (« /*! axe v4.14.1 »)."""
    with (AXE / "axe.min.js").open(encoding="utf-8") as source:
        return source.readline().split(" v")[-1].strip()


@dataclass
class Violation:
    rule: str
    impact: str
    help: str  # axe-core's French summary of the rule
    count: int  # elements concerned
    nodes: list[dict[str, str]]  # the first few: target (a CSS selector) and html

    @property
    def rgaa(self) -> str:
        return criterion(self.rule)

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING

    @property
    def impact_fr(self) -> str:
        return IMPACT_FR.get(self.impact, self.impact or UNMAPPED)


@dataclass
class PageCheck:
    key: str  # host, path and structure (harness/accessibility.js)
    where: str  # host and path
    url: str
    title: str
    ms: int  # axe-core's run in the page
    violations: list[Violation]
    vendor: bool = False  # a page of the ENT under test (target mode)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageCheck:
        violations = [Violation(**v) for v in data.get("violations", [])]
        violations.sort(key=lambda v: (IMPACT_ORDER.index(v.impact) if v.impact in IMPACT_ORDER else 9, v.rule))
        return cls(**{**data, "violations": violations})

    @property
    def blocking(self) -> list[Violation]:
        return [v for v in self.violations if v.blocking]


def describe(pages: list[PageCheck]) -> list[str]:
    """French lines: each page's title and address, then each serious or critical rule it breaks."""
    lines = []
    for page in pages:
        lines.append(f"- page « {page.title or 'sans titre'} » ({page.where}) :")
        for v in page.blocking:
            rgaa = f"critère RGAA {v.rgaa}" if v.rgaa != UNMAPPED else "sans critère RGAA associé"
            lines.append(f"  · règle {v.rule} (gravité {v.impact_fr}, {rgaa}) : {v.help}")
            for node in v.nodes[:ELEMENTS_SHOWN]:
                lines.append(f"      {node['target']} : {node['html']}")
            if v.count > ELEMENTS_SHOWN:
                lines.append(f"      … et {v.count - ELEMENTS_SHOWN} autre(s) élément(s)")
    return lines
