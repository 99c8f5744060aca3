"""Living documentation: `reports/index.html` and the end-of-run summary, in French.

Built in the controller process (never in an xdist worker) at session end, after
harness.cucumber_report has written its JSON, from that file, the guide's
statements (features/guide.toml, harness/traceability.py) and the Playwright
artifacts of each failed test (``playwright_trace`` and ``playwright_screenshot``
user properties, from harness.evidence and pytest-playwright).

One self-contained file: inline CSS and JS, screenshots as data URIs, no
network (a Content-Security-Policy forbids any fetch). It opens from disk.
This module is the pytest plugin, the terminal summary and the command line;
the page's values come from harness.report_data, its markup from the templates
of harness/templates/ (harness.report_page).

Enable with ``-p harness.html_report`` (conftest.py does). The page goes next to
``--cucumber-report`` as ``index.html`` unless ``--html-report=PATH`` says
otherwise. Rebuild by hand: ``python -m harness.html_report reports/cucumber.json``.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from mock_services.cli import ArgumentParser, fail, os_reason

from . import traceability
from .options import output_file
from .report_data import (
    SECOND_RUN,
    SHOW_TRACE,
    Artifacts,
    MatrixRow,
    Run,
    ScenarioRun,
    checked_pages,
    fr_duration,
    guide_and_scenarios,
    load_run,
    matrix,
    plural,
    scenario_status,
    short_error,
    shorten,
)
from .report_page import render_html, write_report
from .traceability import Guide, ScenarioRef

__all__ = [  # what other code imports from here; the page itself is harness.report_data's and harness.report_page's
    "SECOND_RUN",
    "SHOW_TRACE",
    "Artifacts",
    "MatrixRow",
    "Run",
    "ScenarioRun",
    "fr_duration",
    "guess_artifacts",
    "load_run",
    "main",
    "matrix",
    "plural",
    "render_html",
    "scenario_status",
    "short_error",
    "summary_lines",
    "write_report",
]


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
    duration = fr_duration(run.wall_ns if run.wall_ns is not None else run.total_ns)
    warnings = f", {counts['warning']} avertissement(s)" if counts["warning"] else ""
    text = (
        f"Scénarios : {counts['passed']} réussi(s), {counts['failed']} en échec{warnings}, "
        f"{counts['skipped']} ignoré(s) — {len(run.scenarios)} au total, {duration}"
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
                quote = f" « {shorten(st.quote, 70)} »" if st else ""
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
    warned = [s for s in run.scenarios if s.status == "warning"]
    if warned:
        lines.append(("Avertissements (recommandations non suivies, le passage n'échoue pas pour elles) :",
                      {"yellow": True}))
    for s in warned[:max_failures]:
        lines.append((f"  ! {s.name}  ({s.feature_uri}:{s.line})", {"yellow": True}))
    pages = checked_pages(run)
    if pages:
        states = Counter(p.state for p in pages)
        lines.append((f"Accessibilité : {plural(len(pages), 'page vérifiée', 'pages vérifiées')}, "
                      f"{states['failed']} en échec, {states['warning']} en avertissement (section « Accessibilité » "
                      "du rapport)", {"red": bool(states["failed"]), "yellow": bool(states["warning"])}))
    if guide is not None:
        rows = matrix(guide, run, scanned)
        states = Counter(r.state for r in rows)
        verified = states["ok"] + states["failed"]
        text = (
            f"Guide : {verified} énoncé(s) vérifié(s) dans ce passage sur {len(rows)} — {states['ok']} conforme(s), "
            f"{states['failed']} en échec ; {states['not-run']} non lancé(s) ; {states['pending']} en attente"
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
    html_path = (output_file("--html-report", option, base, "index.html") if option
                 else cucumber_path.parent / "index.html")  # type: ignore[union-attr]
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
        """What was tested, then one line per remark: the ENT's metadata, its clock tolerance."""
        from .clock_tolerance import summary  # the @horloge checks of this run
        from .target_mode import PROFILE, target_run  # the ENT under test, in target mode

        profile = self.config.stash.get(PROFILE, None)
        if profile is None:
            lines = ["ENT testé : l'ENT de référence, avec l'ÉduConnect de référence (pile embarquée)"]
        else:
            run = target_run(self.config)
            lines = [f"ENT testé : {profile.name} ({profile.ent_url}), avec l'ÉduConnect de référence "
                     f"({profile.educonnect_metadata_url}) ; scénarios @ent et @conformance"]
            lines += [f"Métadonnées de l'ENT, avertissement : {w}" for w in (run.metadata_warnings if run else [])]
        from .device import device_name  # --appareil

        if (device := device_name(self.config)) is not None:
            lines.append(f"Appareil simulé : téléphone ({device}, Playwright)")
        clock = self.config.pluginmanager.get_plugin("clock-tolerance")
        if clock is not None and clock.seen:
            lines += ["Tolérance d'horloge de l'ENT (contrôles @horloge) :"] + [x.strip() for x in summary(clock.seen)]
        return "\n".join(lines)

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
        guide, scanned, _ = guide_and_scenarios(guide_path, features_dir, self.config.rootpath)
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



def main(argv: Iterable[str] | None = None, prog: str = "python -m harness.html_report") -> int:
    parser = ArgumentParser(prog=prog,
                            description="Construit reports/index.html à partir de reports/cucumber.json.")
    parser.add_argument("cucumber", nargs="?", default="reports/cucumber.json",
                        help="rapport Cucumber JSON d'un passage (par défaut : reports/cucumber.json)")
    parser.add_argument("-o", "--output", default=None, help="par défaut : index.html à côté du JSON")
    parser.add_argument("--guide", default=str(traceability.GUIDE))
    parser.add_argument("--features", default=str(traceability.FEATURES))
    parser.add_argument("--traces", default=None, help="par défaut : traces/ à côté du JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    source = Path(args.cucumber)
    output = Path(args.output) if args.output else source.parent / "index.html"
    try:
        features = json.loads(source.read_text(encoding="utf-8"))
    except OSError as err:
        return fail(parser.prog, f"« {source} » : {os_reason(err)} ; lancez d'abord la suite (make conformance "
                                 "ou educonnect-conformance), "
                                 "ou donnez le chemin du rapport Cucumber JSON")
    except ValueError as err:  # not UTF-8, not JSON
        where = f"ligne {err.lineno}, colonne {err.colno}" if isinstance(err, json.JSONDecodeError) else "pas en UTF-8"
        return fail(parser.prog, f"« {source} » n'est pas un rapport Cucumber JSON ({where}) ; "
                                 "relancez la suite pour le réécrire")
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
