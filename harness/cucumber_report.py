"""Cucumber JSON report for pytest-bdd scenarios, xdist-safe.

pytest-bdd's own ``--cucumberjson`` keys its data by the TestReport object of
the process that ran the test, so under xdist the controller (which only sees
deserialised copies) writes an empty report. Here each process records its
scenarios and ships them in ``report.user_properties``; the controller (or the
single process) collects them and writes the file at session end.

Enable with ``-p harness.cucumber_report --cucumber-report=PATH``.
Fixtures may add screenshots etc. with :func:`attach`.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import inspect
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

from .options import output_file
from .verdicts import WARNING, is_warning, warning_text

PROPERTY_NAME = "cucumber_report"
EXAMPLE_PARAM = "_pytest_bdd_example"  # parametrize argname used by pytest-bdd for outlines

_ENABLED_KEY = pytest.StashKey[bool]()
_RECORD_KEY = pytest.StashKey["_Record"]()
_SILENT_KEY = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("bdd").addoption(
        "--cucumber-report",
        dest="cucumber_report",
        metavar="PATH",
        default=None,
        help="write a Cucumber JSON report of pytest-bdd scenarios to PATH (xdist-safe).",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("cucumber_report", None)
    config.stash[_ENABLED_KEY] = bool(path)
    if not path:
        return
    config.pluginmanager.register(_Recorder(), "cucumber-report-recorder")
    if not hasattr(config, "workerinput"):
        target = output_file("--cucumber-report", path, config.invocation_params.dir, "cucumber.json")
        config.pluginmanager.register(_Writer(target), "cucumber-report-writer")


def attach(node: Any, data: bytes | str, mime_type: str) -> bool:
    """Attach an embedding (e.g. a PNG screenshot) to the scenario run by ``node``.

    ``node`` is the test item (``request.node``) or a ``FixtureRequest``. It goes onto
    the failed step, else the last executed one. Call it during the test or its
    teardown. Returns False when nothing was recorded (plugin off, not a scenario).
    """
    item = getattr(node, "node", node)
    record = _record_for(item)
    if record is None:
        return False
    raw = data.encode() if isinstance(data, str) else bytes(data)
    record.embeddings.append({"mime_type": mime_type, "data": base64.b64encode(raw).decode("ascii")})
    return True


def annotate(node: Any, name: str, value: Any) -> bool:
    """Add `name` (JSON) to the scenario's element in the report (as harness.accessibility does with the
    pages it checked). Call it during the test. Returns False when nothing was recorded."""
    record = _record_for(getattr(node, "node", node))
    if record is None:
        return False
    record.element[name] = value
    return True


@contextlib.contextmanager
def silenced(item: pytest.Item):
    """Run `item` again without recording it (its first run's record stays the report's)."""
    item.stash[_SILENT_KEY] = True
    try:
        yield
    finally:
        item.stash[_SILENT_KEY] = False


def is_scenario(item: pytest.Item) -> bool:
    """A test pytest-bdd made from a scenario."""
    try:
        return scenario_wrapper_template_registry.get(getattr(item, "obj", None)) is not None  # type: ignore[arg-type]
    except TypeError:  # not weak-referenceable: not a scenario
        return False


def _not_reported(item: pytest.Item) -> bool:
    """A silenced second run, or a proof (a scenario run against a broken stack on purpose)."""
    return item.stash.get(_SILENT_KEY, False) or item.get_closest_marker("proof") is not None


# --- Gherkin source: keywords and tags exactly as written ---------------------------------------


@functools.lru_cache(maxsize=None)
def _gherkin_index(filename: str) -> dict[str, dict[int, Any]]:
    """Map source lines of a feature file to raw step keywords and tags."""
    index: dict[str, dict[int, Any]] = {"keywords": {}, "tags": {}, "rule_tags": {}}
    try:
        from gherkin.parser import Parser

        doc = Parser().parse(Path(filename).read_text(encoding="utf-8"))
    except Exception:  # fall back to what pytest-bdd parsed
        return index

    def tags(node: dict[str, Any]) -> None:
        index["tags"][node["location"]["line"]] = [
            {"name": t["name"], "line": t["location"]["line"]} for t in node.get("tags", [])
        ]

    def walk(children: list[dict[str, Any]], rule: dict[str, Any] | None = None) -> None:
        for child in children:
            if "rule" in child:
                walk(child["rule"].get("children", []), child["rule"])
                continue
            node = child.get("background") or child.get("scenario") or {}
            for step in node.get("steps", []):
                index["keywords"][step["location"]["line"]] = step["keyword"]
            if "scenario" in child:
                tags(node)
                if rule is not None:
                    index["rule_tags"][node["location"]["line"]] = [
                        {"name": t["name"], "line": t["location"]["line"]} for t in rule.get("tags", [])
                    ]
                for examples in node.get("examples", []):
                    tags(examples)

    feature = doc.get("feature") or {}
    if feature:
        tags(feature)
        walk(feature.get("children", []))
    return index


def _tags(filename: str, line: int, names: set[str]) -> list[dict[str, Any]]:
    found = _gherkin_index(filename)["tags"].get(line)
    if found is not None:
        return list(found)
    return [{"name": f"@{n}", "line": line - 1} for n in sorted(names)]


def _slug(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().lower())


def _relpath(path: str, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # other drive on Windows
        return Path(path).as_posix()


def _location(func: Callable[..., object], root: Path) -> str:
    try:
        func = inspect.unwrap(func)
        return f"{_relpath(inspect.getsourcefile(func) or '', root)}:{func.__code__.co_firstlineno}"
    except (TypeError, AttributeError, OSError):
        return getattr(func, "__qualname__", "")


# --- per-item record (worker side) --------------------------------------------------------------


class _Record:
    """Cucumber data of one test item, filled while it runs."""

    def __init__(
        self,
        item: pytest.Item,
        feature: Feature,
        scenario: Scenario,
        template: ScenarioTemplate | None,
        example_index: int | None,
    ) -> None:
        root = item.config.rootpath
        uri = _relpath(feature.filename, root)
        feature_id = _slug(uri)
        index = _gherkin_index(feature.filename)
        keywords = index["keywords"]
        tags = list(_tags(feature.filename, scenario.line_number, scenario.tags))
        if scenario.rule is not None:
            tags += index["rule_tags"].get(scenario.line_number) or [
                {"name": f"@{n}", "line": scenario.line_number} for n in sorted(scenario.rule.tags)
            ]
        element_id = f"{feature_id};{_slug(template.name if template else scenario.name)}"
        if example_index is not None:
            element_id += f";{example_index + 1}"
            examples = _examples_block(template, example_index) if template else None
            if examples is not None:
                tags += _tags(feature.filename, examples.line_number or 0, examples.tags)
        unique: dict[str, dict[str, Any]] = {}
        for tag in tags:
            unique.setdefault(tag["name"], tag)

        self.root = root
        self.example_index = -1 if example_index is None else example_index
        self.feature = {
            "keyword": feature.keyword,
            "uri": uri,
            "name": feature.name or uri,
            "id": feature_id,
            "line": feature.line_number,
            "description": feature.description,
            "tags": _tags(feature.filename, feature.line_number, feature.tags),
        }
        self.steps: list[dict[str, Any]] = [
            {
                "keyword": keywords.get(step.line_number, step.keyword),
                "name": step.name,
                "line": step.line_number,
                "match": {"location": ""},
                "result": {"status": "skipped", "duration": 0},
            }
            for step in scenario.steps
        ]
        self.element: dict[str, Any] = {
            "keyword": scenario.keyword,
            "id": element_id,
            "name": scenario.name,
            "line": scenario.line_number,
            "description": scenario.description,
            "tags": list(unique.values()),
            "type": "scenario",
            "steps": self.steps,
        }
        self.started: dict[int, int] = {}
        self.embeddings: list[dict[str, str]] = []
        self.before: list[dict[str, Any]] = []
        self.after: list[dict[str, Any]] = []
        self.nodeid = item.nodeid

    def payload(self) -> dict[str, Any]:
        element = dict(self.element, steps=[dict(s) for s in self.steps])
        if self.before:
            element["before"] = self.before
        if self.after:
            element["after"] = self.after
        if self.embeddings:
            target = self._embedding_target(element)
            target["embeddings"] = list(target.get("embeddings", [])) + self.embeddings
        # JSON round trip: a snapshot that xdist (execnet) can ship.
        return json.loads(
            json.dumps(
                {"nodeid": self.nodeid, "example": self.example_index, "feature": self.feature, "element": element}
            )
        )

    @staticmethod
    def _embedding_target(element: dict[str, Any]) -> dict[str, Any]:
        steps = element["steps"]
        for step in steps:
            if step["result"]["status"] in ("failed", "undefined"):
                return step
        executed = [s for s in steps if s["result"]["status"] == "passed"]
        if executed:
            return executed[-1]
        if element.get("before"):
            return element["before"][-1]
        if steps:
            return steps[0]
        element.setdefault("after", []).append(
            {"match": {"location": ""}, "result": {"status": "passed", "duration": 0}}
        )
        return element["after"][-1]

    def hook_failure(self, report: pytest.TestReport) -> dict[str, Any]:
        return {
            "match": {"location": report.nodeid},
            "result": {
                "status": "failed",
                "duration": int(report.duration * 1e9),
                "error_message": report.longreprtext,
            },
        }


def _examples_block(template: Any, index: int) -> Any:
    for examples in template.examples:
        if index < len(examples.examples):
            return examples
        index -= len(examples.examples)
    return None


def _example_index(item: pytest.Item) -> int | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None or EXAMPLE_PARAM not in callspec.params:
        return None
    return callspec.indices.get(EXAMPLE_PARAM)


def _record_for(item: pytest.Item, feature: Feature | None = None, scenario: Scenario | None = None) -> _Record | None:
    if not item.config.stash.get(_ENABLED_KEY, False) or _not_reported(item):
        return None
    record = item.stash.get(_RECORD_KEY, None)
    if record is not None:
        return record
    example_index = _example_index(item)
    try:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    except TypeError:  # not weak-referenceable: not a scenario
        template = None
    if scenario is None:
        if template is None:
            return None
        params = item.callspec.params[EXAMPLE_PARAM] if example_index is not None else {}  # type: ignore[attr-defined]
        scenario = template.render(params)
        feature = template.feature
    assert feature is not None
    record = item.stash[_RECORD_KEY] = _Record(item, feature, scenario, template, example_index)
    return record


def _step_index(scenario: Scenario, step: Step) -> int:
    return next(i for i, s in enumerate(scenario.steps) if s is step)


class _Recorder:
    """Fills the record from pytest-bdd hooks and ships it with each test report."""

    @pytest.hookimpl(tryfirst=True, optionalhook=True)
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
        record = _record_for(request.node, feature, scenario)
        if record is not None and len(record.steps) != len(scenario.steps):  # should not happen; trust the hook
            del request.node.stash[_RECORD_KEY]
            _record_for(request.node, feature, scenario)

    @pytest.hookimpl(optionalhook=True)
    def pytest_bdd_before_step(
        self, request: pytest.FixtureRequest, scenario: Scenario, step: Step, step_func: Callable[..., object]
    ) -> None:
        record = _record_for(request.node, scenario.feature, scenario)
        if record is None:
            return
        i = _step_index(scenario, step)
        record.started[i] = time.perf_counter_ns()
        record.steps[i]["match"] = {"location": _location(step_func, record.root)}

    def _finish(
        self, request: pytest.FixtureRequest, scenario: Scenario, step: Step, status: str, **extra: str
    ) -> None:
        record = _record_for(request.node, scenario.feature, scenario)
        if record is None:
            return
        i = _step_index(scenario, step)
        started = record.started.pop(i, None)
        duration = time.perf_counter_ns() - started if started is not None else 0
        record.steps[i]["result"] = {"status": status, "duration": duration, **extra}

    @pytest.hookimpl(optionalhook=True)
    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, scenario: Scenario, step: Step) -> None:
        self._finish(request, scenario, step, status="passed")

    @pytest.hookimpl(optionalhook=True)
    def pytest_bdd_step_error(
        self, request: pytest.FixtureRequest, scenario: Scenario, step: Step, exception: BaseException
    ) -> None:
        # Replaced by the full pytest failure text once the call report exists.
        self._finish(request, scenario, step, status="failed", error_message=f"{type(exception).__name__}: {exception}")

    @pytest.hookimpl(optionalhook=True)
    def pytest_bdd_step_func_lookup_error(
        self, request: pytest.FixtureRequest, scenario: Scenario, step: Step, exception: BaseException
    ) -> None:
        self._finish(request, scenario, step, status="undefined", error_message=str(exception))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
        report: pytest.TestReport = yield
        record = _record_for(item)
        if record is None:
            return report
        if report.when == "setup" and report.failed:
            record.before.append(record.hook_failure(report))
        elif report.when == "call":
            self._settle_call(record, report)
        elif report.when == "teardown" and report.failed:
            record.after.append(record.hook_failure(report))
        report.user_properties.append((PROPERTY_NAME, record.payload()))
        return report

    @staticmethod
    def _settle_call(record: _Record, report: pytest.TestReport) -> None:
        # A step interrupted by something other than an Exception (pytest.skip, exit...) got no hook.
        for i in sorted(record.started):
            status = "failed" if report.failed else "skipped"
            record.steps[i]["result"] = {"status": status, "duration": time.perf_counter_ns() - record.started[i]}
        record.started.clear()
        failed = [s for s in record.steps if s["result"]["status"] == "failed"]
        xfail = getattr(report, "wasxfail", None)
        if is_warning(report):  # a recommendation not followed (harness/verdicts.py): not a failure
            record.element["verdict"] = WARNING
            message = f"Avertissement (recommandation) : {warning_text(report)}"
            for step in failed:
                step["result"]["status"] = "skipped"
                step["result"]["error_message"] = message
            if not failed:  # found after the steps (harness.verdicts.Recommendation)
                record.after.append({"match": {"location": report.nodeid},
                                     "result": {"status": "skipped", "duration": 0, "error_message": message}})
        elif report.skipped and xfail is not None:
            for step in failed:
                step["result"]["status"] = "skipped"
                step["result"]["error_message"] = f"XFAIL {xfail}".strip()
        elif report.failed:
            if failed:
                failed[0]["result"]["error_message"] = report.longreprtext
            elif not any(s["result"]["status"] == "undefined" for s in record.steps):
                record.after.append(record.hook_failure(report))


# --- controller side -----------------------------------------------------------------------------


class _Writer:
    """Collects shipped records (last report of an item wins) and writes the JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Take the payload out so junitxml and friends do not dump it.
        props = report.user_properties
        ours = [value for name, value in props if name == PROPERTY_NAME]
        if not ours:
            return
        props[:] = [(name, value) for name, value in props if name != PROPERTY_NAME]
        self.records[report.nodeid] = ours[-1]

    def build(self) -> list[dict[str, Any]]:
        features: dict[str, dict[str, Any]] = {}
        ordered = sorted(
            self.records.values(),
            key=lambda r: (r["element"]["line"], r["element"]["name"], r["example"], r["nodeid"]),
        )
        ids: set[str] = set()
        for record in ordered:
            feature = features.setdefault(record["feature"]["uri"], {**record["feature"], "elements": []})
            element = record["element"]
            base, n = element["id"], 1
            while element["id"] in ids:  # same scenario bound by several tests
                n += 1
                element["id"] = f"{base};{n}"
            ids.add(element["id"])
            feature["elements"].append(element)
        return [features[uri] for uri in sorted(features)]

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.build(), ensure_ascii=False, indent=2), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if terminalreporter.verbosity >= 0:  # as pytest's junitxml line: not under -q
            terminalreporter.write_sep("-", f"cucumber report: {self.path}")
