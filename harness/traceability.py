"""The guide's traceability: statements of features/guide.toml <-> tagged scenarios.

`features/guide.toml` lists every checkable statement of the parents' guide (see
its header for the id scheme). A scenario checks a statement by carrying its id as
a Gherkin tag (`@G1-ACT-3`), on the scenario, its Examples, its Rule or its
Feature. :func:`check` is the gate run by tests/test_traceability.py:

- a statement that is not pending must be tagged by at least one scenario;
- a pending statement must not be tagged (then it is covered: drop `pending`);
- a tag that looks like a statement id (``G<digits>-…``, any case) must be a
  well-formed id that names a statement.

Run ``python -m harness.traceability`` for the matrix as text.
"""
from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from educonnect_conformance import paths
from mock_services.cli import ArgumentParser

ROOT, FEATURES, GUIDE = paths.ROOT, paths.FEATURES, paths.GUIDE  # the clone's, or the wheel's

# A statement id: G<section digit>-<TOPIC, 2 to 5 upper-case letters>-<1 or 2 digits>.
STATEMENT_ID = re.compile(r"G[0-9]-[A-Z]{2,5}-[0-9]{1,2}")
# A tag that claims to be a statement id, well-formed or not: G (any case), digits, a dash.
# `guide-1`, `ent`, `reference`, `activation` do not match.
LOOKS_LIKE_ID = re.compile(r"[Gg][0-9]+-")


@dataclass(frozen=True)
class Statement:
    id: str
    section: int
    quote: str
    topic: str = ""
    kind: str = ""
    note: str = ""
    pending: str | None = None
    faults: tuple[str, ...] = ()  # the faults of mock_services/faults.py that break it (harness/fault_coverage.py)


@dataclass
class Guide:
    title: str
    sections: dict[int, str]
    statements: list[Statement]
    path: Path

    def by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.statements}


@dataclass(frozen=True)
class ScenarioRef:
    """A scenario (or outline) of a feature file and all the tags that apply to it."""

    uri: str  # feature file, relative to the project root, posix
    line: int
    name: str
    feature: str
    tags: tuple[str, ...]  # without '@', scenario + examples + rule + feature

    @property
    def statement_ids(self) -> list[str]:
        return [t for t in self.tags if LOOKS_LIKE_ID.match(t)]


@dataclass
class Problem:
    kind: str  # "uncovered", "pending-covered", "unknown-tag", "malformed-tag", "guide"
    message: str


@dataclass
class Coverage:
    guide: Guide
    scenarios: list[ScenarioRef]
    problems: list[Problem] = field(default_factory=list)

    def scenarios_for(self, statement_id: str) -> list[ScenarioRef]:
        return [s for s in self.scenarios if statement_id in s.tags]

    @property
    def untraced(self) -> list[ScenarioRef]:
        """Scenarios that check no statement of the guide (the reference stack's own choices)."""
        return [s for s in self.scenarios if not s.statement_ids]


class GuideError(ValueError):
    pass


