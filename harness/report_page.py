"""The report page's markup: the Jinja2 templates of harness/templates/ over harness.report_data's values.

`index.html` includes the others: header, failures, features (each scenario.html, its
failure.html), matrix (each statement.html), with macros.html's badge and tags; report.css
and report.js are included inline, so the page stays one file that opens from disk.

Two rules the templates rely on:
- Everything a template outputs is escaped as `html.escape` escapes it (``&#x27;`` and
  ``&quot;`` for the quotes, where markupsafe would write ``&#39;`` and ``&#34;``), once: the
  environment's `finalize` escapes a value and marks it safe, so autoescape leaves it alone,
  and a macro's output is already markup. (A constant such as ``{{ "it's" }}`` is escaped by
  markupsafe at compile time: write such text as template text, or pass it in.)
- index.html is written line for line as the page has it; the other .html templates, its
  parts, are laid out for reading and output without their line breaks and the indentation
  after them (an element on one line of the page, as before the templates). A space the page
  needs is written within a line of the template, never at the end or start of one.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup

from . import traceability
from .report_data import (
    A11Y_LABEL,
    SCENARIO_LABEL,
    SHOW_TRACE,
    STATE_LABEL,
    STATUS_LABEL,
    Artifacts,
    fr_duration,
    guide_and_scenarios,
    load_run,
    plural,
    prepare_page,
    short_error,
    shorten,
)

TEMPLATES = Path(__file__).parent / "templates"
PAGE = "index.html"
TITLE = "Rapport de conformité — parcours des parents dans l'ENT avec ÉduConnect"
_LINE_BREAK = re.compile(r"\n[ \t]*")


class PartsOnOneLine(Extension):
    """The page's parts (the .html templates but index.html) lose their line breaks and indentation."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is None or not name.endswith(".html") or name == PAGE:
            return source
        return _LINE_BREAK.sub("", source)


def _escape(value: Any) -> Any:
    """html.escape for every value the templates output; markup (a macro's output) as it is."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        extensions=[PartsOnOneLine],
    )
    env.filters.update(duration=fr_duration, shorten=shorten, short_error=short_error)
    env.tests["statement_id"] = lambda tag: bool(traceability.LOOKS_LIKE_ID.match(tag))
    env.globals.update(
        plural=plural,
        STATUS_LABEL=STATUS_LABEL,
        SCENARIO_LABEL=SCENARIO_LABEL,
        STATE_LABEL=STATE_LABEL,
        A11Y_LABEL=A11Y_LABEL,
        SHOW_TRACE=SHOW_TRACE,
    )
    return env


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
    title: str = TITLE,
    subject: str = "",
) -> str:
    """The report page as a string. Paths in `artifacts` are relative to `base_dir`."""
    run = load_run(features, artifacts, wall_seconds)
    guide, scanned, error = guide_and_scenarios(guide_path, features_dir, root)
    page = prepare_page(
        run,
        guide=guide,
        scanned=scanned,
        guide_error=error,
        html_dir=Path(html_dir or Path.cwd()),
        base_dir=Path(base_dir or Path.cwd()),
        generated=generated or dt.datetime.now(),
        title=title,
        subject=subject,
    )
    return environment().get_template(PAGE).render(vars(page))


def write_report(path: Path, features: list[dict[str, Any]], **kwargs: Any) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("html_dir", path.parent)
    path.write_text(render_html(features, **kwargs), encoding="utf-8")
    return path
