"""Target mode, end to end: the reference ENT run as an outside process through a
target profile passes a sample of the @ent and @conformance scenarios, and only those are
collected; a weak variant of it
fails exactly the conformance scenarios that match its weaknesses; a bad profile
or a failing ENT stops the run with a French message naming the cause."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.traceability import scan_features
from pytest_bdd.scenario import make_python_name

from proof_table import (ATTACHED_CHILD, AUDIENCE, ENCRYPTED, FC_ACTIVATION, FC_LOGOUT, FOREIGN_KEY, LOGOUT,
                                   REPLAY, SIGNED_REQUESTS, SINGLE_LOGOUT, SP_INITIATED, UNPADDED_CODE, UNSIGNED,
                                   UNSIGNED_IDP_LOGOUT, UNSOLICITED, wrapped, IDP_LOGOUT, FOREIGN_IDP_LOGOUT)
from test_conformance_services import free_port
from harness.suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "targets" / "reference.toml"
CONFORMANCE = ROOT / "features" / "conformance"


def on_free_ports(tmp_path: Path, shipped: Path) -> Path:
    """A shipped profile on free ports, its ÉduConnect key kept in tmp_path."""
    text = shipped.read_text("utf-8")
    ent_port = re.search(r"ent\.localhost:(\d+)", text).group(1)
    ent, educonnect = free_port(), free_port()
    text = text.replace(ent_port, str(ent)).replace("port = 8441", f"port = {educonnect}")
    text = text.replace("[educonnect]\n", f"[educonnect]\ncles = '{tmp_path / 'cles'}'\n")
    assert str(ent) in text and str(educonnect) in text
    path = tmp_path / "cible.toml"
    path.write_text(text, "utf-8")
    return path


def reference_profile(tmp_path: Path) -> Path:
    return on_free_ports(tmp_path, REFERENCE)


def run_target(tmp_path: Path, profile: Path, *selection: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run the suite against `profile`; (process, scenario name -> passed/failed)."""
    report = tmp_path / "cucumber.json"
    done = subprocess.run(
        [*SUITE_PYTEST, f"--target={profile}", "-q", "-p", "no:cacheprovider",
         "-o", "addopts=", "-p", "harness.cucumber_report", f"--cucumber-report={report}",
         f"--output={tmp_path / 'traces'}", *selection],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    statuses = {}
    if report.exists():
        for feature in json.loads(report.read_text("utf-8")):
            for element in feature["elements"]:
                results = {s["result"]["status"] for s in element["steps"]}
                statuses[element["name"]] = element.get("verdict") or ("failed" if "failed" in results else (
                    "passed" if results == {"passed"} else "other"))
    return done, statuses


def scenario_names(directory: Path, tags: tuple[str, ...]) -> set[str]:
    """Names of the scenarios under `directory` carrying one of `tags` (outlines excepted:
    their names change per example)."""
    return {sc.name for sc in scan_features(directory, ROOT) if set(tags) & set(sc.tags) and "<" not in sc.name}


# One scenario per kind of step the target mode drives differently from the embedded stack
# (the profile's labels and texts, the provisioning hook, the control API against an outside ENT,
# the outside ENT's logs and metadata). Every target scenario against the reference ENT is
# `make conformance TARGET=targets/reference.toml`; in-process, steps/ runs them all.
PROFILES_PAGE = "La page d'authentification de l'ENT propose les cinq profils"
REFERENCE_SAMPLE = [
    PROFILES_PAGE,
    "Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant",
    LOGOUT, FC_ACTIVATION, FC_LOGOUT, ATTACHED_CHILD,
    "Première connexion avec le mot de passe provisoire, puis connexion à l'ENT",
    "Le second parent active son propre compte avec son propre numéro",
    SP_INITIATED, UNSOLICITED, SINGLE_LOGOUT, IDP_LOGOUT, SIGNED_REQUESTS, ENCRYPTED, UNSIGNED, REPLAY,
    UNPADDED_CODE, wrapped("xsw3"),
]


def by_name(names: list[str]) -> str:
    return " or ".join(f"test_{make_python_name(name)}" for name in names)


def test_reference_ent_outside_passes_its_target_scenarios(tmp_path):
    profile = reference_profile(tmp_path)
    target = scenario_names(ROOT / "features", ("ent", "conformance"))
    assert set(REFERENCE_SAMPLE) <= target  # names still those of the features
    done, statuses = run_target(tmp_path, profile, "-k", by_name(REFERENCE_SAMPLE))
    assert set(statuses) == set(REFERENCE_SAMPLE), done.stdout[-3000:]
    assert set(statuses.values()) == {"passed"}, (
        {n: s for n, s in statuses.items() if s != "passed"}, done.stdout[-3000:])
    assert done.returncode == 0
    assert "Métadonnées SAML de l'ÉduConnect de référence" in done.stdout
    served = (tmp_path / "cles" / "educonnect-metadata.xml").read_text("utf-8")
    written = subprocess.run([sys.executable, "-m", "harness.target_mode", str(profile)], cwd=ROOT,
                             capture_output=True, text=True, timeout=60, check=True)
    assert "educonnect-metadata.xml" in written.stdout
    assert (tmp_path / "cles" / "educonnect-metadata.xml").read_text("utf-8") == served  # same key, same URL


def test_target_mode_deselects_the_scenarios_of_the_reference_stack_alone(tmp_path):
    """Collection only: every @ent and @conformance scenario, and nothing else."""
    done = subprocess.run(
        [*SUITE_PYTEST, f"--target={reference_profile(tmp_path)}", "--collect-only", "-q",
         "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    collected = {line.split("::")[-1].split("[")[0] for line in done.stdout.splitlines() if "::" in line}
    target = scenario_names(ROOT / "features", ("ent", "conformance"))
    reference_only = {sc.name for sc in scan_features(ROOT / "features", ROOT)
                      if not {"ent", "conformance"} & set(sc.tags) and "<" not in sc.name}
    assert len(target) > 40
    assert {f"test_{make_python_name(n)}" for n in target} <= collected
    assert not {f"test_{make_python_name(n)}" for n in reference_only} & collected


def test_weak_ent_fails_exactly_the_matching_conformance_scenarios(tmp_path):
    """Its faults' checks fail (or warn, for a recommendation), and the checks beside them pass.
    (Each fault breaks exactly its checks: the proofs, tests/test_broken_reference.py.)"""
    profile = on_free_ports(tmp_path, ROOT / "targets" / "reference-faible.toml")
    chosen = [UNSIGNED, AUDIENCE, UNSIGNED_IDP_LOGOUT, FOREIGN_IDP_LOGOUT, SIGNED_REQUESTS, SP_INITIATED,
              FOREIGN_KEY]  # the last refused: the ENT's log
    done, statuses = run_target(tmp_path, profile, "-k", by_name(chosen), "--sans-trace")  # no traced second runs
    assert set(statuses) == set(chosen), done.stdout[-3000:]
    failed = {n for n, s in statuses.items() if s == "failed"}
    assert failed == {UNSIGNED, AUDIENCE, UNSIGNED_IDP_LOGOUT}, done.stdout[-3000:]
    warned = {n for n, s in statuses.items() if s == "avertissement"}
    assert warned == {SIGNED_REQUESTS}, done.stdout[-3000:]  # a recommendation: a warning, not a failure
    assert {s for n, s in statuses.items() if n not in failed | warned} == {"passed"}
    assert done.returncode == 1
    assert "dernières lignes de l'ENT lancé" in done.stdout and "SAML response refused" in done.stdout


def with_metadata_file(tmp_path: Path, profile: Path, edit) -> Path:
    """`profile` reading, instead of the ENT's served metadata, a file of metadata for its URL edited by `edit`."""
    from test_sp_metadata import reference_metadata

    text = profile.read_text("utf-8")
    ent_url = re.search(r'^url = "(http://ent\.localhost:\d+)"', text, re.M).group(1)
    xml = edit(reference_metadata(tmp_path, ent_url))
    (tmp_path / "sp.xml").write_text(xml, "utf-8")
    profile.write_text(re.sub(r'^metadonnees = ".*"$', f'metadonnees = "{tmp_path / "sp.xml"}"', text, flags=re.M),
                       "utf-8")
    return profile


def test_metadata_with_a_post_only_logout_warns_before_the_first_scenario(tmp_path):
    profile = with_metadata_file(tmp_path, reference_profile(tmp_path), lambda xml: re.sub(
        r'(<(?:\w+:)?SingleLogoutService\b[^>]*Binding=")[^"]+',
        r"\g<1>urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", xml))
    done, statuses = run_target(tmp_path, profile, "-k", by_name([PROFILES_PAGE]))
    assert done.returncode == 0 and set(statuses.values()) == {"passed"}, done.stdout[-3000:]
    warning = ("  Métadonnées de l'ENT, avertissement : SingleLogoutService : aucun en HTTP-Redirect "
               "(seulement HTTP-POST)")
    before_first = done.stdout.split("[100%]")[0]
    assert warning in before_first, done.stdout[-3000:]
    assert "avertissement : SingleLogoutService" in (tmp_path / "index.html").read_text("utf-8")


def test_metadata_without_a_post_consumer_service_stops_the_run(tmp_path):
    profile = with_metadata_file(tmp_path, reference_profile(tmp_path), lambda xml: re.sub(
        r'(<(?:\w+:)?AssertionConsumerService\b[^>]*Binding=")[^"]+',
        r"\g<1>urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact", xml))
    done, statuses = run_target(tmp_path, profile)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR and not statuses
    assert "« saml.metadonnees » : AssertionConsumerService : aucune en HTTP-POST" in done.stdout + done.stderr


def test_a_bad_profile_stops_the_run_naming_every_faulty_field(tmp_path):
    profile = tmp_path / "cible.toml"
    profile.write_text('nom = "X"\n[ent]\nurl = "ftp://ent"\n[saml]\nmetadonnees = "m.xml"\n', "utf-8")
    done, statuses = run_target(tmp_path, profile)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR and not statuses
    assert "« ent.url » doit être une URL http(s)" in done.stderr
    assert "champ « ent.page_connexion » manquant" in done.stderr
    assert "[provisionnement]" in done.stderr or "provisionnement" in done.stderr


def test_target_mode_refuses_parallel_workers(tmp_path):
    done, _ = run_target(tmp_path, reference_profile(tmp_path), "-n", "2")
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert "un seul processus" in done.stderr


def test_an_ent_that_stops_before_it_is_ready_stops_the_run(tmp_path):
    profile = reference_profile(tmp_path)
    text = profile.read_text("utf-8").replace('"--jeton", "{jeton}"]', '"--jeton", ""]')
    profile.write_text(text, "utf-8")
    done, statuses = run_target(tmp_path, profile)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR and not statuses
    assert "mode cible" in done.stdout + done.stderr
    assert "--jeton : le jeton ne peut pas être vide" in done.stdout + done.stderr
