"""The demonstration identity provider's people, as FranceConnect's own mock
identity provider offers them (docker/volumes/fcp-low/mocks/idp/databases/citizen/base.csv
in france-connect/sources; password `123`), plus logins that inject faults, as
the official mock does (its scenarios.json)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FRANCE = "99100"  # INSEE code of France as a birth country
GENDERS = ("female", "male", "unspecified")

# fault logins: what goes wrong for the login (see FranceConnect's mock identity provider)
FAULT_LOGINS = {
    "sans-sub": "the ID token and userinfo carry no `sub`",
    "erreur-401": "userinfo answers 401 (invalid_token)",
    "erreur-500": "FranceConnect answers the service with error=server_error",
    "erreur-502": "userinfo answers 502",
    "erreur-503": "FranceConnect answers the service with error=temporarily_unavailable",
    "reponse-non-json": "userinfo answers 200 with a body that is neither JSON nor a JWT",
    "lent": "the token endpoint answers late (slow_seconds, released on shutdown)",
}
NOT_JSON = "Spanish inquisition"  # the official mock's body for « 200 but unexpected format »

_COG = re.compile(r"^(\d{5}|2[AB]\d{3})$")  # an INSEE code (Corsica: 2A, 2B)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Identity:
    """A person at an identity provider. `given_name`: first names separated by
    spaces (`given_name_array` when one of them holds a space); `family_name`:
    birth name; `preferred_username`: usage name or ""; `birthdate` as the
    identity provider gives it (YYYY-MM-00 or YYYY-00-00 when presumed)."""
    login: str
    password: str
    given_name: str
    family_name: str
    birthdate: str
    gender: str  # male | female | unspecified
    birthplace: str  # INSEE code, "" when born abroad
    birthcountry: str  # INSEE code, 99100 for France
    email: str
    preferred_username: str = ""
    fault: str | None = None
    given_name_array: tuple[str, ...] | None = None

    @property
    def given_names(self) -> list[str]:
        return list(self.given_name_array) if self.given_name_array is not None else self.given_name.split()

    @property
    def fc_birthdate(self) -> str:
        """FranceConnect's `birthdate`: a presumed day or month becomes 01 (`idp_birthdate` keeps 00)."""
        year, month, day = self.birthdate.split("-")
        return f"{year}-{'01' if month == '00' else month}-{'01' if day == '00' else day}"

    @property
    def pivot(self) -> str:
        """The « identité pivot »: what FranceConnect derives `sub` from."""
        return "|".join((self.given_name, self.family_name, self.birthdate, self.gender, self.birthplace,
                         self.birthcountry))


def valid_idp_birthdate(value: str) -> bool:
    """YYYY-MM-DD, or presumed: YYYY-MM-00, YYYY-00-00 (FranceConnect's IsIdpBirthdate)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    if not found:
        return False
    year, month, day = (int(part) for part in found.groups())
    if (month, day) == (0, 0):
        return year > 0
    try:
        date(year, month, day or 1)
    except ValueError:
        return False
    return True


def invalid_claims(identity: Identity) -> list[str]:
    """The claims FranceConnect refuses in what the identity provider sent (its
    OidcIdentityDto): the person then gets FranceConnect's error page Y600006."""
    bad = []
    for claim in ("given_name", "family_name"):
        if not 1 <= len(getattr(identity, claim)) <= 256:
            bad.append(claim)
    if not valid_idp_birthdate(identity.birthdate):
        bad.append("birthdate")
    if identity.gender not in GENDERS:
        bad.append("gender")
    if identity.birthcountry == FRANCE and not _COG.match(identity.birthplace):
        bad.append("birthplace")
    if not _COG.match(identity.birthcountry):
        bad.append("birthcountry")
    if not _EMAIL.match(identity.email):
        bad.append("email")
    return bad


def _demo(login, family_name, preferred_username, given_name, gender, birthdate, birthplace, birthcountry=FRANCE,
          email: str | None = None, **extra) -> Identity:
    if email is None:
        email = f"{re.sub(r'[^a-z0-9]+', '.', login.lower().encode('ascii', 'ignore').decode()).strip('.')}@exemple.test"
    return Identity(login, "123", given_name, family_name, birthdate, gender, birthplace, birthcountry, email,
                    preferred_username, **extra)


def _angela(login: str, fault: str | None = None) -> Identity:
    return Identity(login, "123", "Angela Claire Louise", "DUBOIS", "1962-08-24", "female", "75107", FRANCE,
                    "angela.dubois@exemple.test", fault=fault)


DEMO_IDENTITIES = [
    _angela("test"),
    # born MERCIER, known as DUBOIS
    _demo("avec_nom_dusage", "MERCIER", "DUBOIS", "Pierre", "male", "1969-03-17", "95277"),
    _demo("nom_composé", "TROIS-DUPRE", "", "Melissandre Juliette", "female", "1981-07-27", "13012"),
    _demo("nom_50+_caractères", "AZERTYUIOPMLKJHGFDSQWXCVBNAZERTYUIOPMLKJHGFDSQWXCVBN", "", "Bertrand Cyril", "male",
          "2000-03-01", "75119"),
    _demo("carac_speciaux", "DURANTéàèùòœæŒÆ", "", "JulieéàèùòœæŒÆ", "female", "1972-06-14", "2B002"),
    _demo("caractères_spéciaux", "DUBINÔRE", "", "Joëlle Françoise", "female", "1992-08-15", "75117"),
    _demo("plusieurs_prénoms_3", "DUBIGNOT", "", "Jean Philippe Arnaud", "male", "1943-06-15", "75109"),
    _demo("prénom_composé", "HUCHE", "", "Anne-Laure", "female", "1945-09-30", "31555"),
    # « Jean Philippe » is one first name: given_name_array tells
    _demo("prénom_composé_avec_espace", "DUBOIS", "Martin", "Jean Philippe Pierre Louis", "male", "1962-08-24", "75107",
          given_name_array=("Jean Philippe", "Pierre", "Louis")),
    _demo("genre_indéfini", "LAFORGE", "", "Camille", "unspecified", "1954-08-07", "75119"),
    _demo("naissance_Algérie", "MARTIN", "", "Vincent Guillaume", "male", "1963-12-05", "", "99352"),
    _demo("étranger_présumé_né_jour", "FLEURET", "", "Jean", "male", "1992-11-00", "", "99217"),
    _demo("étranger_présumé_né_jour_et_mois", "TARGE", "", "Jean", "male", "1992-00-00", "", "99217"),
    # what FranceConnect itself refuses (its error page Y600006): the service never hears of them
    _demo("sans_prenom", "MARTIN", "", "", "female", "1972-06-14", "97601"),
    _demo("sans_nom_naissance", "", "", "Anne-Laure Angélique", "female", "1992-08-12", "75103"),
    _demo("sans_mail", "DUFOUR", "DUFOUR", "Amandine", "female", "1989-03-02", "75119", email=""),
    _demo("sans_genre", "ARTOIS", "", "Dominique", "", "1984-01-06", "75119"),
    _demo("sans_birthplace", "SAVIGNY", "", "Rémi", "male", "1975-11-16", ""),
    _demo("mois_00", "MARTIN", "", "Yasser", "male", "1977-00-03", "75010"),
    *[_angela(login, fault=login) for login in FAULT_LOGINS],
]
