"""The `educonnect-conformance` command: French help and errors, its exit codes (README « La
commande »), the pytest command line it builds. In-process main(argv), except one run of pytest."""
from __future__ import annotations

import configparser
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from test_cli_errors import ENGLISH, assert_one_french_line, run
from test_packaging import clean_env

from educonnect_conformance import command, paths
from educonnect_conformance.pytest_run import QUIET, exit_code, pytest_argv

ROOT = Path(__file__).resolve().parent.parent
OK, FAILED, USAGE, STARTUP = 0, 1, 2, 4  # the README's codes, not mock_services.cli's constants
COMMANDS = ("lancer", "serve", "serve-ent", "metadonnees", "rapport", "profils")


def test_help_names_every_command_and_the_exit_codes(capsys):
    code, out, err = run(command.main, ["-h"], capsys)
    assert code == OK and not err
    assert out.startswith("utilisation : educonnect-conformance")
    for name in COMMANDS:
        assert f"    {name} " in out, name
    assert "Sans commande : lancer" in out
    for code, meaning in ((0, "toutes les exigences passent"), (1, "une exigence en échec"),
                          (2, "ligne de commande incorrecte"), (4, "le passage ne peut pas démarrer")):
        assert f"\n  {code}  {meaning}" in out
    assert not ENGLISH.search(out), out


@pytest.mark.parametrize("argv,words", [
    (["lancer", "-h"], ["--cible PROFIL.toml", "--etiquettes EXPRESSION", "--travailleurs N", "--rapports DOSSIER"]),
    (["metadonnees", "-h"], ["profil"]),
    (["rapport", "-h"], ["cucumber", "--sortie"]),
    (["serve", "-h"], ["utilisation : educonnect-conformance serve", "--port-base"]),
    (["serve-ent", "-h"], ["utilisation : educonnect-conformance serve-ent", "--metadonnees-idp"]),
])
def test_each_command_has_its_help_in_french(argv, words, capsys):
    code, out, err = run(command.main, argv, capsys)
    assert code == OK and not err
    for word in words:
        assert word in out, (word, out)
    assert "affiche cette aide et s'arrête" in out and not ENGLISH.search(out), out


def test_version_is_the_package_s(capsys):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    code, out, err = run(command.main, ["--version"], capsys)
    assert (code, out, err) == (OK, f"educonnect-conformance {version}\n", "")


@pytest.mark.parametrize("argv,names", [
    (["--inconnue"], ["educonnect-conformance lancer :", "--inconnue", "inconnu"]),
    (["fusionner"], ["« fusionner »", "'lancer'", "aide : educonnect-conformance -h"]),
    (["--travailleurs", "deux"], ["--travailleurs", "« deux »", "auto"]),
    (["--travailleurs", "-1"], ["--travailleurs", "« -1 »"]),
    (["--etiquettes", "ent and"], ["--etiquettes", "mal formée", "« ent and »", "colonne 8"]),
    (["--etiquettes", "ent and not etiquette-inconnue"], ["--etiquettes", "inconnue(s) : etiquette-inconnue"]),
    (["--cible", "reference", "--travailleurs", "2"], ["--travailleurs", "un seul processus"]),
    (["profils", "--", "-x"], ["educonnect-conformance profils :", "« -- »", "lancer"]),
    (["metadonnees"], ["educonnect-conformance metadonnees :", "profil", "manquant"]),
    (["serve", "--port-base", "abc"], ["educonnect-conformance serve :", "--port-base", "« abc »"]),
])
def test_a_wrong_command_line_is_one_french_line_and_exit_2(argv, names, capsys):
    code, out, err = run(command.main, argv, capsys)
    assert code == USAGE and not out
    assert_one_french_line(err, *names)