def load_guide(path: Path = GUIDE) -> Guide:
    """Read and validate the guide file; raises GuideError naming the faulty entry."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GuideError(f"{path} : fichier du guide illisible ({exc})") from exc
    sections = {int(k): str(v) for k, v in (data.get("sections") or {}).items()}
    statements: list[Statement] = []
    seen: set[str] = set()
    allowed = {"id", "section", "quote", "topic", "kind", "note", "pending", "faults"}
    for n, raw in enumerate(data.get("statement") or [], start=1):
        where = f"{path.name}, énoncé n° {n}"
        sid = raw.get("id")
        if not isinstance(sid, str) or not STATEMENT_ID.fullmatch(sid):
            raise GuideError(f"{where} : identifiant {sid!r} invalide (attendu {STATEMENT_ID.pattern})")
        where = f"{path.name}, {sid}"
        if sid in seen:
            raise GuideError(f"{where} : identifiant en double")
        seen.add(sid)
        extra = set(raw) - allowed
        if extra:
            raise GuideError(f"{where} : champ(s) inconnu(s) {', '.join(sorted(extra))}")
        section = raw.get("section")
        if not isinstance(section, int) or section != int(sid[1]):
            raise GuideError(f"{where} : section {section!r} ne correspond pas à l'identifiant (G{sid[1]})")
        if sections and section not in sections:
            raise GuideError(f"{where} : section {section} absente de [sections]")
        quote = raw.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise GuideError(f"{where} : citation du guide (quote) manquante")
        pending = raw.get("pending")
        if pending is not None and (not isinstance(pending, str) or not pending.strip()):
            raise GuideError(f"{where} : « pending » doit donner la raison (texte non vide)")
        faults = raw.get("faults", [])
        if not isinstance(faults, list) or not all(isinstance(f, str) and f for f in faults):
            raise GuideError(f"{where} : « faults » doit être une liste de noms de défauts")
        statements.append(
            Statement(
                id=sid,
                section=section,
                quote=quote.strip(),
                topic=str(raw.get("topic", "")),
                kind=str(raw.get("kind", "")),
                note=str(raw.get("note", "")),
                pending=pending.strip() if pending else None,
                faults=tuple(faults),
            )
        )
    if not statements:
        raise GuideError(f"{path} : aucun énoncé ([[statement]])")
    title = str((data.get("guide") or {}).get("title", ""))
    return Guide(title=title, sections=sections, statements=statements, path=path)


def scan_features(features_dir: Path = FEATURES, root: Path | None = None) -> list[ScenarioRef]:
    """Every scenario of every feature file under features_dir, with its effective tags."""
    from gherkin.parser import Parser

    features_dir = Path(features_dir)
    root = Path(root) if root is not None else features_dir.parent
    found: list[ScenarioRef] = []
    for path in sorted(features_dir.rglob("*.feature")):
        doc = Parser().parse(path.read_text(encoding="utf-8"))
        feature = doc.get("feature") or {}
        if not feature:
            continue
        try:
            uri = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            uri = path.as_posix()
        feature_tags = _names(feature.get("tags", []))

        def walk(children: list[dict], inherited: list[str]) -> None:
            for child in children:
                if "rule" in child:
                    rule = child["rule"]
                    walk(rule.get("children", []), inherited + _names(rule.get("tags", [])))
                elif "scenario" in child:
                    sc = child["scenario"]
                    tags = inherited + _names(sc.get("tags", []))
                    for examples in sc.get("examples", []):
                        tags += _names(examples.get("tags", []))
                    found.append(
                        ScenarioRef(
                            uri=uri,
                            line=sc["location"]["line"],
                            name=sc.get("name", ""),
                            feature=feature.get("name", ""),
                            tags=tuple(dict.fromkeys(tags)),
                        )
                    )

        walk(feature.get("children", []), feature_tags)
    return found


def _names(tags: Iterable[dict]) -> list[str]:
    return [t["name"].lstrip("@") for t in tags]


def check(guide_path: Path = GUIDE, features_dir: Path = FEATURES, root: Path | None = None) -> Coverage:
    """Load the guide and the feature files; the result's `problems` is empty when all is honest."""
    guide = load_guide(guide_path)
    scenarios = scan_features(features_dir, root)
    coverage = Coverage(guide, scenarios)
    known = guide.by_id()
    for sc in scenarios:
        where = f"{sc.uri}:{sc.line} « {sc.name} »"
        for tag in sc.statement_ids:
            if not STATEMENT_ID.fullmatch(tag):
                coverage.problems.append(
                    Problem(
                        "malformed-tag",
                        f"{where} : l'étiquette @{tag} ressemble à un identifiant d'énoncé du guide mais "
                        f"n'a pas la forme G<section>-<SUJET>-<n> ({STATEMENT_ID.pattern})",
                    )
                )
            elif tag not in known:
                coverage.problems.append(
                    Problem("unknown-tag", f"{where} : l'étiquette @{tag} ne désigne aucun énoncé de {guide.path.name}")
                )
    for st in guide.statements:
        tagged = coverage.scenarios_for(st.id)
        if st.pending is None and not tagged:
            coverage.problems.append(
                Problem(
                    "uncovered",
                    f"{st.id} ({guide.path.name}) n'est vérifié par aucun scénario : ajoutez @{st.id} au scénario "
                    f"qui le vérifie, ou marquez l'énoncé pending = \"raison (issue)\". Guide : « {_short(st.quote)} »",
                )
            )
        elif st.pending is not None and tagged:
            places = ", ".join(f"{s.uri}:{s.line}" for s in tagged)
            coverage.problems.append(
                Problem(
                    "pending-covered",
                    f"{st.id} ({guide.path.name}) est marqué en attente (« {st.pending} ») mais des scénarios "
                    f"le vérifient ({places}) : supprimez sa ligne pending",
                )
            )
    return coverage


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_problems(coverage: Coverage) -> str:
    lines = [f"Traçabilité du guide : {len(coverage.problems)} problème(s)"]
    lines += [f"- {p.message}" for p in coverage.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ArgumentParser(prog="python -m harness.traceability",
                   description="Matrice de traçabilité du guide : chaque énoncé et les scénarios qui le vérifient "
                               "(code 1 s'il y a un problème).").parse_args(argv)
    coverage = check()
    for st in coverage.guide.statements:
        tagged = coverage.scenarios_for(st.id)
        state = f"en attente : {st.pending}" if st.pending else f"{len(tagged)} scénario(s)"
        print(f"{st.id:11} {state}")
        for sc in tagged:
            print(f"{'':11}   {sc.uri}:{sc.line} {sc.name}")
    if coverage.problems:
        print(format_problems(coverage), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
