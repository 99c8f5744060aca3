"""What the report shows, as plain values: the run, the guide's matrix, the page's content.

A run is read from the cucumber JSON (harness.cucumber_report) and the Playwright artifacts
of each failed test (harness.evidence); the guide's statements come from features/guide.toml
(harness.traceability). `prepare_page` turns them into the values the templates of
harness/templates/ show (French words, durations, data URIs, links), without any markup:
harness.report_page renders them, and harness.html_report's terminal summary reads the same run.
"""
from __future__ import annotations

import base64
import datetime as dt
import os
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from educonnect_conformance.paths import installed

from . import traceability
from .axe_results import PROPERTY as ACCESSIBILITY, PageCheck, axe_version
from .failure_words import PAGE_AT_FAILURE, explain
from .traceability import Guide, GuideError, ScenarioRef, Statement
from .verdicts import WARNING

# The command that opens a trace: the clone's .venv, or the playwright beside the interpreter of an installed suite.
SHOW_TRACE = (f"{Path(sys.executable).parent / 'playwright'} show-trace" if installed()
              else ".venv/bin/playwright show-trace")
SECOND_RUN = "evidence_second_run"  # user property set by harness.evidence: "failed" or "passed"
SECOND_RUN_TEXT = {  # harness.evidence runs a failed scenario once more, traced; the verdict stays the first run's
    "failed": "Cette trace vient d'une seconde exécution du scénario, faite pour la garder ; elle a échoué elle aussi.",
    "passed": "Cette trace vient d'une seconde exécution du scénario, faite pour la garder ; elle a réussi : "
              "l'échec est intermittent (le verdict reste celui de la première exécution).",
}
STATUS_LABEL = {
    "passed": "réussi",
    "failed": "en échec",
    "skipped": "ignoré",
    "warning": "avertissement",
    "undefined": "non définie",
    "pending": "en attente",
}
SCENARIO_LABEL = {"passed": "réussi", "failed": "en échec", "warning": "avertissement", "skipped": "ignoré"}
SCENARIO_STATUSES = ("passed", "failed", "warning", "skipped")
STATE_LABEL = {
    "ok": "conforme",
    "failed": "en échec",
    "not-run": "non lancé",
    "pending": "en attente",
    "uncovered": "non couvert",
}
A11Y_LABEL = {  # a checked page's state in the « Accessibilité » section
    "failed": "en échec",
    "warning": "avertissement",
    "minor": "règles modérées ou mineures",
    "passed": "aucune règle enfreinte",
}
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Artifacts:
    """What pytest-playwright kept for one test; paths relative to the directory pytest ran from."""

    nodeid: str = ""
    traces: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)
    second_run: str | None = None  # the traced second run (harness.evidence): "failed" or "passed"


@dataclass
class ScenarioRun:
    anchor: str
    feature_uri: str
    feature_name: str
    element: dict[str, Any]
    status: str
    duration_ns: int
    tags: list[str]  # the feature's and the scenario's own
    artifacts: Artifacts | None = None

    @property
    def name(self) -> str:
        return self.element.get("name", "")

    @property
    def keyword(self) -> str:
        return self.element.get("keyword", "Scénario")

    @property
    def line(self) -> int:
        return int(self.element.get("line", 0))

    @property
    def own_tags(self) -> list[str]:
        return [t["name"].lstrip("@") for t in self.element.get("tags", [])]

    @property
    def statement_ids(self) -> list[str]:
        return [t for t in self.tags if traceability.LOOKS_LIKE_ID.match(t)]


@dataclass
class Run:
    features: list[dict[str, Any]]
    scenarios: list[ScenarioRun]
    wall_seconds: float | None = None

    def count(self) -> Counter[str]:
        return Counter(s.status for s in self.scenarios)

    @property
    def total_ns(self) -> int:
        return sum(s.duration_ns for s in self.scenarios)

    @property
    def wall_ns(self) -> float | None:
        return None if self.wall_seconds is None else self.wall_seconds * 1e9

    def at(self, uri: str, line: int) -> list[ScenarioRun]:
        return [s for s in self.scenarios if s.feature_uri == uri and s.line == line]


def _hooks(element: dict[str, Any]) -> list[dict[str, Any]]:
    return list(element.get("before", [])) + list(element.get("after", []))


def scenario_status(element: dict[str, Any]) -> str:
    """warning (a recommendation not followed: harness/verdicts.py), failed (a failed or undefined
    step, or a failed hook), passed (everything passed) or skipped."""
    if element.get("verdict") == WARNING:
        return "warning"
    results = [s.get("result", {}).get("status", "skipped") for s in element.get("steps", [])]
    hooks = [h.get("result", {}).get("status", "passed") for h in _hooks(element)]
    if any(r in ("failed", "undefined") for r in results + hooks):
        return "failed"
    if all(r == "passed" for r in results + hooks):
        return "passed"
    return "skipped"


