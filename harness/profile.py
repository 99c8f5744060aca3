"""Target profiles: the TOML file through which an ENT vendor points the suite at its own ENT.

Every key, in French as the vendor writes it:

nom                          required, non-empty text: the ENT's name in the reports.
[ent]
url                          required: the ENT's http(s) base URL, without query or fragment
                             (a trailing « / » is removed).
page_connexion               required path starting with « / »: where a logged-out visitor
                             chooses a profile (« Vous souhaitez vous connecter en tant que ... »).
accueil                      optional path: where the ENT lands after login (absent: not checked).
[ent.libelles]               optional: the guide's control name -> this ENT's accessible name,
                             e.g. "PARENT" = "Parent".
[ent.apres_connexion]        optional:
  salutation                 greeting after login, placeholders {civilite} {prenom} {nom}
                             (default « Bonjour {civilite} {prenom} {nom} »).
  enfants                    accessible name of the list of the parent's children (default « Mes enfants »).
  plusieurs_dossiers         what a parent with records in several schools gets: « fusion » (one
                             account with every child, the default) or « choix » (a chooser, as
                             entcore shows: each choice's accessible name names its school).
  texte_choix                the chooser's text (default « Choisissez le compte pour vous connecter : »).
[ent.refus]                  optional:
  texte                      regular expression (searched case-insensitively, no inline flags) of the
                             text shown when the ENT refuses a login.
[saml]
metadonnees                  required: http(s) URL of the ENT's SAML SP metadata, or a file path
                             (relative to the profile's folder; with [lancement] the launched ENT
                             may create it, so it need not exist yet).
[provisionnement]
url                          required: http(s) URL of the ENT's provisioning hook.
jeton | jeton_env            exactly one: the hook's bearer token, or the name of the environment
                             variable holding it (read when the profile is loaded).
[educonnect]                 optional:
  port                       fixed port of the reference ÉduConnect this ENT trusts (default 8441).
  decalage_horloge           seconds the reference ÉduConnect's SAML clock is ahead (< 0: behind), default 0.
  cles                       folder keeping the reference ÉduConnect's signing key between runs,
                             relative to the current folder (default « .conformance/educonnect »).
[lancement]                  optional: a command started before the run and stopped after it.
  commande                   required list of texts; placeholders {python} {metadonnees_educonnect}
                             {jeton} {port_educonnect}.
  pret                       required: text of the output line meaning « ready ».
  delai                      seconds to wait for that line (default 30).
"""
from __future__ import annotations

import difflib
import math
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlsplit

from mock_services.cli import os_reason

from . import toml_errors

GREETING_FIELDS = ("{civilite}", "{prenom}", "{nom}")
LAUNCH_FIELDS = ("{python}", "{metadonnees_educonnect}", "{jeton}", "{port_educonnect}")
DEFAULT_GREETING = "Bonjour {civilite} {prenom} {nom}"
DEFAULT_CHILDREN = "Mes enfants"
SEVERAL_RECORDS = ("fusion", "choix")
DEFAULT_CHOOSER = "Choisissez le compte pour vous connecter :"  # entcore's
# Searched case-insensitively in the page by Playwright, hence in JavaScript: no inline flags.
DEFAULT_REFUSAL = r"erreur|échec|échoué|refus|impossible|pas été validée|non reconnu|pas reconnu"
DEFAULT_EDUCONNECT_PORT = 8441
DEFAULT_EDUCONNECT_KEYS = ".conformance/educonnect"
DEFAULT_LAUNCH_TIMEOUT = 30.0

# Known keys per table (None: free keys, checked elsewhere).
SCHEMA: dict[str, tuple[str, ...] | None] = {
    "": ("nom", "ent", "saml", "provisionnement", "educonnect", "lancement"),
    "ent": ("url", "page_connexion", "accueil", "libelles", "apres_connexion", "refus"),
    "ent.libelles": None,
    "ent.apres_connexion": ("salutation", "enfants", "plusieurs_dossiers", "texte_choix"),
    "ent.refus": ("texte",),
    "saml": ("metadonnees",),
    "provisionnement": ("url", "jeton", "jeton_env"),
    "educonnect": ("port", "cles", "decalage_horloge"),
    "lancement": ("commande", "pret", "delai"),
}
_MISSING = object()
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class ProfileError(ValueError):
    """A profile that cannot be used; one French line per fault, each starting with the file's path."""

    def __init__(self, lines: str | list[str]) -> None:
        lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)


@dataclass(frozen=True)
class Launch:
    command: tuple[str, ...]
    ready_text: str
    timeout: float


