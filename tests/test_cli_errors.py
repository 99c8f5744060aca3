"""Every command line of the project fails with one line of French naming the input and the fix,
with the exit code the README documents (mock_services/cli.py): 2 a wrong command line, 4 a
start-up problem. Most run main(argv) in-process; a taken port and pytest's options run for real."""
from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from test_profile import MINIMAL

from harness import bench, html_report, target_mode, toml_errors, traceability
from mock_services import __main__ as mock_services_main
from mock_services import cli

ROOT = Path(__file__).resolve().parent.parent
USAGE, STARTUP = 2, 4  # the README's codes (« Erreurs et codes de sortie »), not cli's constants
# argparse's, werkzeug's, Python's English; French words (invalide, option) do not match
ENGLISH = re.compile(r"\b(usage|error|the following|required|invalid|unrecognized|expected|choose from|show this"
                     r"|positional|ambiguous|not allowed|ignored|Traceback|Errno|already in use|is in use|at line"
                     r"|end of document)\b", re.IGNORECASE)
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# enough of an IdP for serve-ent's own check (serve-ent stops on the data folder or the port before using it)
IDP_METADATA = f"""<md:EntityDescriptor xmlns:md="{MD}" entityID="http://educonnect.localhost:1/idp">
<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:SingleLogoutService Binding="{REDIRECT}" Location="http://educonnect.localhost:1/slo"/>
<md:SingleSignOnService Binding="{REDIRECT}" Location="http://educonnect.localhost:1/sso"/>
</md:IDPSSODescriptor></md:EntityDescriptor>"""


def assert_one_french_line(stderr: str, *names: str) -> None:
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert not ENGLISH.search(stderr), stderr
    for name in names:
        assert name in stderr, (name, stderr)