def scenario_duration(element: dict[str, Any]) -> int:
    parts = list(element.get("steps", [])) + _hooks(element)
    return sum(int(p.get("result", {}).get("duration") or 0) for p in parts)


def load_run(
    features: list[dict[str, Any]],
    artifacts: dict[tuple[str, str], Artifacts] | None = None,
    wall_seconds: float | None = None,
) -> Run:
    artifacts = artifacts or {}
    scenarios: list[ScenarioRun] = []
    for feature in features:
        feature_tags = [t["name"].lstrip("@") for t in feature.get("tags", [])]
        for element in feature.get("elements", []):
            if element.get("type", "scenario") == "background":
                continue
            tags = list(dict.fromkeys(feature_tags + [t["name"].lstrip("@") for t in element.get("tags", [])]))
            scenarios.append(
                ScenarioRun(
                    anchor=f"sc-{len(scenarios) + 1}",
                    feature_uri=feature.get("uri", ""),
                    feature_name=feature.get("name", ""),
                    element=element,
                    status=scenario_status(element),
                    duration_ns=scenario_duration(element),
                    tags=tags,
                    artifacts=artifacts.get((feature.get("uri", ""), element.get("id", ""))),
                )
            )
    return Run(features=features, scenarios=scenarios, wall_seconds=wall_seconds)


# --- the guide's matrix -------------------------------------------------------------------------


@dataclass
class MatrixRow:
    statement: Statement
    scenarios: list[tuple[ScenarioRef, list[ScenarioRun]]]  # each scenario carrying its id, and its runs
    state: str

    @property
    def refs(self) -> list[ScenarioRef]:
        return [ref for ref, _ in self.scenarios]

    @property
    def runs(self) -> list[ScenarioRun]:
        return [x for _, runs in self.scenarios for x in runs]

    @property
    def tags(self) -> list[str]:
        return [t for ref in self.refs for t in ref.tags]


def matrix(guide: Guide, run: Run, scanned: list[ScenarioRef]) -> list[MatrixRow]:
    """One row per statement: the scenarios that carry its id and their results in this run.

    Scenarios come from the feature files (so those not run this time show as such) and
    from the run itself (so a recorded report works without its feature files).
    """
    refs: dict[tuple[str, int], ScenarioRef] = {(r.uri, r.line): r for r in scanned}
    for s in run.scenarios:
        key = (s.feature_uri, s.line)
        if key not in refs:
            refs[key] = ScenarioRef(s.feature_uri, s.line, s.name, s.feature_name, tuple(s.tags))
    rows = []
    for st in guide.statements:
        tagged = [(r, run.at(r.uri, r.line)) for r in refs.values() if st.id in r.tags]
        runs = [x for _, xs in tagged for x in xs]
        if st.pending is not None and not tagged:
            state = "pending"
        elif not tagged:
            state = "uncovered"
        elif any(x.status == "failed" for x in runs):
            state = "failed"
        elif any(x.status == "passed" for x in runs):
            state = "ok"
        else:
            state = "not-run"
        rows.append(MatrixRow(st, tagged, state))
    return rows


def guide_and_scenarios(
    guide_path: Path | None, features_dir: Path | None, root: Path | None
) -> tuple[Guide | None, list[ScenarioRef], str | None]:
    """The guide, the scenarios of the feature files, and why either could not be read."""
    guide = None
    error = None
    scanned: list[ScenarioRef] = []
    if guide_path is not None and Path(guide_path).exists():
        try:
            guide = traceability.load_guide(Path(guide_path))
        except GuideError as exc:
            error = str(exc)
    if features_dir is not None and Path(features_dir).is_dir():
        try:
            scanned = traceability.scan_features(Path(features_dir), root)
        except Exception as exc:  # noqa: BLE001 - a broken feature file must not cost the report
            error = error or f"lecture des fichiers .feature impossible : {exc}"
    return guide, scanned, error


# --- accessibility ------------------------------------------------------------------------------


@dataclass
class CheckedPage:
    """A page axe-core checked (harness.accessibility), and the first scenario of the run that checked it."""

    check: PageCheck
    scenario: ScenarioRun

    @property
    def state(self) -> str:
        """failed (a serious violation on the reference stack), warning (on the ENT's pages), passed or minor."""
        if self.check.blocking:
            return "warning" if self.check.vendor else "failed"
        return "minor" if self.check.violations else "passed"


