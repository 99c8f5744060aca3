"""Proof that the suite's assertions bite: each deliberate defect of the reference
stack (mock_services/faults.py) is switched on, in the running workers, for the
scenarios that check that behaviour, and each must fail in the step named for it,
the one that checks what the fault breaks (the table: tests/proof_table.py;
the mechanism: harness/proofs.py)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from harness.proofs import proof_of
from proof_table import PROOFS

FEATURES = Path(__file__).resolve().parent.parent / "features"

SCENARIO_LINE = re.compile(r"^\s*(?:Scénario|Plan du scénario|Exemple|Scenario)\s*:\s*(.+?)\s*$", re.MULTILINE)


def feature_of(scenario_name: str) -> str:
    """The feature file (relative to features/) that holds the scenario of that name."""
    found = [path.relative_to(FEATURES).as_posix() for path in sorted(FEATURES.rglob("*.feature"))
             if scenario_name in SCENARIO_LINE.findall(path.read_text("utf-8"))]
    if len(found) != 1:
        raise LookupError(f"scénario « {scenario_name} » : trouvé dans {found or 'aucune fonctionnalité'}")
    return found[0]


def _name(fault: str, scenario_name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", scenario_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"\W+", "_", ascii_name.lower()).strip("_")
    return f"test_{fault.replace('-', '_')}__{slug}"


for _fault, _scenarios in PROOFS.items():
    for _scenario, _step in _scenarios.items():
        globals()[_name(_fault, _scenario)] = proof_of(_fault, feature_of(_scenario), _scenario, _step)
