"""The fault-coverage gate: every rule the suite checks is shown to bite.

A guide statement (features/guide.toml) names, in `faults`, the deliberate
defects of the reference stack (mock_services/faults.py) that break it; each row
of the README's choices table has its entry in features/regles.toml, with its
faults too. tests/test_fault_coverage.py fails when:

- a statement (not pending) or a rule names no fault, unless the rule says why
  it cannot have one (`sans_defaut`);
- a named fault does not exist, or has no proof (tests/proof_table.py);
- a statement's fault is proved only by scenarios that do not check that
  statement (no scenario of its proofs carries the statement's tag): the fault
  would break something else;
- a fault has no proof, or a proof no fault;
- a scenario is in no proof: no fault shows that its assertions bite;
- a row of the README's table has no rule, or a rule no row.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .traceability import FEATURES, ROOT, Guide, ScenarioRef

RULES = FEATURES / "regles.toml"
README = ROOT / "README.md"
CHOICES_HEADING = "## Choices where the guide and the known facts are silent"

Proofs = Mapping[str, Mapping[str, str]]  # fault -> {scenario name: step that must fail}


@dataclass(frozen=True)
class Rule:
    subject: str  # the README row's first cell, verbatim
    faults: tuple[str, ...] = ()
    without_fault: str | None = None  # why no fault can break it (`sans_defaut`)


class RulesError(ValueError):
    pass


def load_rules(path: Path = RULES) -> list[Rule]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path} : fichier des règles illisible ({exc})") from exc
    rules: list[Rule] = []
    for n, raw in enumerate(data.get("rule") or [], start=1):
        where = f"{Path(path).name}, règle n° {n}"
        extra = set(raw) - {"subject", "faults", "sans_defaut"}
        if extra:
            raise RulesError(f"{where} : champ(s) inconnu(s) {', '.join(sorted(extra))}")
        subject, faults, reason = raw.get("subject"), raw.get("faults", []), raw.get("sans_defaut")
        if not isinstance(subject, str) or not subject.strip():
            raise RulesError(f"{where} : « subject » (le sujet de la ligne du README) manque")
        if not isinstance(faults, list) or not all(isinstance(f, str) and f for f in faults):
            raise RulesError(f"{where} ({subject}) : « faults » doit être une liste de noms de défauts")
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise RulesError(f"{where} ({subject}) : « sans_defaut » doit donner la raison")
        rules.append(Rule(subject, tuple(faults), reason.strip() if reason else None))
    return rules


def readme_choices(path: Path = README) -> list[str]:
    """The first cell of every row of the README's choices table."""
    text = Path(path).read_text(encoding="utf-8")
    start = text.index(CHOICES_HEADING)
    section = text[start:].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [re.split(r"(?<!\\)\|", row)[1].strip() for row in rows[1:]]  # rows[0] is the header


def check(guide: Guide, scenarios: list[ScenarioRef], rules: list[Rule], readme_subjects: list[str],
          proofs: Proofs, faults: Mapping[str, str]) -> list[str]:
    """The problems, in French; empty when every rule is shown to bite."""
    problems: list[str] = []
    tags_of: dict[str, set[str]] = {}
    for sc in scenarios:
        tags_of.setdefault(sc.name, set()).update(sc.tags)

    def named(where: str, fault: str) -> bool:
        if fault not in faults:
            problems.append(f"{where} : le défaut « {fault} » n'existe pas (mock_services/faults.py)")
        elif not proofs.get(fault):
            problems.append(f"{where} : le défaut « {fault} » n'a pas de preuve (tests/proof_table.py)")
        else:
            return True
        return False

    for st in guide.statements:
        if st.pending:
            continue
        if not st.faults:
            problems.append(f"{st.id} : aucun défaut ne le casse ; ajoutez faults = [\"…\"] dans "
                            f"{guide.path.name} et le défaut qui le casse")
        for fault in st.faults:
            if named(st.id, fault) and not any(st.id in tags_of.get(name, ()) for name in proofs[fault]):
                problems.append(f"{st.id} : aucune preuve du défaut « {fault} » ne passe par un scénario "
                                f"étiqueté @{st.id}")
    for rule in rules:
        where = f"règle « {rule.subject} »"
        if not rule.faults and not rule.without_fault:
            problems.append(f"{where} : aucun défaut ne la casse ; ajoutez faults = [\"…\"] ou "
                            f"sans_defaut = \"raison\" dans {RULES.name}")
        for fault in rule.faults:
            named(where, fault)
    for fault in faults:
        if not proofs.get(fault):
            problems.append(f"le défaut « {fault} » n'a pas de preuve (tests/proof_table.py)")
    for fault in proofs:
        if fault not in faults:
            problems.append(f"tests/proof_table.py prouve « {fault} », qui n'est pas un défaut de mock_services/faults.py")
    proved = {name for by_scenario in proofs.values() for name in by_scenario}
    for sc in scenarios:
        if sc.name not in proved:
            problems.append(f"{sc.uri}:{sc.line} « {sc.name} » : aucune preuve ne fait échouer ce scénario "
                            f"(tests/proof_table.py)")
    subjects = [r.subject for r in rules]
    for subject in readme_subjects:
        if subject not in subjects:
            problems.append(f"la ligne « {subject} » des choix du README n'a pas de règle dans {RULES.name}")
    for subject in subjects:
        if subject not in readme_subjects:
            problems.append(f"la règle « {subject} » ({RULES.name}) n'est pas une ligne des choix du README")
    return problems
