"""The guide's traceability gate (harness.traceability): features/guide.toml <-> scenario tags."""
from __future__ import annotations

from pathlib import Path

import pytest

from harness import traceability
from harness.traceability import GuideError, check, load_guide

GUIDE = """\
[guide]
title = "Guide de test"

[sections]
1 = "1. Accédez au service EduConnect"
3 = "3. Foire Aux Questions"

[[statement]]
id = "G1-ACT-3"
section = 1
quote = '''3. Saisissez le code de sécurité reçu par SMS ou mail pour valider votre identité.'''

[[statement]]
id = "G3-CODE-2"
section = 3
quote = '''Le code expire au bout de 30 minutes.'''

[[statement]]
id = "G1-LET-1"
section = 1
quote = '''Vous avez reçu un mail de la direction de l'établissement scolaire.'''
pending = "Courrier de l'école (issue 4)."
"""

FEATURE = """\
# language: fr
@guide-1 @activation
Fonctionnalité: Activation

  @ent @G1-ACT-3
  Scénario: Le code reçu valide l'identité
    Soit un parent

  @reference @G3-CODE-2
  Scénario: Le code expire
    Soit un parent

  @guide-connexion
  Scénario: Un choix de la pile de référence
    Soit un parent
"""


def project(tmp_path: Path, guide: str = GUIDE, **features: str) -> tuple[Path, Path]:
    (tmp_path / "features").mkdir(exist_ok=True)
    path = tmp_path / "features" / "guide.toml"
    path.write_text(guide, encoding="utf-8")
    for name, text in (features or {"activation": FEATURE}).items():
        (tmp_path / "features" / f"{name}.feature").write_text(text, encoding="utf-8")
    return path, tmp_path / "features"


def problems(tmp_path: Path, guide: str = GUIDE, **features: str) -> list[tuple[str, str]]:
    path, features_dir = project(tmp_path, guide, **features)
    return [(p.kind, p.message) for p in check(path, features_dir, tmp_path).problems]


def test_the_project_guide_is_honest() -> None:
    """Every statement of features/guide.toml is checked by a scenario or honestly pending."""
    coverage = check()
    assert not coverage.problems, traceability.format_problems(coverage)


def test_the_project_guide_is_well_formed() -> None:
    guide = load_guide()
    assert len(guide.statements) >= 40
    assert all(s.quote for s in guide.statements)
    assert {s.section for s in guide.statements} == {0, 1, 2, 3}
    pending = [s for s in guide.statements if s.pending]
    assert all("issue" in s.pending or "hors" in s.pending for s in pending)


def test_a_clean_project_passes(tmp_path: Path) -> None:
    assert problems(tmp_path) == []
    path, features_dir = project(tmp_path)
    coverage = check(path, features_dir, tmp_path)
    assert [s.name for s in coverage.scenarios_for("G1-ACT-3")] == ["Le code reçu valide l'identité"]
    assert [s.name for s in coverage.untraced] == ["Un choix de la pile de référence"]


def test_uncovered_statement(tmp_path: Path) -> None:
    feature = FEATURE.replace(" @G3-CODE-2", "")
    [(kind, message)] = problems(tmp_path, activation=feature)
    assert kind == "uncovered"
    assert message.startswith("G3-CODE-2 (guide.toml) n'est vérifié par aucun scénario")
    assert "Le code expire au bout de 30 minutes." in message


def test_pending_statement_that_is_covered(tmp_path: Path) -> None:
    feature = FEATURE.replace("@ent @G1-ACT-3", "@ent @G1-ACT-3 @G1-LET-1")
    [(kind, message)] = problems(tmp_path, activation=feature)
    assert kind == "pending-covered"
    assert "G1-LET-1" in message and "features/activation.feature:6" in message and "supprimez sa ligne pending" in message


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("G1-ACT-9", "unknown-tag"),  # well formed, no such statement
        ("G9-ACT-3", "unknown-tag"),
        ("g1-act-3", "malformed-tag"),  # ids are upper case
        ("G1-ACT", "malformed-tag"),
        ("G1-ACTIVATION-3", "malformed-tag"),
        ("G12-ACT-3", "malformed-tag"),
        ("G1-ACT-003", "malformed-tag"),
    ],
)
def test_tag_that_looks_like_an_id_must_name_a_statement(tmp_path: Path, tag: str, kind: str) -> None:
    feature = FEATURE.replace("@guide-connexion", f"@guide-connexion @{tag}")
    [(found, message)] = problems(tmp_path, activation=feature)
    assert found == kind
    assert f"@{tag}" in message and "features/activation.feature:14" in message


@pytest.mark.parametrize("tag", ["guide-1", "guide-connexion", "ent", "reference", "activation", "G", "Guide-2", "go-1"])
def test_other_tags_are_not_ids(tag: str) -> None:
    assert not traceability.LOOKS_LIKE_ID.match(tag)


def test_feature_rule_and_examples_tags_cover(tmp_path: Path) -> None:
    feature = """\
# language: fr
@G1-ACT-3
Fonctionnalité: Tags hérités

  Plan du scénario: Un plan <x>
    Soit un parent <x>

    @G1-LET-1
    Exemples:
      | x |
      | 1 |

  @G3-CODE-2
  Règle: Une règle
    Scénario: Dans la règle
      Soit un parent
"""
    found = problems(tmp_path, activation=feature)
    assert [kind for kind, _ in found] == ["pending-covered"]  # G1-LET-1 via the Examples' tag
    path, features_dir = project(tmp_path, activation=feature)
    coverage = check(path, features_dir, tmp_path)
    assert [s.name for s in coverage.scenarios_for("G1-ACT-3")] == ["Un plan <x>", "Dans la règle"]
    assert [s.name for s in coverage.scenarios_for("G3-CODE-2")] == ["Dans la règle"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('id = "G3-CODE-2"', 'id = "G3-code-2"'), "identifiant 'G3-code-2' invalide"),
        (('id = "G3-CODE-2"', 'id = "G1-ACT-3"'), "G1-ACT-3 : identifiant en double"),
        (("section = 3", "section = 1"), "section 1 ne correspond pas à l'identifiant (G3)"),
        (('pending = "Courrier de l\'école (issue 4)."', 'pending = " "'), "« pending » doit donner la raison"),
        (("quote = '''Le code expire au bout de 30 minutes.'''", 'quote = ""'), "citation du guide (quote) manquante"),
        (('pending = "Courrier', 'status = "x"\npending = "Courrier'), "champ(s) inconnu(s) status"),
    ],
)
def test_a_malformed_guide_is_refused(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in GUIDE
    path, _ = project(tmp_path, GUIDE.replace(*change, 1) if change[0] != "section = 3" else GUIDE.replace(*change))
    with pytest.raises(GuideError, match=None) as info:
        load_guide(path)
    assert expected in str(info.value)
