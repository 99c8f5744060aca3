"""harness.merge_reports: the shards' JUnit and Cucumber reports made one, and index.html rebuilt
from the merge (its guide matrix the union of the shards'); on recorded reports, then on a real
run split in two by pytest-split."""
from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytest_bdd.scenario import make_python_name

from test_html_report import GUIDE, matrix_row
from test_html_report import recorded as recorded_report

from harness import html_report
from harness.merge_reports import main
from harness.suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
# four quick scenarios of one feature, so that pytest-split cuts the feature between the shards
QUICK = ["La page d'authentification de l'ENT propose les cinq profils",
         "La charte d'utilisation s'ouvre depuis la page d'authentification",
         "Le profil « Parent » mène au choix du profil sur ÉduConnect",
         "L'identifiant et le mot de passe sont obligatoires"]


def junit(*cases: tuple[str, str], time: float = 1.0, timestamp: str = "2026-09-01T08:30:00") -> str:
    """A pytest JUnit file (xunit2): cases are (name, passed|failed|skipped)."""
    body = []
    for name, status in cases:
        inner = {"failed": '<failure message="boom">boom</failure>', "skipped": '<skipped message="later"/>'}
        body.append(f'<testcase classname="steps.test_features" name="{name}" time="0.5">'
                    f'{inner.get(status, "")}</testcase>')
    failures = sum(s == "failed" for _, s in cases)
    skipped = sum(s == "skipped" for _, s in cases)
    return (f'<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" '
            f'errors="0" failures="{failures}" skipped="{skipped}" tests="{len(cases)}" time="{time}" '
            f'timestamp="{timestamp}" hostname="runner">{"".join(body)}</testsuite></testsuites>')


def shard(folder: Path, recorded: list[str], cases: list[tuple[str, str]], **kwargs) -> Path:
    """A shard's folder from recorded cucumber.json files (tests/data/reports) and a JUnit file."""
    folder.mkdir(parents=True)
    (folder / "cucumber.json").write_text(json.dumps(recorded_report(*recorded), ensure_ascii=False), "utf-8")
    (folder / "junit.xml").write_text(junit(*cases, **kwargs), "utf-8")
    return folder


def matrix_state(html: str, statement_id: str) -> str:
    return re.search(r'class="badge ([\w-]+)"', matrix_row(html, statement_id)).group(1)


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, Path]:
    guide = tmp_path / "guide.toml"
    guide.write_text(GUIDE, "utf-8")
    (tmp_path / "features").mkdir()  # no feature files: the matrix knows only the scenarios run
    one = shard(tmp_path / "shard-1", ["passed"], [("test_profiles", "passed")], time=12.5)
    two = shard(tmp_path / "shard-2", ["failed", "skipped"], [("test_charter", "failed"), ("test_logout", "skipped")],
                time=20.25, timestamp="2026-09-01T08:29:00")
    return {"guide": guide, "features": tmp_path / "features", "one": one, "two": two, "out": tmp_path / "reports"}


def merge(paths: dict[str, Path], *folders: Path) -> int:
    return main([*map(str, folders or (paths["one"], paths["two"])), "-o", str(paths["out"]),
                 "--guide", str(paths["guide"]), "--features", str(paths["features"])])


