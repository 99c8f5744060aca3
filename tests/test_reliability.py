"""`make fiabilite` (harness/reliability.py): outcomes read from each run's JUnit report,
and the scenarios whose result changed between runs."""
from __future__ import annotations

import pytest

from harness.reliability import compare, main, outcomes

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
  <testcase classname="steps.test_a" name="test_passes"/>
  <testcase classname="steps.test_a" name="test_fails"><failure message="x"/></testcase>
  <testcase classname="steps.test_a" name="test_errs"><error message="x"/></testcase>
  <testcase classname="steps.test_b" name="test_skipped"><skipped message="x"/></testcase>
</testsuite></testsuites>"""


def test_outcomes_read_from_junit(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT, "utf-8")
    assert outcomes(path) == {"steps.test_a::test_passes": "passed", "steps.test_a::test_fails": "failed",
                              "steps.test_a::test_errs": "failed", "steps.test_b::test_skipped": "skipped"}


def test_a_changing_result_is_unstable_and_a_constant_failure_is_not():
    runs = [{"a": "passed", "b": "failed", "c": "passed", "d": "passed"},
            {"a": "failed", "b": "failed", "c": "passed"},
            {"a": "passed", "b": "failed", "c": "passed", "d": "passed"}]
    unstable, failing = compare(runs)
    assert unstable == {"a": ["passed", "failed", "passed"], "d": ["passed", "-", "passed"]}
    assert failing == ["b"]


def test_same_results_every_run():
    assert compare([{"a": "passed"}, {"a": "passed"}]) == ({}, [])


@pytest.mark.parametrize("argv, message", [(["--fois", "0"], "au moins 1, pas 0"),
                                           (["--fois", "dix"], "entier attendu, pas « dix »")])
def test_a_bad_count_is_refused_in_french(capsys, argv, message):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
