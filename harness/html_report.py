"""Living documentation: `reports/index.html` and the end-of-run summary, in French.

Built in the controller process (never in an xdist worker) at session end, after
harness.cucumber_report has written its JSON, from that file, the guide's
statements (features/guide.toml, harness/traceability.py) and the Playwright
artifacts of each failed test (``playwright_trace`` and ``playwright_screenshot``
user properties, from harness.evidence and pytest-playwright).

One self-contained file: inline CSS and JS, screenshots as data URIs, no
network (a Content-Security-Policy forbids any fetch). It opens from disk.

Enable with ``-p harness.html_report`` (conftest.py does). The page goes next to
``--cucumber-report`` as ``index.html`` unless ``--html-report=PATH`` says
otherwise. Rebuild by hand: ``python -m harness.html_report reports/cucumber.json``.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import html
import json
import os
import textwrap
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import traceability
from .traceability import Guide, GuideError, ScenarioRef, Statement

SHOW_TRACE = ".venv/bin/playwright show-trace"
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
    "undefined": "non définie",
    "pending": "en attente",
}
SCENARIO_LABEL = {"passed": "réussi", "failed": "en échec", "skipped": "ignoré"}
STATE_LABEL = {
    "ok": "conforme",
    "failed": "en échec",
    "not-run": "non exécuté",
    "pending": "en attente",
    "uncovered": "non couvert",
}
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


# --- data -------------------------------------------------------------------------------------


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
    tags: list[str]
    artifacts: Artifacts | None = None

    @property
    def name(self) -> str:
        return self.element.get("name", "")

    @property
    def line(self) -> int:
        return int(self.element.get("line", 0))

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

    def at(self, uri: str, line: int) -> list[ScenarioRun]:
        return [s for s in self.scenarios if s.feature_uri == uri and s.line == line]


def _hooks(element: dict[str, Any]) -> list[dict[str, Any]]:
    return list(element.get("before", [])) + list(element.get("after", []))


def scenario_status(element: dict[str, Any]) -> str:
    """failed (a failed or undefined step, or a failed hook), passed (everything passed) or skipped."""
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
    refs: list[ScenarioRef]
    runs: list[ScenarioRun]
    state: str


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
        tagged = [r for r in refs.values() if st.id in r.tags]
        runs = [x for r in tagged for x in run.at(r.uri, r.line)]
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
        rows.append(MatrixRow(st, tagged, runs, state))
    return rows


# --- formatting helpers ------------------------------------------------------------------------

e = html.escape


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


def _data_uri(mime: str, b64: str) -> str:
    return f"data:{mime};base64,{b64}"


def _file_data_uri(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    mime = "image/jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "image/png"
    return _data_uri(mime, base64.b64encode(raw).decode("ascii"))


def _link(target: Path, html_dir: Path) -> str:
    try:
        rel = os.path.relpath(target, html_dir)
    except ValueError:
        return target.resolve().as_uri()
    from urllib.parse import quote

    return quote(Path(rel).as_posix())


# --- HTML -----------------------------------------------------------------------------------------

CSS = """
:root{--ok:#1b7f3b;--ko:#c62828;--skip:#8a6d00;--pend:#5c6bc0;--muted:#5f6368;--line:#dadce0;--bg:#f6f7f9}
*{box-sizing:border-box}
[id]{scroll-margin-top:56px}
tr[id]{scroll-margin-top:110px}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#202124;background:var(--bg)}
header{background:#1f3a60;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85}
nav{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;display:flex;gap:18px;flex-wrap:wrap;align-items:center}
nav a{color:#1f3a60;font-weight:600;text-decoration:none}
main{padding:18px 28px;max-width:1280px}
h2{font-size:19px;margin:28px 0 10px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:14px}
.card{background:#fff;color:#202124;border-radius:8px;padding:10px 16px;min-width:120px;border-top:4px solid var(--muted)}
.card b{display:block;font-size:26px}
.card.passed{border-color:var(--ok)} .card.failed{border-color:var(--ko)} .card.skipped{border-color:var(--skip)} .card.pending{border-color:var(--pend)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}
.badge.passed,.badge.ok{background:var(--ok)} .badge.failed,.badge.undefined,.badge.uncovered{background:var(--ko)}
.badge.skipped,.badge.not-run{background:var(--skip)} .badge.pending{background:var(--pend)}
.tag{display:inline-block;font-size:12px;color:#1f3a60;background:#e8eef7;border-radius:4px;padding:0 5px;margin:0 3px 2px 0;cursor:pointer}
.tag.id{background:#fff3cd;color:#5d4300}
.feature{background:#fff;border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:12px 16px}
.feature h3{margin:0 0 4px;font-size:17px}
.desc{white-space:pre-line;color:#3c4043;margin:6px 0 10px;font-size:14px}
.muted{color:var(--muted);font-size:13px}
details.scenario{border-top:1px solid var(--line);padding:6px 0}
details.scenario>summary{cursor:pointer;list-style:none;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
details.scenario>summary::before{content:"▸";color:var(--muted)} details.scenario[open]>summary::before{content:"▾"}
details.scenario>summary .name{font-weight:600}
table{border-collapse:collapse;width:100%}
td,th{padding:3px 6px;vertical-align:top;text-align:left}
table.steps td.kw{font-weight:600;color:#1f3a60;white-space:nowrap;width:1%}
table.steps td.st,table.steps td.du{white-space:nowrap;width:1%;font-size:13px}
tr.step-failed,tr.step-undefined{background:#fdecea}
tr.step-skipped td.nm{color:var(--muted)}
.failure{border-left:4px solid var(--ko);background:#fff8f7;padding:8px 12px;margin:8px 0}
.failure pre,.err pre{white-space:pre-wrap;word-break:break-word;font-size:12.5px;margin:6px 0}
.failure .msg{font-weight:600;color:#8e1c1c}
pre.full{max-height:320px;overflow:auto;background:#fff;border:1px solid var(--line);padding:6px}
code.cmd{display:inline-block;max-width:100%;white-space:pre-wrap;word-break:break-all;background:#202124;color:#e8eaed;padding:3px 8px;border-radius:4px;font-size:12.5px;user-select:all}
figure{margin:8px 0} figure img{max-width:100%;max-height:420px;border:1px solid var(--line);cursor:zoom-in;background:#fff}
figure img.zoom{max-height:none;cursor:zoom-out}
figcaption{font-size:12px;color:var(--muted)}
.filters{display:flex;gap:8px;align-items:center;flex-wrap:wrap;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.filters button{border:1px solid var(--line);background:#fff;border-radius:14px;padding:2px 12px;cursor:pointer;font:inherit}
.filters button[aria-pressed=true]{background:#1f3a60;color:#fff;border-color:#1f3a60}
.filters select{font:inherit;padding:2px 4px}
.hidden{display:none!important}
table.matrix{background:#fff;border:1px solid var(--line)}
table.matrix th{background:#eef1f5;position:sticky;top:38px;z-index:1}
table.matrix td{border-top:1px solid var(--line);font-size:14px}
table.matrix td.id{font-weight:700;white-space:nowrap}
table.matrix tr.section th{background:#1f3a60;color:#fff;position:static;font-size:15px}
table.matrix q{font-style:italic}
table.matrix ul{margin:0;padding-left:16px}
ul.fails li{margin:4px 0}
a{color:#1a56a6}
"""

JS = """
(function(){
  var state={status:'all',tag:''};
  function apply(){
    var shown=0;
    document.querySelectorAll('details.scenario').forEach(function(d){
      var ok=(state.status==='all'||d.dataset.status===state.status)&&
             (!state.tag||(' '+d.dataset.tags+' ').indexOf(' '+state.tag+' ')>=0);
      d.classList.toggle('hidden',!ok); if(ok) shown++;
    });
    document.querySelectorAll('section.feature').forEach(function(f){
      f.classList.toggle('hidden',!f.querySelector('details.scenario:not(.hidden)'));
    });
    document.querySelectorAll('tr.statement').forEach(function(r){
      r.classList.toggle('hidden',!!state.tag&&(' '+r.dataset.tags+' ').indexOf(' '+state.tag+' ')<0&&r.dataset.id!==state.tag);
    });
    document.querySelectorAll('table.matrix tbody').forEach(function(b){
      b.classList.toggle('hidden',!b.querySelector('tr.statement:not(.hidden)'));
    });
    var c=document.getElementById('shown'); if(c) c.textContent=shown;
    document.querySelectorAll('.filters button[data-status]').forEach(function(b){
      b.setAttribute('aria-pressed', b.dataset.status===state.status?'true':'false');
    });
    var s=document.getElementById('tag-filter'); if(s&&s.value!==state.tag) s.value=state.tag;
  }
  document.querySelectorAll('.filters button[data-status]').forEach(function(b){
    b.addEventListener('click',function(){state.status=b.dataset.status;apply();});
  });
  var sel=document.getElementById('tag-filter');
  if(sel) sel.addEventListener('change',function(){state.tag=sel.value;apply();});
  document.querySelectorAll('.tag[data-tag]').forEach(function(t){
    t.addEventListener('click',function(ev){ev.preventDefault();state.tag=t.dataset.tag;apply();
      document.getElementById('scenarios').scrollIntoView();});
  });
  var reset=document.getElementById('reset');
  if(reset) reset.addEventListener('click',function(){state={status:'all',tag:''};apply();});
  document.querySelectorAll('figure img').forEach(function(i){
    i.addEventListener('click',function(){i.classList.toggle('zoom');});
  });
  apply();
})();
"""


def _badge(status: str, label: str | None = None) -> str:
    return f'<span class="badge {e(status)}">{e(label or STATUS_LABEL.get(status, status))}</span>'


def _tag(name: str) -> str:
    cls = "tag id" if traceability.LOOKS_LIKE_ID.match(name) else "tag"
    return f'<a class="{cls}" href="#scenarios" data-tag="{e(name)}" title="Filtrer sur @{e(name)}">@{e(name)}</a>'


class _Page:
    def __init__(
        self,
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
    ) -> None:
        self.run = run
        self.subject = subject
        self.guide = guide
        self.scanned = scanned
        self.guide_error = guide_error
        self.html_dir = html_dir
        self.base_dir = base_dir  # the directory artifact paths are relative to
        self.generated = generated
        self.title = title
        self.rows = matrix(guide, run, scanned) if guide else []
        self.statements = {row.statement.id: row.statement for row in self.rows}

    # -- sections

    def render(self) -> str:
        return "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="fr"><head><meta charset="utf-8">',
                '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
                "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{e(self.title)}</title><style>{CSS}</style></head><body>",
                self.header(),
                '<nav><a href="#echecs">Échecs</a><a href="#scenarios">Fonctionnalités et scénarios</a>'
                '<a href="#matrice">Matrice du guide</a></nav>',
                "<main>",
                self.failures(),
                self.features(),
                self.matrix(),
                "</main>",
                f"<script>{JS}</script></body></html>",
            ]
        )

    def header(self) -> str:
        counts = self.run.count()
        total = len(self.run.scenarios)
        when = self.generated.strftime("%d/%m/%Y à %H:%M")
        if self.run.wall_seconds is not None:
            duration = f"Durée du passage : {fr_duration(self.run.wall_seconds * 1e9)}"
            duration += f" (temps cumulé des scénarios : {fr_duration(self.run.total_ns)})"
        else:
            duration = f"Temps cumulé des scénarios : {fr_duration(self.run.total_ns)}"
        cards = [
            f'<div class="card"><b>{total}</b>scénarios</div>',
            f'<div class="card passed"><b>{counts["passed"]}</b>réussis</div>',
            f'<div class="card failed"><b>{counts["failed"]}</b>en échec</div>',
            f'<div class="card skipped"><b>{counts["skipped"]}</b>ignorés</div>',
        ]
        if self.rows:
            states = Counter(r.state for r in self.rows)
            covered = len(self.rows) - states["pending"] - states["uncovered"]
            cards.append(
                f'<div class="card"><b>{covered}/{len(self.rows)}</b>énoncés du guide couverts</div>'
            )
            cards.append(f'<div class="card pending"><b>{states["pending"]}</b>énoncés en attente</div>')
        empty = "" if total else "<p>Aucun scénario n'a été exécuté dans ce passage.</p>"
        return (
            f"<header><h1>{e(self.title)}</h1>"
            + (f"<p><strong>{e(self.subject)}</strong></p>" if self.subject else "")
            + f"<p>Rapport généré le {e(when)} · {e(duration)}</p>"
            f'<div class="cards">{"".join(cards)}</div>{empty}</header>'
        )

    def failures(self) -> str:
        failed = [s for s in self.run.scenarios if s.status == "failed"]
        if not failed:
            return '<section id="echecs"><h2>Échecs</h2><p>Aucun scénario en échec.</p></section>'
        items = []
        for s in failed:
            ids = " ".join(_tag(t) for t in s.statement_ids)
            items.append(
                f'<li>{_badge("failed")} <a href="#{s.anchor}">{e(s.name)}</a> '
                f'<span class="muted">{e(s.feature_name)} — {e(s.feature_uri)}:{s.line}</span> {ids}</li>'
            )
        return (
            f'<section id="echecs"><h2>Échecs ({len(failed)})</h2>'
            f'<ul class="fails">{"".join(items)}</ul></section>'
        )

    def features(self) -> str:
        tags = sorted({t for s in self.run.scenarios for t in s.tags}, key=lambda t: (bool(traceability.LOOKS_LIKE_ID.match(t)), t))
        options = "".join(f'<option value="{e(t)}">@{e(t)}</option>' for t in tags)
        filters = (
            '<div class="filters" role="group" aria-label="Filtres">'
            "<span>Statut :</span>"
            '<button type="button" data-status="all" aria-pressed="true">Tous</button>'
            '<button type="button" data-status="passed">Réussis</button>'
            '<button type="button" data-status="failed">En échec</button>'
            '<button type="button" data-status="skipped">Ignorés</button>'
            '<label>Étiquette : <select id="tag-filter"><option value="">toutes</option>'
            f"{options}</select></label>"
            '<button type="button" id="reset">Réinitialiser</button>'
            f'<span class="muted"><span id="shown">{len(self.run.scenarios)}</span> scénario(s) affiché(s)</span>'
            "</div>"
        )
        sections = []
        for feature in self.run.features:
            runs = [s for s in self.run.scenarios if s.feature_uri == feature.get("uri", "")]
            if not runs:
                continue
            counts = Counter(s.status for s in runs)
            summary = ", ".join(
                f"{counts[k]} {SCENARIO_LABEL[k]}{'s' if counts[k] > 1 else ''}" for k in ("passed", "failed", "skipped") if counts[k]
            )
            desc = textwrap.dedent(feature.get("description") or "").strip()
            ftags = " ".join(_tag(t["name"].lstrip("@")) for t in feature.get("tags", []))
            sections.append(
                f'<section class="feature" id="f-{e(feature.get("id", ""))}">'
                f'<h3>{e(feature.get("keyword", "Fonctionnalité"))} : {e(feature.get("name", ""))}</h3>'
                f'<div class="muted">{e(feature.get("uri", ""))} · {e(summary)} {ftags}</div>'
                + (f'<div class="desc">{e(desc)}</div>' if desc else "")
                + "".join(self.scenario(s) for s in runs)
                + "</section>"
            )
        return f'<section id="scenarios"><h2>Fonctionnalités et scénarios</h2>{filters}{"".join(sections)}</section>'

    def scenario(self, s: ScenarioRun) -> str:
        el = s.element
        own_tags = [t["name"].lstrip("@") for t in el.get("tags", [])]
        open_attr = " open" if s.status == "failed" else ""
        rows = []
        for hook in el.get("before", []):
            rows.append(self.hook_row("Préparation", hook))
        for step in el.get("steps", []):
            res = step.get("result", {})
            status = res.get("status", "skipped")
            rows.append(
                f'<tr class="step-{e(status)}"><td class="kw">{e(step.get("keyword", "").strip())}</td>'
                f'<td class="nm">{e(step.get("name", ""))}</td>'
                f'<td class="st">{_badge(status)}</td>'
                f'<td class="du">{e(fr_duration(res.get("duration") or 0)) if status != "skipped" else ""}</td></tr>'
            )
        for hook in el.get("after", []):
            rows.append(self.hook_row("Nettoyage", hook))
        guide_lines = []
        for sid in s.statement_ids:
            st = self.statements.get(sid)
            if st is not None:
                guide_lines.append(
                    f'<li><a href="#st-{e(sid)}">{e(sid)}</a> <q>{e(_short(st.quote, 160))}</q></li>'
                )
        guide_block = f'<div class="muted">Vérifie dans le guide :</div><ul>{"".join(guide_lines)}</ul>' if guide_lines else ""
        return (
            f'<details class="scenario" id="{s.anchor}" data-status="{s.status}" data-tags="{e(" ".join(s.tags))}"{open_attr}>'
            f'<summary>{_badge(s.status, SCENARIO_LABEL[s.status])} <span class="name">{e(el.get("keyword", "Scénario"))} : {e(s.name)}</span>'
            f'<span class="muted">{e(fr_duration(s.duration_ns))} · ligne {s.line}</span> '
            f'{" ".join(_tag(t) for t in own_tags)}</summary>'
            f"{guide_block}"
            f'<table class="steps">{"".join(rows)}</table>'
            f"{self.failure(s) if s.status == 'failed' else ''}"
            "</details>"
        )

    @staticmethod
    def hook_row(label: str, hook: dict[str, Any]) -> str:
        res = hook.get("result", {})
        status = res.get("status", "passed")
        return (
            f'<tr class="step-{e(status)}"><td class="kw">{e(label)}</td><td class="nm">{e(hook.get("match", {}).get("location", ""))}</td>'
            f'<td class="st">{_badge(status)}</td><td class="du">{e(fr_duration(res.get("duration") or 0))}</td></tr>'
        )

    def failure(self, s: ScenarioRun) -> str:
        el = s.element
        parts = list(el.get("before", [])) + list(el.get("steps", [])) + list(el.get("after", []))
        blocks = []
        images: list[tuple[str, str]] = []
        for part in parts:
            res = part.get("result", {})
            msg = res.get("error_message")
            if msg and res.get("status") in ("failed", "undefined"):
                where = part.get("name") or part.get("match", {}).get("location", "")
                kw = (part.get("keyword") or "").strip()
                blocks.append(
                    f'<div class="err"><div>Étape en échec : <b>{e(kw)} {e(where)}</b></div>'
                    f'<pre class="msg">{e(short_error(msg))}</pre>'
                    f"<details><summary>Message complet de pytest</summary><pre class=\"full\">{e(msg)}</pre></details></div>"
                )
            for emb in part.get("embeddings", []):
                if emb.get("mime_type") in IMAGE_TYPES and emb.get("data"):
                    images.append((_data_uri(emb["mime_type"], emb["data"]), "Capture d'écran de la page à l'étape en échec"))
        art = s.artifacts
        if not images and art is not None:
            for shot in art.screenshots:
                uri = _file_data_uri(self.base_dir / shot)
                if uri:
                    images.append((uri, f"Capture d'écran de pytest-playwright ({shot})"))
        figures = "".join(
            f'<figure><img src="{uri}" alt="{e(caption)}" loading="lazy"><figcaption>{e(caption)} — cliquer pour agrandir</figcaption></figure>'
            for uri, caption in images
        )
        traces = []
        if art is not None and art.traces:
            for trace in art.traces:
                link = _link(self.base_dir / trace, self.html_dir)
                traces.append(
                    f'<p>Trace Playwright : <a href="{e(link)}">{e(trace)}</a><br>'
                    f'Pour la rejouer : <code class="cmd">{e(SHOW_TRACE)} {e(trace)}</code></p>'
                )
            if art.second_run in SECOND_RUN_TEXT:
                traces.append(f'<p class="muted">{e(SECOND_RUN_TEXT[art.second_run])}</p>')
        elif art is not None and art.nodeid:
            traces.append(f'<p class="muted">Pas de trace Playwright pour ce test ({e(art.nodeid)}).</p>')
        else:
            traces.append(
                '<p class="muted">Trace Playwright : voir <code>reports/traces/</code> '
                "(le lien n'est connu que lorsque le rapport est construit par pytest).</p>"
            )
        if art is not None and art.nodeid:
            traces.append(f'<p class="muted">Test pytest : <code>{e(art.nodeid)}</code></p>')
        return f'<div class="failure">{"".join(blocks)}{figures}{"".join(traces)}</div>'

    def matrix(self) -> str:
        head = '<section id="matrice"><h2>Matrice de traçabilité du guide</h2>'
        if self.guide_error:
            return head + f'<p class="failure">Fichier du guide illisible : {e(self.guide_error)}</p></section>'
        if not self.guide:
            return head + "<p>Pas de fichier du guide (features/guide.toml) : pas de matrice.</p></section>"
        states = Counter(r.state for r in self.rows)
        legend = " · ".join(
            f"{_badge(k, STATE_LABEL[k])} {states[k]}" for k in ("ok", "failed", "not-run", "pending", "uncovered") if states[k]
        )
        intro = (
            f"<p>{e(self.guide.title)} : {plural(len(self.rows), 'énoncé vérifiable', 'énoncés vérifiables')}. "
            "Un scénario vérifie un énoncé en portant son identifiant comme étiquette (ex. <code>@G1-ACT-3</code>). "
            f"{legend}</p>"
        )
        bodies: dict[int, list[str]] = {}
        for row in self.rows:
            st = row.statement
            rows = bodies.setdefault(st.section, [])
            topic = e(st.topic) + (f'<br><span class="muted">{e(st.kind)}</span>' if st.kind else "")
            note = f'<br><span class="muted">{e(st.note)}</span>' if st.note else ""
            if row.state == "pending":
                cell = f"<i>{e(st.pending or '')}</i>"
            elif row.state == "uncovered":
                cell = "<b>Aucun scénario ne porte cet identifiant.</b>"
            else:
                items = []
                for ref in row.refs:
                    runs = self.run.at(ref.uri, ref.line)
                    if runs:
                        links = " ".join(
                            f'<a href="#{x.anchor}">{_badge(x.status, SCENARIO_LABEL[x.status])}</a>' for x in runs
                        )
                        items.append(f"<li>{e(ref.name)} {links}</li>")
                    else:
                        items.append(
                            f'<li>{e(ref.name)} {_badge("not-run", "non exécuté")} '
                            f'<span class="muted">{e(ref.uri)}:{ref.line}</span></li>'
                        )
                cell = f"<ul>{''.join(items)}</ul>"
            tags = " ".join(t for r in row.refs for t in r.tags)
            rows.append(
                f'<tr class="statement" id="st-{e(st.id)}" data-id="{e(st.id)}" data-state="{row.state}" data-tags="{e(tags)}">'
                f'<td class="id">{e(st.id)}</td>'
                f"<td>{topic}</td>"
                f"<td><q>{e(st.quote)}</q>{note}</td>"
                f"<td>{_badge(row.state, STATE_LABEL[row.state])}</td>"
                f"<td>{cell}</td></tr>"
            )
        tbodies = "".join(
            f'<tbody><tr class="section"><th colspan="5">{e(self.guide.sections.get(n, f"Partie {n}"))}</th></tr>'
            f'{"".join(rows)}</tbody>'
            for n, rows in bodies.items()
        )
        table = (
            '<table class="matrix"><thead><tr><th>Énoncé</th><th>Passage du guide</th><th>Le guide dit</th>'
            f"<th>État</th><th>Scénarios</th></tr></thead>{tbodies}</table>"
        )
        return head + intro + table + "</section>"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_html(
    features: list[dict[str, Any]],
    *,
    guide_path: Path | None = None,
    features_dir: Path | None = None,
    root: Path | None = None,
    artifacts: dict[tuple[str, str], Artifacts] | None = None,
    wall_seconds: float | None = None,
    html_dir: Path | None = None,
    base_dir: Path | None = None,
    generated: dt.datetime | None = None,
    title: str = "Rapport de conformité — parcours des parents dans l'ENT avec ÉduConnect",
    subject: str = "",
) -> str:
    """The report page as a string. Paths in `artifacts` are relative to `base_dir`."""
    run = load_run(features, artifacts, wall_seconds)
    guide, scanned, error = _guide_and_scenarios(guide_path, features_dir, root)
    html_dir = Path(html_dir or Path.cwd())
    return _Page(
        run,
        guide=guide,
        scanned=scanned,
        guide_error=error,
        html_dir=html_dir,
        base_dir=Path(base_dir or Path.cwd()),
        generated=generated or dt.datetime.now(),
        title=title,
        subject=subject,
    ).render()


def _guide_and_scenarios(
    guide_path: Path | None, features_dir: Path | None, root: Path | None
) -> tuple[Guide | None, list[ScenarioRef], str | None]:
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


def write_report(path: Path, features: list[dict[str, Any]], **kwargs: Any) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("html_dir", path.parent)
    path.write_text(render_html(features, **kwargs), encoding="utf-8")
    return path


# --- terminal summary ---------------------------------------------------------------------------


def summary_lines(
    features: list[dict[str, Any]],
    report_path: str,
    *,
    guide: Guide | None,
    scanned: list[ScenarioRef],
    wall_seconds: float | None = None,
    artifacts: dict[tuple[str, str], Artifacts] | None = None,
    max_failures: int = 12,
) -> list[tuple[str, dict[str, bool]]]:
    """Lines (text, markup) for one screen: counts, failures with their guide statements, where the report is."""
    run = load_run(features, artifacts, wall_seconds)
    counts = run.count()
    lines: list[tuple[str, dict[str, bool]]] = []
    if not run.scenarios:
        return [(f"Aucun scénario dans ce passage. Rapport : {report_path}", {})]
    duration = fr_duration((wall_seconds * 1e9) if wall_seconds is not None else run.total_ns)
    text = (
        f"Scénarios : {counts['passed']} réussi(s), {counts['failed']} en échec, {counts['skipped']} ignoré(s)"
        f" — {len(run.scenarios)} au total, {duration}"
    )
    lines.append((text, {"red": bool(counts["failed"]), "green": not counts["failed"], "bold": True}))
    statements = guide.by_id() if guide else {}
    failed = [s for s in run.scenarios if s.status == "failed"]
    if failed:
        lines.append(("Scénarios en échec :", {"red": True}))
    for s in failed[:max_failures]:
        lines.append((f"  ✗ {s.name}  ({s.feature_uri}:{s.line})", {"red": True}))
        ids = s.statement_ids
        if ids:
            for sid in ids[:3]:
                st = statements.get(sid)
                quote = f" « {_short(st.quote, 70)} »" if st else ""
                lines.append((f"      guide {sid}{quote}", {}))
            if len(ids) > 3:
                lines.append((f"      … et {len(ids) - 3} autre(s) énoncé(s)", {}))
        elif "conformance" in s.tags:
            lines.append(("      (contrôle de conformité SAML : la règle est dans le titre)", {}))
        else:
            lines.append(("      (choix de la pile de référence, pas d'énoncé du guide)", {}))
        if s.artifacts and s.artifacts.traces:
            lines.append((f"      trace : {SHOW_TRACE} {s.artifacts.traces[0]}", {}))
            if s.artifacts.second_run == "passed":
                lines.append(("      (la seconde exécution, tracée, a réussi : échec intermittent)", {}))
    if len(failed) > max_failures:
        lines.append((f"  … et {len(failed) - max_failures} autre(s) : voir le rapport", {"red": True}))
    if guide is not None:
        rows = matrix(guide, run, scanned)
        states = Counter(r.state for r in rows)
        covered = len(rows) - states["pending"] - states["uncovered"]
        text = (
            f"Guide : {covered} énoncé(s) couvert(s) sur {len(rows)} — {states['ok']} conforme(s), "
            f"{states['failed']} en échec, {states['not-run']} non exécuté(s) ; {states['pending']} en attente"
        )
        if states["uncovered"]:
            text += f" ; {states['uncovered']} NON COUVERT(S)"
        lines.append((text, {"red": bool(states["failed"] or states["uncovered"])}))
    lines.append((f"Rapport : {report_path}", {"bold": True}))
    return lines


# --- pytest plugin --------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("bdd").addoption(
        "--html-report",
        dest="html_report",
        metavar="PATH",
        default=None,
        help="write the French HTML report (living documentation) to PATH; "
        "default: index.html next to --cucumber-report.",
    )


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return  # only the controller (or the single process) builds the page
    option = config.getoption("html_report", None)
    cucumber = config.getoption("cucumber_report", None)
    if not option and not cucumber:
        return
    base = config.invocation_params.dir
    cucumber_path = base / os.path.expandvars(os.path.expanduser(cucumber)) if cucumber else None
    html_path = base / os.path.expandvars(os.path.expanduser(option)) if option else cucumber_path.parent / "index.html"  # type: ignore[union-attr]
    config.pluginmanager.register(_HtmlReport(config, html_path, cucumber_path), "html-report-builder")


class _HtmlReport:
    def __init__(self, config: pytest.Config, path: Path, cucumber_path: Path | None) -> None:
        self.config = config
        self.path = path
        self.cucumber_path = cucumber_path
        self.started = time.monotonic()
        self.by_nodeid: dict[str, Artifacts] = {}
        self.features: list[dict[str, Any]] | None = None
        self.artifacts: dict[tuple[str, str], Artifacts] = {}
        self.wall: float | None = None
        self.error: str | None = None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.started = time.monotonic()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name in ("playwright_trace", "playwright_screenshot", SECOND_RUN):
                art = self.by_nodeid.setdefault(report.nodeid, Artifacts(nodeid=report.nodeid))
            if name == SECOND_RUN:
                art.second_run = str(value)
            elif name in ("playwright_trace", "playwright_screenshot"):
                target = art.traces if name == "playwright_trace" else art.screenshots
                if value not in target:
                    target.append(str(value))

    def _paths(self) -> tuple[Path, Path]:
        root = self.config.rootpath
        try:
            base = self.config.getini("bdd_features_base_dir") or "features"
        except (ValueError, KeyError):
            base = "features"
        features_dir = root / base
        return features_dir / "guide.toml", features_dir

    def _element_artifacts(self) -> dict[tuple[str, str], Artifacts]:
        """(feature uri, element id) -> artifacts, through the cucumber plugin's records (keyed by node id)."""
        writer = self.config.pluginmanager.get_plugin("cucumber-report-writer")
        records = getattr(writer, "records", {}) or {}
        found: dict[tuple[str, str], Artifacts] = {}
        for nodeid, record in records.items():
            try:
                key = (record["feature"]["uri"], record["element"]["id"])
            except (KeyError, TypeError):
                continue
            found[key] = self.by_nodeid.get(nodeid) or Artifacts(nodeid=nodeid)
        return found

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        # trylast: the cucumber plugin has written its JSON by now.
        self.wall = time.monotonic() - self.started
        try:
            if self.cucumber_path is not None and self.cucumber_path.exists():
                self.features = json.loads(self.cucumber_path.read_text(encoding="utf-8"))
            else:
                self.features = []
            self.artifacts = self._element_artifacts()
            guide_path, features_dir = self._paths()
            write_report(
                self.path,
                self.features or [],
                guide_path=guide_path,
                features_dir=features_dir,
                root=self.config.rootpath,
                artifacts=self.artifacts,
                wall_seconds=self.wall,
                base_dir=self.config.invocation_params.dir,
                subject=self._subject(),
            )
        except Exception as exc:  # noqa: BLE001 - a broken report must not hide the test results
            self.error = f"{type(exc).__name__}: {exc}"

    def _subject(self) -> str:
        from .target_mode import PROFILE  # the ENT under test, in target mode

        profile = self.config.stash.get(PROFILE, None)
        if profile is None:
            return "ENT testé : l'ENT de référence, avec l'ÉduConnect de référence (pile embarquée)"
        return (f"ENT testé : {profile.name} ({profile.ent_url}), avec l'ÉduConnect de référence "
                f"({profile.educonnect_metadata_url}) ; scénarios @ent et @conformance")

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any):  # type: ignore[no-untyped-def]
        # An outer wrapper: runs after the terminal reporter's own short test summary.
        result = yield
        self._summary(terminalreporter)
        return result

    def _summary(self, tr: Any) -> None:
        tr.write_sep("=", "Conformité au guide des parents")
        if self.error:
            tr.write_line(f"Rapport HTML non construit : {self.error}", red=True)
            return
        guide_path, features_dir = self._paths()
        guide, scanned, _ = _guide_and_scenarios(guide_path, features_dir, self.config.rootpath)
        shown = _display_path(self.path, self.config.invocation_params.dir)
        for text, markup in summary_lines(
            self.features or [],
            shown,
            guide=guide,
            scanned=scanned,
            wall_seconds=self.wall,
            artifacts=self.artifacts,
        ):
            tr.write_line(text, **markup)


def _display_path(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


# --- command line ---------------------------------------------------------------------------------


def guess_artifacts(features: list[dict[str, Any]], traces_dir: Path, base_dir: Path) -> dict[tuple[str, str], Artifacts]:
    """Without pytest's node ids: a failed scenario's folder is the one named after its test.

    pytest-playwright names the folder slugify(node id), and pytest-bdd names the test after the
    scenario, so the folder's letters contain ``test`` + the scenario name's. Only unambiguous
    matches are kept (outlines, named after their template, are not found this way).
    """
    try:
        from slugify import slugify
    except ImportError:  # pragma: no cover - pytest-playwright depends on python-slugify
        return {}
    if not traces_dir.is_dir():
        return {}
    folders = [d for d in traces_dir.iterdir() if d.is_dir()]
    found: dict[tuple[str, str], Artifacts] = {}
    for feature in features:
        for element in feature.get("elements", []):
            if scenario_status(element) != "failed":
                continue
            # pytest-bdd drops apostrophes where slugify puts a dash: compare letters and digits only.
            slug = "test" + slugify(element.get("name", "")).replace("-", "")
            matches = [d for d in folders if slug in d.name.replace("-", "")]
            if len(matches) != 1:
                continue
            folder = matches[0]

            def rel(path: Path) -> str:
                try:
                    return path.relative_to(base_dir).as_posix()
                except ValueError:
                    return path.as_posix()

            found[(feature.get("uri", ""), element.get("id", ""))] = Artifacts(
                traces=[rel(t) for t in sorted(folder.glob("trace*.zip"))],
                screenshots=[rel(t) for t in sorted(folder.glob("*.png"))],
            )
    return found



def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit reports/index.html à partir de reports/cucumber.json.")
    parser.add_argument("cucumber", nargs="?", default="reports/cucumber.json")
    parser.add_argument("-o", "--output", default=None, help="par défaut : index.html à côté du JSON")
    parser.add_argument("--guide", default=str(traceability.GUIDE))
    parser.add_argument("--features", default=str(traceability.FEATURES))
    parser.add_argument("--traces", default=None, help="par défaut : traces/ à côté du JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    source = Path(args.cucumber)
    output = Path(args.output) if args.output else source.parent / "index.html"
    features = json.loads(source.read_text(encoding="utf-8"))
    traces = Path(args.traces) if args.traces else source.parent / "traces"
    write_report(
        output,
        features,
        guide_path=Path(args.guide),
        features_dir=Path(args.features),
        root=traceability.ROOT,
        artifacts=guess_artifacts(features, traces, Path.cwd()),
        base_dir=Path.cwd(),
    )
    print(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