def run(main, argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as stopped:
        code = stopped.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def idp_metadata(tmp_path) -> str:
    path = tmp_path / "idp.xml"
    path.write_text(IDP_METADATA, "utf-8")
    return str(path)


@pytest.fixture
def taken_port():
    """A port someone else listens on."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
        if port > 65530:  # --port-base takes six ports from it
            pytest.skip("the system gave a port above 65530")
        yield port


@pytest.fixture
def closed_port():
    """A port nobody listens on while the test runs (bound, never listening: connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


# -- argparse in French ---------------------------------------------------------------------------

def test_every_translated_message_is_one_argparse_has():
    source = inspect.getsource(argparse)
    for msgid in cli.MESSAGES:
        assert msgid in source, msgid
    for singular, plural in cli.PLURALS:
        assert singular in source and plural in source


@pytest.mark.parametrize("argv", [["-h"], ["serve", "-h"], ["serve-ent", "--help"]])
def test_help_is_in_french(argv, capsys):
    code, out, err = run(mock_services_main.main, argv, capsys)
    assert code == 0 and not err
    assert out.startswith("utilisation : python -m mock_services")
    assert "affiche cette aide et s'arrête" in out and "options\u00a0:" in out
    assert not ENGLISH.search(out), out


def test_help_asked_for_outside_parsing_is_in_french():
    parser = cli.ArgumentParser(prog="essai")
    parser.add_argument("--nombre", help="un nombre")
    assert parser.format_usage() == "utilisation : essai [-h] [--nombre NOMBRE]\n"
    assert "utilisation : essai" in parser.format_help() and not ENGLISH.search(parser.format_help())


SERVE_ENT = ["serve-ent", "--port", "8440", "--metadonnees-idp", "idp.xml", "--jeton", "j"]


def serve_ent(**changes: str) -> list[str]:
    argv = list(SERVE_ENT)
    for option, value in changes.items():
        option = "--" + option.replace("_", "-")
        if option in argv:
            argv[argv.index(option) + 1] = value
        else:
            argv += [option, value]
    return argv


@pytest.mark.parametrize("argv,names", [
    ([], ["{serve,serve-ent}", "aide : python -m mock_services -h"]),
    (["lancer"], ["« lancer »", "'serve-ent'"]),
    (["serve", "--port-base", "abc"], ["python -m mock_services serve :", "--port-base", "« abc »", "entre 0 et 65530"]),
    (["serve", "--port-base", "65531"], ["--port-base", "« 65531 »"]),
    (["serve", "--port-base"], ["--port-base", "une valeur est attendue"]),
    (["serve", "--inconnue"], ["--inconnue", "inconnu"]),
    (["serve", "--faults", "tout-casse"], ["--faults", "tout-casse", "défauts possibles"]),
    (["serve-ent"], ["--port, --metadonnees-idp, --jeton", "manquant"]),
    (serve_ent(port="huit"), ["--port", "« huit »", "entre 1 et 65535"]),
    (serve_ent(port="0"), ["--port", "« 0 »"]),
    (serve_ent(jeton=" "), ["--jeton", "vide"]),
    (serve_ent(faults="tout-casse"), ["--faults", "tout-casse"]),
])
def test_a_wrong_command_line_is_one_french_line_and_exit_2(argv, names, capsys):
    code, out, err = run(mock_services_main.main, argv, capsys)
    assert code == USAGE and not out
    assert_one_french_line(err, *names)


# -- serve and serve-ent: start-up problems (exit 4) ----------------------------------------------

@pytest.mark.parametrize("document,names", [
    (None, ["fichier introuvable", "absent.xml"]),
    ("dossier", ["est un dossier"]),
    (b"<md:EntityDescriptor \xe9/>", ["n'est pas un texte UTF-8"]),
    ("[ent]\nurl = 1\n", ["n'est pas du XML (ligne 1, colonne 1)"]),
    ("<html><body/></html>", ["pas des métadonnées SAML (racine html"]),
    (f'<EntityDescriptor xmlns="{MD}" entityID="x"><SPSSODescriptor/></EntityDescriptor>',
     ["0 fournisseur(s) d'identité"]),
    (IDP_METADATA.replace("SingleLogoutService", "ArtifactResolutionService"), ["pas de SingleLogoutService"]),
])
def test_unusable_idp_metadata_files(tmp_path, document, names, capsys):
    path = tmp_path / ("dossier" if document == "dossier" else "absent.xml" if document is None else "idp.xml")
    if document == "dossier":
        path.mkdir()
    elif isinstance(document, bytes):
        path.write_bytes(document)
    elif document is not None:
        path.write_text(document, "utf-8")
    code, out, err = run(mock_services_main.main, serve_ent(metadonnees_idp=str(path)), capsys)
    assert code == STARTUP and not out
    assert_one_french_line(err, "python -m mock_services serve-ent : --metadonnees-idp :", *names,
                           "donnez l'URL ou le fichier des métadonnées")


def test_unreachable_idp_metadata_url(closed_port, capsys):
    url = f"http://educonnect.localhost:{closed_port}/idp/shibboleth"
    code, _, err = run(mock_services_main.main, serve_ent(metadonnees_idp=url), capsys)
    assert code == STARTUP
    assert_one_french_line(err, "--metadonnees-idp", url, "injoignable", "le service tourne-t-il ?")


@pytest.mark.parametrize("command", ["serve", "serve-ent"])
@pytest.mark.parametrize("data,names", [
    ("fichier", ["est un fichier, pas un dossier", "retirez --data"]),
    ("fichier/sous-dossier", ["impossible de créer le dossier", "un élément du chemin n'est pas un dossier"]),
])
def test_a_data_folder_that_cannot_be_one(tmp_path, idp_metadata, command, data, names, capsys):
    (tmp_path / "fichier").write_text("x")
    argv = ["serve"] if command == "serve" else serve_ent(metadonnees_idp=idp_metadata)
    code, out, err = run(mock_services_main.main, [*argv, "--data", str(tmp_path / data)], capsys)
    assert code == STARTUP and not out
    assert_one_french_line(err, f"python -m mock_services {command} : --data :", str(tmp_path / data), *names)


def start(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mock_services", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


def test_serve_on_a_taken_port(taken_port):
    done = start(["serve", "--port-base", str(taken_port)])
    assert done.returncode == STARTUP and not done.stdout
    assert_one_french_line(done.stderr, f"--port-base : le port {taken_port} (ent.localhost) est déjà pris",
                           "--port-base 0")


def test_serve_ent_on_a_taken_port(taken_port, idp_metadata):
    done = start(serve_ent(port=str(taken_port), metadonnees_idp=idp_metadata))
    assert done.returncode == STARTUP and not done.stdout
    assert_one_french_line(done.stderr, f"--port : le port {taken_port} (ent.localhost) est déjà pris",
                           "choisissez-en un autre avec --port")


# -- target mode: python -m harness.target_mode, and the reference ÉduConnect's port ---------------

PROFILE = MINIMAL  # tests/test_profile.py's


@pytest.mark.parametrize("text,names", [
    (None, ["absent.toml : fichier introuvable"]),
    (PROFILE.replace("[ent]\n", "[ent\n"), ["TOML illisible, ligne 2, colonne 5 : « ] » attendu"]),
    (PROFILE.replace('jeton = "secret"', "jeton secret"), ["TOML illisible, ligne 9, colonne 7 : « = » attendu"]),
    (PROFILE.replace('"ENT X"', "3"), ["« nom » doit être un texte non vide (reçu « 3 »)"]),
    (PROFILE + "[educonect]\n", ["champ inconnu « educonect » (vouliez-vous dire « educonnect » ?)"]),
    (PROFILE.replace('"http://ent.localhost:8440/"', '"ent.localhost"'), ["« ent.url » doit être une URL http(s)"]),
    (PROFILE + "[educonnect]\ncles = '{fichier}'\n", ["« educonnect.cles » : « ", "est un fichier"]),
])
def test_educonnect_metadata_with_a_bad_profile(tmp_path, text, names, capsys):
    path = tmp_path / ("absent.toml" if text is None else "x.toml")
    (tmp_path / "fichier").write_text("x")
    if text is not None:
        path.write_text(text.replace("{fichier}", str(tmp_path / "fichier")), "utf-8")
    code, out, err = run(target_mode.main, [str(path)], capsys)
    assert code == STARTUP and not out
    assert_one_french_line(err, f"python -m harness.target_mode : {path} : ", *names)


def test_educonnect_metadata_without_its_profile(capsys):
    code, _, err = run(target_mode.main, [], capsys)
    assert code == USAGE
    assert_one_french_line(err, "python -m harness.target_mode : ", "manquant(s) : profil")


def test_target_mode_on_a_taken_educonnect_port(tmp_path, taken_port):
    path = tmp_path / "x.toml"
    path.write_text(PROFILE + f"[educonnect]\nport = {taken_port}\ncles = '{tmp_path / 'cles'}'\n", "utf-8")
    with pytest.raises(target_mode.TargetModeError) as caught:
        target_mode.start(target_mode.load_profile(path))
    message = str(caught.value)
    assert f"le port {taken_port} (educonnect.localhost) est déjà pris ; « educonnect.port »" in message
    assert "\n" not in message and not ENGLISH.search(message)


@pytest.mark.parametrize("message", [
    "Cannot declare ('ent', 'libelles') twice",
    "Expected ']' at the end of a table declaration",
])
def test_toml_errors_keep_line_and_column(message):
    french = toml_errors.french(tomllib.TOMLDecodeError(f"{message} (at line 3, column 5)"))
    assert french.startswith("ligne 3, colonne 5 : ") and not ENGLISH.search(french), french
    assert "ent.libelles" in french or "« ] »" in french


def test_every_toml_syntax_error_has_its_french():
    """Each message of tomllib's source, its {fields} filled, has a pattern in harness/toml_errors.py."""
    from tomllib import _parser

    for node in ast.walk(ast.parse(inspect.getsource(_parser))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "suffixed_err":
            message = node.args[2]
            parts = message.values if isinstance(message, ast.JoinedStr) else [message]
            sample = "".join(p.value if isinstance(p, ast.Constant) else "('x',)" for p in parts)
            french = toml_errors.french(tomllib.TOMLDecodeError(f"{sample} (at end of document)"))
            assert french.startswith("fin du fichier : ") and sample not in french, (sample, french)
            assert not ENGLISH.search(french), french


# -- the other command lines ----------------------------------------------------------------------

@pytest.mark.parametrize("main,argv,names", [
    (bench.main, ["--tours", "0"], ["python -m harness.bench : argument --tours", "≥ 1", "« 0 »"]),
    (bench.main, ["--workers", "deux"], ["--workers", "« auto »", "« deux »"]),
    (bench.main, ["--complet=oui"], ["--complet", "ne prend pas de valeur"]),
    (html_report.main, ["--sortie", "x"], ["python -m harness.html_report", "--sortie"]),
    (traceability.main, ["features"], ["python -m harness.traceability", "inconnu(s) : features"]),
])
def test_other_command_lines(main, argv, names, capsys):
    code, out, err = run(main, argv, capsys)
    assert code == USAGE and not out
    assert_one_french_line(err, *names)


@pytest.mark.parametrize("content,names", [
    (None, ["absent.json", "introuvable", "lancez d'abord la suite"]),
    ("[{", ["n'est pas un rapport Cucumber JSON (ligne 1, colonne 3)"]),
])
def test_html_report_without_its_cucumber_report(tmp_path, content, names, capsys):
    path = tmp_path / ("absent.json" if content is None else "cucumber.json")
    if content is not None:
        path.write_text(content)
    code, _, err = run(html_report.main, [str(path)], capsys)
    assert code == STARTUP
    assert_one_french_line(err, "python -m harness.html_report : ", *names)


# -- the suite's pytest options -------------------------------------------------------------------

@pytest.mark.parametrize("args,names", [
    (["-p", "harness.bench", "--repeter=deux"], ["--repeter : ", "≥ 0", "« deux »"]),
    (["-p", "harness.bench", "--mesures={dossier}"], ["--mesures : ", "est un dossier", "--mesures={dossier}/mesures.json"]),
    (["-p", "harness.cucumber_report", "--cucumber-report={fichier}/cucumber.json"],
     ["--cucumber-report : « {fichier} » est un fichier, pas un dossier"]),
    (["-p", "harness.cucumber_report", "-p", "harness.html_report", "--html-report={dossier}"],
     ["--html-report : ", "est un dossier", "index.html"]),
    (["-p", "harness.target_mode", "--target=absent.toml"], ["--target : absent.toml : fichier introuvable"]),
])
def test_a_bad_option_value_stops_pytest_with_one_french_line(tmp_path, args, names):
    folder, file = tmp_path / "dossier", tmp_path / "fichier"
    folder.mkdir()
    file.write_text("x")

    def filled(text: str) -> str:
        return text.replace("{dossier}", str(folder)).replace("{fichier}", str(file))

    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # only the plugins named: faster
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--noconftest",
                           *map(filled, args)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ERROR: "), done.stderr  # pytest's own prefix
    assert_one_french_line(lines[0].removeprefix("ERROR: ") + "\n", *map(filled, names))