@dataclass(frozen=True)
class TargetProfile:
    path: Path
    name: str
    ent_url: str
    login_path: str
    home_path: str | None
    sp_metadata: str
    provisioning_url: str
    provisioning_token: str = field(repr=False)
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    greeting_template: str = DEFAULT_GREETING
    children_label: str = DEFAULT_CHILDREN
    several_records: str = "fusion"  # or "choix": a chooser of accounts (SEVERAL_RECORDS)
    chooser_text: str = DEFAULT_CHOOSER
    refusal_text: re.Pattern = re.compile(DEFAULT_REFUSAL, re.IGNORECASE)
    educonnect_port: int = DEFAULT_EDUCONNECT_PORT
    educonnect_keys: Path = Path(DEFAULT_EDUCONNECT_KEYS)
    educonnect_clock_offset: int = 0  # seconds ÉduConnect's SAML clock is ahead of the machine's (< 0: behind)
    launch: Launch | None = None

    @property
    def educonnect_url(self) -> str:
        """The reference ÉduConnect this ENT trusts."""
        return f"http://educonnect.localhost:{self.educonnect_port}"

    @property
    def educonnect_metadata_url(self) -> str:
        return self.educonnect_url + "/idp/shibboleth"  # Shibboleth's metadata path

    @property
    def sp_metadata_is_url(self) -> bool:
        return urlsplit(self.sp_metadata).scheme in ("http", "https")

    def launch_command(self, **values: object) -> list[str]:
        """The launch command with its placeholders replaced; {python}, {jeton} and
        {port_educonnect} default to this interpreter, the token and the port."""
        if self.launch is None:
            raise ProfileError([f"{self.path} : pas de table [lancement]"])
        given = {"python": sys.executable, "jeton": self.provisioning_token,
                 "port_educonnect": self.educonnect_port, **values}
        unknown = sorted(set(given) - {p.strip("{}") for p in LAUNCH_FIELDS})
        if unknown:
            raise TypeError(f"paramètres inconnus : {', '.join(unknown)}")

        def value(match: re.Match) -> str:  # one pass: a value containing « {jeton} » stays as is
            key = match.group()[1:-1]
            if key not in given:
                raise TypeError(f"valeur manquante pour « {match.group()} »")
            return str(given[key])

        return [_PLACEHOLDER.sub(value, item) for item in self.launch.command]


def load_profile(path: str | Path, environ: Mapping[str, str] | None = None) -> TargetProfile:
    """Read and check a profile; raise ProfileError listing every fault at once."""
    return _Reader(Path(path), os.environ if environ is None else environ).read()


