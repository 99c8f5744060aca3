"""`educonnect-conformance`: the suite as one command, in French (README « La commande »).

`lancer` (the default) runs pytest in-process on the suite's features with the command's own
pytest configuration (pytest.ini beside this file: a wheel has no pyproject.toml), its reports
in the current folder, and turns pytest's exit code into the project's (mock_services/cli.py):
0 every requirement passed, 1 one failed, 4 the run could not start or ran no scenario, 2 a
wrong command line. `serve`, `serve-ent`, `metadonnees` and `rapport` are the project's other
command lines under one name.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mock_services.cli import MESSAGES, OK, STARTUP, ArgumentParser, fail, integer

from . import paths

PROG = "educonnect-conformance"
DELEGATED = ("serve", "serve-ent")  # parsed by mock_services' own parser, under this command's name
EXIT_CODES = f"""\
codes de sortie :
  0  toutes les exigences passent (avertissements compris)
  1  une exigence en échec
  2  ligne de commande incorrecte
  4  le passage ne peut pas démarrer (profil à corriger, port déjà pris, aucun scénario)

Aide d'une commande : {PROG} COMMANDE -h"""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("educonnect-conformance")
    except PackageNotFoundError:  # a clone without `pip install`
        return "(non installé)"


def shipped_profiles() -> list[Path]:
    return sorted(paths.TARGETS.glob("*.toml"))


def profile_path(text: str) -> Path:
    """A profile's path, or the name of a profile the command ships (`reference`, `exemple-editeur`)."""
    path = Path(text)
    if path.exists() or path.suffix or "/" in text:
        return path
    shipped = paths.TARGETS / f"{text}.toml"
    return shipped if shipped.exists() else path


def build_parser() -> tuple[ArgumentParser, dict[str, ArgumentParser]]:
    parser = ArgumentParser(
        prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Suite de conformité du parcours des parents vers l'ENT par ÉduConnect.\n"
                    "Sans commande : lancer (les options de lancer s'écrivent alors directement).",
        epilog=EXIT_CODES)
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}",
                        help="affiche la version et s'arrête")
    sub = parser.add_subparsers(dest="commande", title="commandes\u00a0",  # as mock_services.cli's headings
                                metavar="{lancer,serve,serve-ent,metadonnees,rapport,profils}")
    run = sub.add_parser(
        "lancer", help="lance les scénarios (par défaut : tous, contre la pile de référence embarquée)",
        description="Lance les scénarios et écrit les rapports (junit.xml, cucumber.json, index.html, traces/) "
                    "dans --rapports. Après « -- », des options de pytest (par exemple -- -k connexion -x).")
    run.add_argument("--cible", metavar="PROFIL.toml", type=profile_path,
                     help="mode cible : les scénarios @ent et @conformance contre l'ENT que ce profil décrit "
                          "(un chemin, ou le nom d'un profil fourni : voir la commande profils)")
    run.add_argument("--etiquettes", metavar="EXPRESSION",
                     help="ne lance que les scénarios de ces étiquettes, expression de pytest -m "
                          "(par exemple \"ent and not conformance\", G1-ACT-3)")
    run.add_argument("--travailleurs", metavar="N", type=workers, default=None,
                     help="processus en parallèle : un nombre, ou auto (un par cœur ; défaut sans --cible) ; "
                          "0 ou 1 : un seul processus (toujours ainsi en mode cible)")
    run.add_argument("--rapports", metavar="DOSSIER", type=Path, default=Path("reports"),
                     help="dossier des rapports (défaut : reports, dans le dossier courant)")
    run.add_argument("-v", "--verbeux", action="count", default=0,
                     help="affiche aussi ce que pytest écrit (en-tête, nom de chaque scénario, avertissements, "
                          "bilan en anglais) ; -vv : plus encore")
    sub.add_parser("serve", add_help=False, help="démarre la pile de référence pour un humain (voir serve -h)")
    sub.add_parser("serve-ent", add_help=False, help="l'ENT de référence seul, comme l'ENT d'un éditeur "
                                                     "(voir serve-ent -h)")
    metadata = sub.add_parser("metadonnees", help="écrit les métadonnées SAML de l'ÉduConnect de référence, "
                                                  "à enregistrer dans l'ENT avant le premier passage")
    metadata.add_argument("profil", type=profile_path, help="profil de cible (un chemin, ou le nom d'un profil fourni)")
    report = sub.add_parser("rapport", help="reconstruit index.html à partir de cucumber.json",
                            description="Reconstruit le rapport HTML d'un passage à partir de son JSON Cucumber.")
    report.add_argument("cucumber", nargs="?", default="reports/cucumber.json",
                        help="rapport Cucumber JSON (défaut : reports/cucumber.json)")
    report.add_argument("-o", "--sortie", help="fichier HTML (défaut : index.html à côté du JSON)")
    sub.add_parser("profils", help="liste les profils de cible fournis, à copier pour décrire son ENT")
    return parser, dict(sub.choices)


