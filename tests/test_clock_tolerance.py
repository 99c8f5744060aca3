"""harness.clock_tolerance: the @horloge checks of a run say, at its end, which clock offsets
the ENT accepted and which it refused (a whole run: tests/test_refusals.py)."""
from __future__ import annotations

import pytest

from harness.clock_tolerance import outcome, summary
from harness.verdicts import VERDICT, WARNING


def report(outcome_: str, *tags: str, warned: bool = False) -> pytest.TestReport:
    props = [(VERDICT, WARNING)] if warned else []
    return pytest.TestReport("t.py::t", ("t.py", 0, "t"), dict.fromkeys(tags, 1), outcome_, None, "call",
                             user_properties=props)


def test_a_check_passed_or_failed_says_what_the_ent_did():
    assert outcome(report("passed", "horloge", "recommandation", "avance-2")) == ("avance", 2, True)
    assert outcome(report("passed", "horloge", "recommandation", "avance-2", warned=True)) == ("avance", 2, False)
    assert outcome(report("passed", "horloge", "exigence", "expiree-300")) == ("expiree", 300, False)
    assert outcome(report("failed", "horloge", "exigence", "expiree-300")) == ("expiree", 300, True)
    assert outcome(report("failed", "horloge", "exigence", "expiree-300", "proof")) is None
    assert outcome(report("passed", "exigence", "expiree-300")) is None


def test_the_summary_reads_offsets_in_order():
    assert summary({("avance", 300): False, ("avance", 2): True, ("expiree", 300): True}) == [
        "  avance de l'horloge d'ÉduConnect : 2 s acceptée, 5 min refusée",
        "  assertion expirée depuis : 5 min acceptée"]