def test_a_profile_to_fix_stops_before_pytest_with_exit_4(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("mon-ent.toml").write_text('nom = "Mon ENT"\n[ent]\nurl = 3\n', "utf-8")
    code, out, err = run(command.main, ["--cible", "mon-ent.toml"], capsys)
    assert code == STARTUP and not out
    lines = err.splitlines()
    assert len(lines) > 1 and all(line.startswith("educonnect-conformance lancer : --cible : mon-ent.toml : ")
                                  for line in lines), err
    assert any("« ent.url »" in line for line in lines) and not ENGLISH.search(err), err
    code, out, err = run(command.main, ["--cible", "absent.toml"], capsys)
    assert code == STARTUP and not out
    assert_one_french_line(err, "--cible", "absent.toml", "introuvable")


@pytest.mark.parametrize("argv,names", [
    (["metadonnees", "absent.toml"], ["educonnect-conformance metadonnees :", "absent.toml", "introuvable"]),
    (["rapport", "absent.json"], ["educonnect-conformance rapport :", "« absent.json »", "introuvable"]),
])
def test_the_other_commands_start_up_problems_exit_4(argv, names, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(command.main, argv, capsys)
    assert code == STARTUP and not out
    assert_one_french_line(err, *names)


def test_metadonnees_of_a_shipped_profile_by_its_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(command.main, ["metadonnees", "reference"], capsys)
    assert code == OK and not err
    written = tmp_path / ".conformance" / "educonnect" / "educonnect-metadata.xml"
    assert f"écrites dans {written}" in out
    assert "entityID=\"http://educonnect.localhost:8441/idp\"" in written.read_text("utf-8")


def test_profils_lists_the_shipped_profiles(capsys):
    code, out, err = run(command.main, ["profils"], capsys)
    assert code == OK and not err
    for name in ("reference", "reference-faible", "exemple-editeur"):
        assert f"{name}".ljust(18) + f" {paths.TARGETS / name}.toml" in out
    assert command.profile_path("reference") == paths.TARGETS / "reference.toml"
    assert command.profile_path("targets/reference.toml") == Path("targets/reference.toml")
    assert command.profile_path("mon-ent") == Path("mon-ent")  # not shipped: the profile check names it


@pytest.mark.parametrize("pytest_code,code", [(0, OK), (1, FAILED), (2, STARTUP), (3, STARTUP), (4, STARTUP),
                                              (5, STARTUP)])
def test_pytest_s_exit_codes_become_the_readme_s(pytest_code, code):
    assert exit_code(pytest_code) == code


def test_the_pytest_command_line(tmp_path):
    argv = pytest_argv(tmp_path / "r", markers="ent", extra=["-x"])
    assert argv[0] == str(ROOT / "steps")
    assert argv[argv.index("-c") + 1] == str(paths.PYTEST_INI)
    assert argv[argv.index("--rootdir") + 1] == str(paths.ROOT) == str(ROOT)
    assert f"--confcutdir={ROOT / 'steps'}" in argv
    assert "no:schemathesis" in argv and "no:hypothesispytest" in argv  # the project's tests' plugins only
    assert f"--junitxml={tmp_path / 'r' / 'junit.xml'}" in argv
    assert argv[argv.index("-n") + 1] == "auto" and argv[argv.index("-m") + 1] == "ent"
    assert argv[-len(QUIET) - 1:] == [*QUIET, "-x"]
    target = pytest_argv(Path("reports"), target=Path("t.toml"), verbose=2)
    assert "--target=t.toml" in target and "-n" not in target
    assert target[-2:] == ["-v", "-v"] and not set(QUIET) & set(target)
    assert "-n" not in pytest_argv(Path("reports"), workers="1")


def ini_options_of_pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]["ini_options"]


def test_the_command_s_pytest_configuration_is_pyproject_s():
    """pytest.ini (the command's, in a wheel too) says what pyproject.toml says for a clone's pytest;
    pyproject's report options are the command's default --rapports."""
    pyproject = ini_options_of_pyproject()
    ini = configparser.ConfigParser()
    ini.read(paths.PYTEST_INI, encoding="utf-8")
    command_ini = ini["pytest"]
    reports = [a for a in pytest_argv(Path("reports")) if a.startswith(("--junitxml", "--cucumber-report", "--output"))]
    assert shlex.split(pyproject["addopts"]) == shlex.split(command_ini["addopts"]) + reports
    assert command_ini["bdd_features_base_dir"] == pyproject["bdd_features_base_dir"]
    assert command_ini["junit_family"] == pyproject["junit_family"]
    assert command_ini["filterwarnings"].split() == " ".join(pyproject["filterwarnings"]).split()
    assert set(pyproject) - {"testpaths"} == set(command_ini)  # the command names its test module itself


def test_no_scenario_is_exit_4_in_french_without_xdist_s_english(tmp_path):
    """A real run (subprocess: pytest in-process would share this run's plugins): tags that select no
    scenario, on two workers."""
    done = subprocess.run([sys.executable, "-m", "educonnect_conformance", "--etiquettes", "ent and not ent",
                           "--travailleurs", "2"], cwd=tmp_path, env=clean_env(), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == STARTUP, done.stdout + done.stderr
    assert done.stdout.startswith("0 scénario(s) à lancer, sur 2 processus en parallèle ; rapports dans reports/\n")
    assert_one_french_line(done.stderr, "educonnect-conformance lancer : aucun scénario lancé",
                           "« ent and not ent »")
    assert "Aucun scénario dans ce passage" in done.stdout
    for english in ("bringing up nodes", "no tests ran", "deselected", "passed", "cucumber report"):
        assert english not in done.stdout, done.stdout
    assert (tmp_path / "reports" / "junit.xml").is_file() and (tmp_path / "reports" / "cucumber.json").is_file()