def test_one_report_from_two_shards(paths, capsys):
    assert merge(paths) == 0
    out = paths["out"]
    features = json.loads((out / "cucumber.json").read_text("utf-8"))
    # the feature both shards ran part of is one feature again, its scenarios in line order
    assert [f["uri"] for f in features] == ["features/connexion_ent.feature"]
    assert [e["line"] for e in features[0]["elements"]] == [20, 32, 90]
    suites = ET.parse(out / "junit.xml").getroot()
    assert suites.tag == "testsuites" and len(suites.findall("testsuite")) == 1
    suite = suites.find("testsuite")
    counts = {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")}
    assert counts == {"tests": "3", "failures": "1", "errors": "0", "skipped": "1"}
    assert {k: suites.get(k) for k in counts} == counts
    assert float(suite.get("time")) == pytest.approx(32.75)
    assert suite.get("timestamp") == "2026-09-01T08:29:00"  # the earliest shard's start
    assert [c.get("name") for c in suite.iter("testcase")] == ["test_profiles", "test_charter", "test_logout"]
    # the page: every scenario, and the matrix of the union (each shard alone knows one part)
    html = (out / "index.html").read_text("utf-8")
    states = {sid: matrix_state(html, sid) for sid in ("G1-ENT-1", "G1-ENT-3", "G1-EC-6")}
    assert states == {"G1-ENT-1": "ok", "G1-ENT-3": "failed", "G1-EC-6": "not-run"}
    assert "Passage réparti en 2 lot(s)" in html
    printed = capsys.readouterr().out
    assert "1 réussi(s), 1 en échec, 1 ignoré(s) — 3 au total" in printed


def test_each_shard_alone_has_only_its_part_of_the_matrix(paths):
    """What the merge adds: shard 1's own page knows nothing of the statements shard 2 checked."""
    alone = paths["one"] / "index.html"
    assert html_report.main([str(paths["one"] / "cucumber.json"), "-o", str(alone), "--guide", str(paths["guide"]),
                             "--features", str(paths["features"])]) == 0
    html = alone.read_text("utf-8")
    assert matrix_state(html, "G1-ENT-1") == "ok"
    assert matrix_state(html, "G1-ENT-3") == "uncovered"


def test_a_scenario_in_two_shards_stops_the_merge(paths, tmp_path, capsys):
    again = shard(tmp_path / "shard-3", ["passed"], [("test_profiles_again", "passed")])
    assert merge(paths, paths["one"], again) == 4
    err = capsys.readouterr().err
    assert "est dans deux lots" in err and "chaque lot doit avoir son --group" in err
    assert not paths["out"].exists()


def test_a_shard_without_its_reports_stops_the_merge(paths, capsys):
    (paths["two"] / "junit.xml").unlink()
    assert merge(paths) == 4
    err = capsys.readouterr().err
    assert err.startswith("python -m harness.merge_reports : « ") and "junit.xml » : introuvable" in err
    assert not paths["out"].exists()


def test_a_real_run_in_two_shards(tmp_path):
    """pytest-split (durations from tests/durations.json) cuts four scenarios in two shards:
    each runs in exactly one, the merged report has them all."""
    selection = " or ".join(f"test_{make_python_name(name)}" for name in QUICK)
    runs = []
    for group in (1, 2):
        folder = tmp_path / f"shard-{group}"
        runs.append(subprocess.Popen(
            [*SUITE_PYTEST, "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
             "-o", "addopts=", "-k", selection, "--splits", "2", "--group", str(group),
             f"--junitxml={folder / 'junit.xml'}", f"--cucumber-report={folder / 'cucumber.json'}",
             f"--output={folder / 'traces'}"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    for run in runs:
        output = run.communicate(timeout=600)[0]
        assert run.returncode == 0, output[-3000:]
    ran = []
    for group in (1, 2):
        features = json.loads((tmp_path / f"shard-{group}" / "cucumber.json").read_text("utf-8"))
        ran.append({e["name"] for f in features for e in f["elements"]})
    assert ran[0] and ran[1] and not ran[0] & ran[1]
    assert ran[0] | ran[1] == set(QUICK)
    out = tmp_path / "reports"
    assert main([str(tmp_path / "shard-1"), str(tmp_path / "shard-2"), "-o", str(out)]) == 0
    merged = json.loads((out / "cucumber.json").read_text("utf-8"))
    assert [f["uri"] for f in merged] == ["features/connexion_ent.feature"]  # its two halves, one feature
    assert sorted(e["name"] for f in merged for e in f["elements"]) == sorted(QUICK)
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "0", "0")
    assert len(suite.findall("testcase")) == 4
    html = (out / "index.html").read_text("utf-8")
    assert all(name.replace("'", "&#x27;") in html for name in QUICK)