def workers(text: str) -> str:
    return "auto" if text == "auto" else str(integer(0, what="un nombre de processus (ou auto)")(text))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in DELEGATED:
        from mock_services.__main__ import main as mock_services_main
        return mock_services_main(argv, prog=PROG)
    argv, pytest_args = split_pytest_args(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["lancer", *argv]
    parser, commands = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # argparse would name the main command: name the one they were given to
        commands[args.commande].error(MESSAGES["unrecognized arguments: %s"] % " ".join(unknown))
    if pytest_args is not None and args.commande != "lancer":
        commands[args.commande].error("« -- » et les options de pytest ne vont qu'avec lancer")
    if args.commande == "lancer":
        return run(commands["lancer"], args, pytest_args or [])
    if args.commande == "metadonnees":
        from harness.target_mode import main as metadata_main
        return metadata_main([str(args.profil)], prog=f"{PROG} metadonnees")
    if args.commande == "rapport":
        from harness.html_report import main as report_main
        return report_main([args.cucumber, *(["-o", args.sortie] if args.sortie else [])], prog=f"{PROG} rapport")
    for profile in shipped_profiles():  # profils
        print(f"{profile.stem:<18} {profile}")
    print("Copiez exemple-editeur.toml et remplissez-le (chaque clé y est commentée), puis : "
          f"{PROG} metadonnees mon-ent.toml, et {PROG} --cible mon-ent.toml")
    return OK


def split_pytest_args(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """The command's own arguments, and pytest's after `--` (None: no `--`)."""
    if "--" not in argv:
        return argv, None
    at = argv.index("--")
    return argv[:at], argv[at + 1:]


def check_tags(parser: ArgumentParser, expression: str) -> None:
    """A wrong --etiquettes stops here, in French, not in pytest's workers (exit 2)."""
    from _pytest.mark.expression import Expression  # pytest's own -m parser (not public API)

    try:
        names = Expression.compile(expression).idents()
    except SyntaxError as err:
        parser.error(f"--etiquettes : expression mal formée « {expression} » (colonne {err.offset}) ; "
                     "par exemple \"ent and not conformance\" (and, or, not, parenthèses)")
    if unknown := sorted(names - paths.feature_tags()):
        parser.error(f"--etiquettes : étiquette(s) inconnue(s) : {', '.join(unknown)} ; ce sont celles des "
                     "fichiers .feature, sans @ (par exemple ent, guide-1, G1-ACT-3)")


def run(parser: ArgumentParser, args, pytest_args: list[str]) -> int:
    from .pytest_run import pytest_argv, run_pytest

    prog = parser.prog
    if args.etiquettes is not None:
        check_tags(parser, args.etiquettes)
    if args.cible is not None:
        if args.travailleurs not in (None, "0", "1"):
            parser.error("--travailleurs : le mode cible tourne dans un seul processus (l'ENT fait confiance "
                         "à un seul ÉduConnect, sur un port fixe) ; retirez --travailleurs")
        from harness.profile import ProfileError, load_profile
        try:
            load_profile(args.cible)
        except ProfileError as err:
            for line in err.lines:  # each names the file and the key
                fail(prog, f"--cible : {line}")
            return STARTUP
    argv = pytest_argv(args.rapports, target=args.cible, markers=args.etiquettes,
                       workers=args.travailleurs, verbose=args.verbeux, extra=pytest_args)
    return run_pytest(prog, argv, args)
