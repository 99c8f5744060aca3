"""The fault-coverage gate (harness/fault_coverage.py): every guide statement and
every rule of the README's choices table is broken by a fault that has a proof."""
from __future__ import annotations

from pathlib import Path

import pytest
from proof_table import PROOFS

from harness import fault_coverage
from harness.fault_coverage import Rule, RulesError, check, load_rules, readme_choices
from harness.traceability import Guide, ScenarioRef, Statement, load_guide, scan_features
from mock_services.faults import FAULTS


def test_every_statement_and_rule_is_broken_by_a_proved_fault():
    problems = check(load_guide(), scan_features(), load_rules(), readme_choices(), PROOFS, FAULTS)
    assert not problems, "Couverture par les défauts :\n- " + "\n- ".join(problems)


# The gate on a small world: one statement, one rule, one fault, one scenario.
def _guide(*statements: Statement) -> Guide:
    return Guide("Guide", {1: "1."}, list(statements), Path("guide.toml"))


CODE = Statement("G1-ACT-3", 1, "Saisissez le code", faults=("code-ignore",))
SCENARIO = ScenarioRef("features/a.feature", 3, "Le code est vérifié", "Activation", ("G1-ACT-3",))
RULE = Rule("activation code", ("code-ignore",))
FAULT = {"code-ignore": "any code is accepted"}
PROOF = {"code-ignore": {"Le code est vérifié": "le message s'affiche"}}


def _problems(guide=None, scenarios=None, rules=None, subjects=None, proofs=None, faults=None) -> list[str]:
    return check(guide or _guide(CODE), [SCENARIO] if scenarios is None else scenarios,
                 [RULE] if rules is None else rules, ["activation code"] if subjects is None else subjects,
                 PROOF if proofs is None else proofs, FAULT if faults is None else faults)


def test_the_small_world_passes():
    assert _problems() == []


def test_a_statement_without_fault_fails():
    [problem] = _problems(guide=_guide(Statement("G1-ACT-3", 1, "Saisissez le code")))
    assert problem.startswith("G1-ACT-3 : aucun défaut ne le casse")


def test_a_pending_statement_needs_no_fault():
    assert _problems(guide=_guide(CODE, Statement("G1-ACT-4", 1, "Confirmez", pending="plus tard"))) == []


def test_an_unknown_fault_fails():
    guide = _guide(Statement("G1-ACT-3", 1, "Saisissez le code", faults=("code-ignore", "code-oublie")))
    assert _problems(guide=guide) == ["G1-ACT-3 : le défaut « code-oublie » n'existe pas (mock_services/faults.py)"]


def test_a_fault_without_proof_fails_for_its_statement_its_rule_and_itself():
    problems = _problems(proofs={})
    assert problems == [
        "G1-ACT-3 : le défaut « code-ignore » n'a pas de preuve (tests/proof_table.py)",
        "règle « activation code » : le défaut « code-ignore » n'a pas de preuve (tests/proof_table.py)",
        "le défaut « code-ignore » n'a pas de preuve (tests/proof_table.py)",
        "features/a.feature:3 « Le code est vérifié » : aucune preuve ne fait échouer ce scénario "
        "(tests/proof_table.py)"]


def test_a_proof_of_no_fault_fails():
    proofs = {**PROOF, "code-perdu": {"Le code est vérifié": "le message s'affiche"}}
    assert _problems(proofs=proofs) == [
        "tests/proof_table.py prouve « code-perdu », qui n'est pas un défaut de mock_services/faults.py"]


def test_a_fault_proved_through_another_statements_scenario_fails():
    other = ScenarioRef("features/a.feature", 3, "Le code est vérifié", "Activation", ("G1-ACT-2",))
    assert _problems(scenarios=[other]) == [
        "G1-ACT-3 : aucune preuve du défaut « code-ignore » ne passe par un scénario étiqueté @G1-ACT-3"]


def test_a_rule_without_fault_needs_its_reason():
    assert _problems(rules=[Rule("activation code")]) == [
        "règle « activation code » : aucun défaut ne la casse ; ajoutez faults = [\"…\"] ou "
        "sans_defaut = \"raison\" dans regles.toml"]
    assert _problems(rules=[Rule("activation code", without_fault="un choix de nommage")]) == []


def test_a_scenario_in_no_proof_fails():
    other = ScenarioRef("features/a.feature", 9, "Le code expire", "Activation", ())
    assert _problems(scenarios=[SCENARIO, other]) == [
        "features/a.feature:9 « Le code expire » : aucune preuve ne fait échouer ce scénario (tests/proof_table.py)"]


def test_readme_rows_and_rules_match():
    assert _problems(subjects=["activation code", "letter"]) == [
        "la ligne « letter » des choix du README n'a pas de règle dans regles.toml"]
    assert _problems(subjects=[]) == [
        "la règle « activation code » (regles.toml) n'est pas une ligne des choix du README"]


def test_the_readme_table_is_read_row_by_row(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{fault_coverage.CHOICES_HEADING}\n\n| subject | choice |\n|---|---|\n"
                      "| empty fields | messages \\| next to each field |\n| letter | 3 months |\n\n## Next\n\n"
                      "| other | table |\n", encoding="utf-8")
    assert readme_choices(readme) == ["empty fields", "letter"]


@pytest.mark.parametrize("body, message", [
    ('[[rule]]\nsubject = "x"\nfautes = []\n', "champ(s) inconnu(s) fautes"),
    ('[[rule]]\nfaults = []\n', "« subject »"),
    ('[[rule]]\nsubject = "x"\nfaults = "code"\n', "« faults » doit être une liste"),
    ('[[rule]]\nsubject = "x"\nsans_defaut = ""\n', "« sans_defaut » doit donner la raison"),
    ('[[rule]\n', "fichier des règles illisible"),
])
def test_a_malformed_rules_file_is_named(tmp_path, body, message):
    path = tmp_path / "regles.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RulesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_rules(path)
