"""tomllib's syntax errors in French, keeping their line and column.

tomllib (Python 3.11) has no message catalog: its texts are matched here, one pattern each;
tests/test_cli_errors.py checks every message of tomllib's source has one."""
from __future__ import annotations

import ast
import re
import tomllib

_WHERE = re.compile(r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$", re.DOTALL)


def _dotted(key: str) -> str:
    """tomllib shows keys as Python tuples: ('ent', 'url') -> ent.url."""
    try:
        parts = ast.literal_eval(key)
    except (ValueError, SyntaxError):
        return key
    return ".".join(parts) if isinstance(parts, tuple) else str(parts)


def _char(shown: str) -> str:
    """tomllib shows characters by repr: 'x' -> x; an unprintable one keeps its escape."""
    try:
        char = ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        return shown
    return char if isinstance(char, str) and char.isprintable() else shown.strip("'\"")


MESSAGES: list[tuple[re.Pattern, str]] = [(re.compile(f"^{pattern}$"), french) for pattern, french in [
    (r"Expected '=' after a key in a key/value pair", "« = » attendu après la clé (clé = valeur)"),
    (r"Expected '\]' at the end of a table declaration", "« ] » attendu à la fin du nom de la table"),
    (r"Expected '\]\]' at the end of an array declaration", "« ]] » attendu à la fin du nom du tableau de tables"),
    (r"Expected newline or end of document after a statement",
     "fin de ligne attendue après la valeur (une seule clé = valeur par ligne)"),
    (r"Invalid statement", "ligne invalide (clé = valeur, [table] ou [[tableau]] attendu)"),
    (r"Invalid value", "valeur invalide (un texte s'écrit entre guillemets)"),
    (r"Invalid initial character for a key part", "caractère invalide au début d'une clé"),
    (r"Invalid date or datetime", "date ou heure invalide"),
    (r"Invalid hex value", "code hexadécimal invalide"),
    (r"Escaped character is not a Unicode scalar value", "le caractère échappé n'existe pas en Unicode"),
    (r"Unclosed array", "liste non fermée (« ] » manquant)"),
    (r"Unclosed inline table", "table en ligne non fermée (« } » manquante)"),
    (r"Unterminated string", "texte non terminé (guillemet fermant manquant)"),
    (r"Unescaped '\\' in a string", "« \\ » seul dans un texte : écrivez « \\\\ », ou mettez le texte entre apostrophes"),
    (r"Cannot overwrite a value", "cette clé a déjà une valeur (déclarée deux fois ?)"),
    (r"Cannot declare (?P<key>.+) twice", "« {key} » est déclaré deux fois"),
    (r"Cannot redefine namespace (?P<key>.+)", "« {key} » est déjà une valeur, pas une table"),
    (r"Cannot mutate immutable namespace (?P<key>.+)",
     "« {key} » est déjà défini en entier (table en ligne ou liste) : il ne peut plus être complété"),
    (r"Duplicate inline table key (?P<key>.+)", "clé « {key} » en double dans la table en ligne"),
    (r"Expected (?P<char>.+)", "« {char} » attendu"),
    (r"Found invalid character (?P<char>.+)", "caractère invalide « {char} »"),
    (r"Illegal character (?P<char>.+)", "caractère interdit « {char} »"),
]]


def french(err: tomllib.TOMLDecodeError) -> str:
    """`ligne 3, colonne 5 : « = » attendu après la clé (clé = valeur)`."""
    text = str(err)
    found = _WHERE.match(text)
    what, where = (found["what"], f"ligne {found['line']}, colonne {found['column']}" if found["line"]
                   else "fin du fichier") if found else (text, None)
    for pattern, translation in MESSAGES:
        if match := pattern.match(what):
            fields = match.groupdict()
            if "key" in fields:
                fields["key"] = _dotted(fields["key"])
            if "char" in fields:
                fields["char"] = _char(fields["char"])
            what = translation.format(**fields) if fields else translation
            break
    return f"{where} : {what}" if where else what