def _key(*parts: str | int) -> str:
    """Dotted TOML key for messages: ent.libelles."Se connecter", lancement.commande[2]."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            out += ("." if out else "") + text
    return out


def _shown(value: Any) -> str:
    return f"« {value} »" if isinstance(value, str) else f"« {value!r} »"


class _Reader:
    def __init__(self, path: Path, environ: Mapping[str, str]) -> None:
        self.path, self.environ = path, environ
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(f"{self.path} : {message}")

    def raise_if_failed(self) -> None:
        if self.errors:
            raise ProfileError(self.errors)

    def read(self) -> TargetProfile:
        data = self.parse()
        self.check_keys(data, "")
        ent = self.table(data, "ent", required=True)
        saml = self.table(data, "saml", required=True)
        hook = self.table(data, "provisionnement", required=True)
        educonnect = self.table(data, "educonnect")
        launch_table = self.table(data, "lancement", present_if_any=True)
        after = self.table(ent, "ent.apres_connexion")
        refusal = self.table(ent, "ent.refus")
        profile = dict(
            path=self.path,
            name=self.text(data, "nom", required=True),
            ent_url=self.url(ent, "ent.url", allow_query=False),
            login_path=self.ent_path(ent, "ent.page_connexion", required=True),
            home_path=self.ent_path(ent, "ent.accueil", required=False),
            sp_metadata=self.sp_metadata(saml, launched=launch_table is not None),
            provisioning_url=self.url(hook, "provisionnement.url", allow_query=True),
            provisioning_token=self.token(hook, present=isinstance(data.get("provisionnement"), dict)),
            labels=MappingProxyType(self.labels(ent)),
            greeting_template=self.greeting(after),
            children_label=self.text(after, "ent.apres_connexion.enfants", default=DEFAULT_CHILDREN),
            several_records=self.one_of(after, "ent.apres_connexion.plusieurs_dossiers", SEVERAL_RECORDS),
            chooser_text=self.text(after, "ent.apres_connexion.texte_choix", default=DEFAULT_CHOOSER),
            refusal_text=self.regex(refusal, "ent.refus.texte", DEFAULT_REFUSAL),
            educonnect_port=self.port(educonnect, "educonnect.port", DEFAULT_EDUCONNECT_PORT),
            educonnect_keys=Path.cwd() / self.text(educonnect, "educonnect.cles", default=DEFAULT_EDUCONNECT_KEYS),
            educonnect_clock_offset=self.clock_offset(educonnect, "educonnect.decalage_horloge"),
            launch=self.launch(launch_table) if launch_table is not None else None,
        )
        self.raise_if_failed()
        return TargetProfile(**profile)

    # --- file and tables ---

    def parse(self) -> dict:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.fail("fichier introuvable")
        except IsADirectoryError:
            self.fail("c'est un dossier, pas un fichier")
        except OSError as err:
            self.fail(f"fichier illisible ({os_reason(err)})")
        else:
            try:
                return tomllib.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                self.fail("TOML illisible : le fichier n'est pas en UTF-8")
            except tomllib.TOMLDecodeError as err:
                self.fail(f"TOML illisible, {toml_errors.french(err)}")
        self.raise_if_failed()
        raise AssertionError("unreachable")

    def check_keys(self, table: dict, dotted: str) -> None:
        known = SCHEMA.get(dotted)
        if known is None:
            return
        prefix = tuple(dotted.split(".")) if dotted else ()
        for key, value in table.items():
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (vouliez-vous dire « {_key(*prefix, close[0])} » ?)" if close else ""
                self.fail(f"champ inconnu « {_key(*prefix, key)} »{hint}")
            elif isinstance(value, dict) and _key(*prefix, key) in SCHEMA:
                self.check_keys(value, _key(*prefix, key))

    def table(self, parent: dict, dotted: str, required: bool = False, present_if_any: bool = False) -> dict | None:
        """The sub-table `dotted` ({} when absent and optional, None for present_if_any tables)."""
        value = parent.get(dotted.rsplit(".", 1)[-1], _MISSING)
        if value is _MISSING:
            if required:
                self.fail(f"table « [{dotted}] » manquante")
            return None if present_if_any else {}
        if not isinstance(value, dict):
            self.fail(f"« {dotted} » doit être une table [{dotted}] (reçu {_shown(value)})")
            return None if present_if_any else {}
        return value

    # --- values ---

    def get(self, table: dict, dotted: str, required: bool) -> Any:
        value = table.get(dotted.rsplit(".", 1)[-1], _MISSING)
        if value is _MISSING and required:
            self.fail(f"champ « {dotted} » manquant")
        return value

    def text(self, table: dict, dotted: str, required: bool = False, default: str = "") -> str:
        value = self.get(table, dotted, required)
        if value is _MISSING:
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail(f"« {dotted} » doit être un texte non vide (reçu {_shown(value)})")
            return default
        return value.strip()

    def url(self, table: dict, dotted: str, allow_query: bool) -> str:
        value = self.text(table, dotted, required=True)
        if value and not self.is_http_url(value, dotted, allow_query):
            return ""
        return value.rstrip("/") if not allow_query else value

    def is_http_url(self, value: str, dotted: str, allow_query: bool) -> bool:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"\s", value):
            self.fail(f"« {dotted} » doit être une URL http(s) (reçu « {value} »)")
            return False
        if parts.fragment or (parts.query and not allow_query) or value.endswith(("?", "#")):
            what = "de fragment (#…)" if allow_query else "ni requête (?…) ni fragment (#…)"
            self.fail(f"« {dotted} » ne doit contenir {what} (reçu « {value} »)")
            return False
        return True

    def ent_path(self, table: dict, dotted: str, required: bool) -> str | None:
        value = self.text(table, dotted, required=required, default="")
        if not value:
            return "/" if required else None
        if not value.startswith("/") or value.startswith("//") or re.search(r"\s", value):
            self.fail(f"« {dotted} » doit être un chemin commençant par « / », sans espace (reçu « {value} »)")
        return value

    def labels(self, ent: dict) -> dict[str, str]:
        table = self.table(ent, "ent.libelles")
        labels = {}
        for key, value in table.items():
            if not key.strip():
                self.fail("« ent.libelles » : un nom de contrôle vide n'a pas de sens")
            elif not isinstance(value, str) or not value.strip():
                self.fail(f"« {_key('ent', 'libelles', key)} » doit être un texte non vide (reçu {_shown(value)})")
            else:
                labels[key] = value.strip()
        return labels

    def placeholders(self, value: str, dotted: str, allowed: tuple[str, ...]) -> None:
        for placeholder in _PLACEHOLDER.findall(value):
            if placeholder not in allowed:
                close = difflib.get_close_matches(placeholder, allowed, n=1)
                hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
                self.fail(f"« {dotted} » : paramètre inconnu « {placeholder} » "
                          f"({hint}paramètres permis : {' '.join(allowed)})")

    def greeting(self, after: dict) -> str:
        value = self.text(after, "ent.apres_connexion.salutation", default=DEFAULT_GREETING)
        self.placeholders(value, "ent.apres_connexion.salutation", GREETING_FIELDS)
        return value

    def regex(self, table: dict, dotted: str, default: str) -> re.Pattern:
        value = self.text(table, dotted, default=default)
        if re.search(r"\(\?[a-zA-Z]", value):
            self.fail(f"« {dotted} » : pas de drapeau en ligne comme (?i) (la recherche ignore déjà la casse ; "
                      f"reçu « {value} »)")
            return re.compile(default, re.IGNORECASE)
        try:
            return re.compile(value, re.IGNORECASE)
        except re.error as err:
            self.fail(f"« {dotted} » n'est pas une expression régulière valide : {err} (reçu « {value} »)")
            return re.compile(default, re.IGNORECASE)

    def sp_metadata(self, saml: dict, launched: bool) -> str:
        dotted = "saml.metadonnees"
        value = self.text(saml, dotted, required=True)
        if not value:
            return ""
        if _URL_LIKE.match(value):
            if not self.is_http_url(value, dotted, allow_query=True):
                return ""
            return value
        file = (self.path.parent / value).resolve()
        if not launched and not file.is_file():
            self.fail(f"« {dotted} » : fichier introuvable « {file} » "
                      "(une URL http(s) ou un chemin relatif au dossier du profil est attendu)")
        return str(file)

    def token(self, hook: dict, present: bool) -> str:
        has_token, has_env = "jeton" in hook, "jeton_env" in hook
        if has_token and has_env:
            self.fail("« provisionnement.jeton » et « provisionnement.jeton_env » s'excluent : gardez-en un seul")
            return ""
        if not has_token and not has_env:
            if present:
                self.fail("champ « provisionnement.jeton » ou « provisionnement.jeton_env » manquant")
            return ""
        if has_token:
            return self.text(hook, "provisionnement.jeton")
        name = self.text(hook, "provisionnement.jeton_env")
        if not name:
            return ""
        value = self.environ.get(name)
        if value is None:
            self.fail(f"« provisionnement.jeton_env » : la variable d'environnement « {name} » n'est pas définie")
        elif not value.strip():
            self.fail(f"« provisionnement.jeton_env » : la variable d'environnement « {name} » est vide")
        return (value or "").strip()

    def port(self, table: dict, dotted: str, default: int) -> int:
        value = self.get(table, dotted, required=False)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            self.fail(f"« {dotted} » doit être un entier entre 1 et 65535 (reçu {_shown(value)})")
            return default
        return value

    def one_of(self, table: dict, dotted: str, choices: tuple[str, ...]) -> str:
        value = self.get(table, dotted, required=False)
        if value is _MISSING:
            return choices[0]
        if value not in choices:
            self.fail(f"« {dotted} » doit valoir {' ou '.join(f'« {c} »' for c in choices)} (reçu {_shown(value)})")
            return choices[0]
        return value

    def clock_offset(self, table: dict, dotted: str) -> int:
        value = self.get(table, dotted, required=False)
        if value is _MISSING:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or not -3600 <= value <= 3600:
            self.fail(f"« {dotted} » doit être un nombre entier de secondes entre -3600 et 3600 "
                      f"(reçu {_shown(value)})")
            return 0
        return value

    def launch(self, table: dict) -> Launch:
        dotted = "lancement.commande"
        command = self.get(table, dotted, required=True)
        items: list[str] = []
        if command is not _MISSING:
            if not isinstance(command, list) or not command:
                self.fail(f"« {dotted} » doit être une liste non vide de textes (reçu {_shown(command)})")
            else:
                for i, item in enumerate(command):
                    if not isinstance(item, str) or (i == 0 and not item.strip()):
                        self.fail(f"« {_key('lancement', 'commande', i)} » doit être un texte"
                                  f"{' non vide' if i == 0 else ''} (reçu {_shown(item)})")
                        continue
                    self.placeholders(item, _key("lancement", "commande", i), LAUNCH_FIELDS)
                    items.append(item)
        ready = self.text(table, "lancement.pret", required=True)
        timeout = self.get(table, "lancement.delai", required=False)
        if timeout is _MISSING:
            timeout = DEFAULT_LAUNCH_TIMEOUT
        elif isinstance(timeout, bool) or not isinstance(timeout, (int, float)) \
                or not math.isfinite(timeout) or timeout <= 0:
            self.fail(f"« lancement.delai » doit être un nombre de secondes > 0 (reçu {_shown(timeout)})")
            timeout = DEFAULT_LAUNCH_TIMEOUT
        return Launch(tuple(items), ready, float(timeout))