def checked_pages(run: Run) -> list[CheckedPage]:
    """Each distinct page once (every worker checks it once), those that break a serious rule first."""
    pages: dict[str, CheckedPage] = {}
    for s in run.scenarios:
        for data in s.element.get(ACCESSIBILITY, []):
            check = PageCheck.from_json(data)
            pages.setdefault(check.key, CheckedPage(check, s))
    order = {"failed": 0, "warning": 1, "minor": 2, "passed": 3}
    return sorted(pages.values(), key=lambda p: (order[p.state], p.check.where, p.check.title))


# --- formatting ---------------------------------------------------------------------------------


def fr_duration(ns: float) -> str:
    seconds = ns / 1e9
    if seconds < 1:
        return f"{round(seconds * 1000)} ms"
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".", ",")
    minutes, sec = divmod(round(seconds), 60)
    return f"{minutes} min {sec:02d} s"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n < 2 else (many or one + 's')}"


def short_error(message: str) -> str:
    """The lines pytest marks with 'E' (the assertion), else the last non-empty line."""
    lines = [ln[1:].strip() for ln in message.splitlines() if ln.startswith("E ")]
    if lines:
        return "\n".join(lines[:12])
    rest = [ln.strip() for ln in message.splitlines() if ln.strip()]
    return rest[-1] if rest else ""


def shorten(text: str, limit: int) -> str:
    """On one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def data_uri(mime: str, b64: str) -> str:
    return f"data:{mime};base64,{b64}"


def file_data_uri(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    mime = "image/jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "image/png"
    return data_uri(mime, base64.b64encode(raw).decode("ascii"))


def relative_link(target: Path, html_dir: Path) -> str:
    """An href to `target` from a page in `html_dir`: relative where it can be, so the folder can move."""
    try:
        rel = os.path.relpath(target, html_dir)
    except ValueError:
        return target.resolve().as_uri()
    return quote(Path(rel).as_posix())


# --- the page -----------------------------------------------------------------------------------


@dataclass
class Line:
    """A row of a scenario's table: a hook (before or after the steps) or a step."""

    status: str
    keyword: str
    text: str
    duration: str  # empty for a skipped step


@dataclass
class StepError:
    keyword: str
    where: str  # the step's text, or the hook's location
    message: str  # pytest's whole message
    explained: str = ""  # in French: what was expected, what the page showed (harness.failure_words)


@dataclass
class Figure:
    uri: str  # a data URI
    caption: str


@dataclass
class TraceLink:
    path: str  # relative to the directory pytest ran from, for the command that opens it
    href: str  # relative to the page


@dataclass
class Failure:
    errors: list[StepError]
    figures: list[Figure]
    traces: list[TraceLink]
    second_run: str  # what the traced second run says of the failure, or ""
    nodeid: str  # the pytest test, when known


@dataclass
class ScenarioView:
    run: ScenarioRun
    lines: list[Line]
    statements: list[Statement]  # the guide's statements whose ids it carries
    failure: Failure | None


@dataclass
class FeatureView:
    id: str
    keyword: str
    name: str
    uri: str
    summary: str  # its scenarios' counts by status
    description: str
    tags: list[str]
    scenarios: list[ScenarioView]


@dataclass
class Page:
    """The values the templates show (the names they use); no markup, no escaping yet."""

    title: str
    subject: str  # what was tested, or ""
    generated: str
    run: Run
    counts: Counter[str]  # scenarios by status
    failed: list[ScenarioRun]
    warnings: list[ScenarioRun]  # recommendations not followed (harness/verdicts.py)
    all_tags: list[str]  # the tag filter's choices: other tags first, then statement ids
    features: list[FeatureView]
    guide: Guide | None
    guide_error: str | None
    rows: list[MatrixRow]
    states: Counter[str]  # matrix rows by state
    verified: int  # statements this run checked: a scenario carrying the id ran (passed or failed)
    launched: int  # the feature files' scenarios (an outline once) this run ran
    scenarios_total: int  # the feature files' scenarios, when they were read (else those of the run)
    legend: list[str]  # the states that some statement is in
    sections: list[tuple[str, list[MatrixRow]]]  # the matrix's rows by part of the guide
    checked_pages: list[CheckedPage] = field(default_factory=list)  # harness.accessibility's
    axe_version: str = ""


def lines(element: dict[str, Any]) -> list[Line]:
    def hook(label: str, part: dict[str, Any]) -> Line:
        res = part.get("result", {})
        location = part.get("match", {}).get("location", "")
        return Line(res.get("status", "passed"), label, location, fr_duration(res.get("duration") or 0))

    rows = [hook("Préparation", part) for part in element.get("before", [])]
    for step in element.get("steps", []):
        res = step.get("result", {})
        status = res.get("status", "skipped")
        if element.get("verdict") == WARNING and res.get("error_message"):
            status = "warning"
        duration = fr_duration(res.get("duration") or 0) if status != "skipped" else ""
        rows.append(Line(status, step.get("keyword", "").strip(), step.get("name", ""), duration))
    return rows + [hook("Nettoyage", part) for part in element.get("after", [])]


