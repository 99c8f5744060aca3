"""What every command line of the project shares: argparse in French, one-line errors,
the exit codes the README documents (« Erreurs et codes de sortie »).

An error is one line on stderr, `<command> : <what> : <problem> ; <fix>`, with no traceback.
Exit codes: 0 done; 1 a requirement failed (a pytest run, the traceability check); 2 the
command line itself is wrong (argparse's checks and the values' form); 4 the command cannot
start (a port taken, a folder, file or URL that cannot be used, a profile to fix).
mock_services imports nothing of harness: this module serves both.
"""
from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

OK, FAILED, USAGE, STARTUP = 0, 1, 2, 4

# argparse's own messages (its gettext msgids; tests/test_cli_errors.py checks argparse still has them).
MESSAGES = {
    "usage: ": "utilisation : ",
    # argparse adds the « : » of a heading; French puts a (no-break) space before it
    "positional arguments": "arguments positionnels\u00a0",
    "options": "options\u00a0",
    "subcommands": "commandes\u00a0",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "argument(s) obligatoire(s) manquant(s) : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "unrecognized arguments: %s": "argument(s) inconnu(s) : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide « %(value)s » (type %(type)s attendu)",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide « %(value)s » (choix possibles : %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue « %(parser_name)s » (commandes possibles : %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "cette option ne prend pas de valeur (reçu « %s »)",
    "unexpected option string: %s": "option inattendue : %s",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
PLURALS = {("expected %s argument", "expected %s arguments"): ("%s valeur attendue", "%s valeurs attendues")}

# What an OSError's errno means, for the French lines (strerror is English).
OS_ERRORS = {
    errno.ENOENT: "introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération interdite",
    errno.EEXIST: "existe déjà",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EADDRINUSE: "déjà pris",
    errno.EADDRNOTAVAIL: "adresse indisponible sur cette machine",
}


def os_reason(err: OSError) -> str:
    """An OSError's reason in French (its errno's name when unknown here)."""
    return OS_ERRORS.get(err.errno, errno.errorcode.get(err.errno or 0, str(err)))


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextmanager
def _french() -> Iterator[None]:
    """argparse's messages through the catalog above, for the length of one call."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_french(method: Callable) -> Callable:
    def wrapper(self, *args, **kwargs):
        with _french():
            return method(self, *args, **kwargs)
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


class ArgumentParser(argparse.ArgumentParser):
    """argparse in French; an error is one line, `<prog> : <message> ; aide : <prog> -h`, exit 2.
    Subcommands' parsers are of this class too (argparse makes them of the parent's class)."""

    __init__ = _in_french(argparse.ArgumentParser.__init__)
    parse_args = _in_french(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_french(argparse.ArgumentParser.parse_known_args)
    add_subparsers = _in_french(argparse.ArgumentParser.add_subparsers)
    format_usage = _in_french(argparse.ArgumentParser.format_usage)
    format_help = _in_french(argparse.ArgumentParser.format_help)

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog} : {message} ; aide : {self.prog} -h\n")


def fail(prog: str, message: str) -> int:
    """A start-up problem: its one line on stderr; the exit code to return."""
    print(f"{prog} : {message}", file=sys.stderr, flush=True)
    return STARTUP


def integer(low: int, high: int | None = None, what: str = "un nombre entier") -> Callable[[str], int]:
    """An argparse type: an integer in [low, high], else a French message naming the range."""
    expected = f"{what} entre {low} et {high}" if high is not None else f"{what} ≥ {low}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{expected} est attendu (reçu « {text} »)")
        return value

    return parse


def data_folder(path: Path, option: str = "--data") -> str | None:
    """Create the data folder if needed; the French reason it cannot be used, or None."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if path.exists() and not path.is_dir():
            return f"{option} : « {path} » est un fichier, pas un dossier ; donnez un dossier, ou retirez {option}"
        return (f"{option} : impossible de créer le dossier « {path} » ({os_reason(err)}) ; "
                f"donnez un dossier où écrire, ou retirez {option}")
    probe = path / ".ecriture-possible"
    try:
        probe.touch()
        probe.unlink()
    except OSError as err:
        return f"{option} : impossible d'écrire dans le dossier « {path} » ({os_reason(err)}) ; donnez-en un autre"
    return None