def failure(s: ScenarioRun, base_dir: Path, html_dir: Path) -> Failure:
    """Its failed steps' errors, its screenshots (embedded, else pytest-playwright's) and its traces."""
    el = s.element
    errors: list[StepError] = []
    figures: list[Figure] = []
    for part in list(el.get("before", [])) + list(el.get("steps", [])) + list(el.get("after", [])):
        res = part.get("result", {})
        msg = res.get("error_message")
        if msg and (res.get("status") in ("failed", "undefined") or el.get("verdict") == WARNING):
            where = part.get("name") or part.get("match", {}).get("location", "")
            explained = explain(part.get("name", ""), msg, el.get(PAGE_AT_FAILURE)) if part.get("name") else ""
            errors.append(StepError((part.get("keyword") or "").strip(), where, msg, explained))
        for emb in part.get("embeddings", []):
            if emb.get("mime_type") in IMAGE_TYPES and emb.get("data"):
                uri = data_uri(emb["mime_type"], emb["data"])
                figures.append(Figure(uri, "Capture d'écran de la page à l'étape en échec"))
    art = s.artifacts or Artifacts()
    if not figures:
        for shot in art.screenshots:
            uri = file_data_uri(base_dir / shot)
            if uri:
                figures.append(Figure(uri, f"Capture d'écran de pytest-playwright ({shot})"))
    traces = [TraceLink(trace, relative_link(base_dir / trace, html_dir)) for trace in art.traces]
    second_run = SECOND_RUN_TEXT.get(art.second_run or "", "") if traces else ""
    return Failure(errors, figures, traces, second_run, art.nodeid)


def prepare_page(
    run: Run,
    *,
    guide: Guide | None,
    scanned: list[ScenarioRef],
    guide_error: str | None,
    html_dir: Path,
    base_dir: Path,
    generated: dt.datetime,
    title: str,
    subject: str = "",
) -> Page:
    """The page's values. Artifact paths are relative to `base_dir`; links are relative to `html_dir`."""
    rows = matrix(guide, run, scanned) if guide else []
    statements = {row.statement.id: row.statement for row in rows}
    features = []
    for feature in run.features:
        runs = [s for s in run.scenarios if s.feature_uri == feature.get("uri", "")]
        if not runs:
            continue
        counts = Counter(s.status for s in runs)
        scenarios = [
            ScenarioView(
                s,
                lines(s.element),
                [statements[sid] for sid in s.statement_ids if sid in statements],
                failure(s, base_dir, html_dir) if s.status in ("failed", "warning") else None,
            )
            for s in runs
        ]
        features.append(FeatureView(
            id=feature.get("id", ""),
            keyword=feature.get("keyword", "Fonctionnalité"),
            name=feature.get("name", ""),
            uri=feature.get("uri", ""),
            summary=", ".join(plural(counts[k], SCENARIO_LABEL[k]) for k in SCENARIO_STATUSES if counts[k]),
            description=textwrap.dedent(feature.get("description") or "").strip(),
            tags=[t["name"].lstrip("@") for t in feature.get("tags", [])],
            scenarios=scenarios,
        ))
    states = Counter(r.state for r in rows)
    sections: dict[int, list[MatrixRow]] = {}
    for row in rows:
        sections.setdefault(row.statement.section, []).append(row)
    all_tags = {t for s in run.scenarios for t in s.tags}
    titles = guide.sections if guide else {}
    return Page(
        title=title,
        subject=subject,
        generated=generated.strftime("%d/%m/%Y à %H:%M"),
        run=run,
        counts=run.count(),
        failed=[s for s in run.scenarios if s.status == "failed"],
        warnings=[s for s in run.scenarios if s.status == "warning"],
        all_tags=sorted(all_tags, key=lambda t: (bool(traceability.LOOKS_LIKE_ID.match(t)), t)),
        features=features,
        guide=guide,
        guide_error=guide_error,
        rows=rows,
        states=states,
        verified=states["ok"] + states["failed"],
        launched=len({(s.feature_uri, s.line) for s in run.scenarios}),
        scenarios_total=len({(r.uri, r.line) for r in scanned} | {(s.feature_uri, s.line) for s in run.scenarios}),
        legend=[k for k in ("ok", "failed", "not-run", "pending", "uncovered") if states[k]],
        sections=[(titles.get(n, f"Partie {n}"), part) for n, part in sections.items()],
        checked_pages=checked_pages(run),
        axe_version=axe_version(),
    )
