"""The demonstration identity provider's people, as FranceConnect's own mock
identity provider offers them (login `test`, password `123`), plus logins that
inject faults, as the official mock does."""
from __future__ import annotations

from dataclasses import dataclass

FRANCE = "99100"  # INSEE code of France as a birth country

# fault logins: what goes wrong for the login (see FranceConnect's mock identity provider)
FAULT_LOGINS = {
    "sans-sub": "the ID token and userinfo carry no `sub`",
    "erreur-401": "userinfo answers 401 (invalid_token)",
    "erreur-500": "FranceConnect answers the service with error=server_error",
    "erreur-502": "userinfo answers 502",
    "erreur-503": "FranceConnect answers the service with error=temporarily_unavailable",
    "lent": "the token endpoint answers late (slow_seconds, released on shutdown)",
}


@dataclass(frozen=True)
class Identity:
    """A person at an identity provider. `given_name`: first names separated by
    spaces; `family_name`: birth name; `preferred_username`: usage name or ""."""
    login: str
    password: str
    given_name: str
    family_name: str
    birthdate: str  # YYYY-MM-DD
    gender: str  # male | female
    birthplace: str  # INSEE code, "" when born abroad
    birthcountry: str  # INSEE code, 99100 for France
    email: str
    preferred_username: str = ""
    fault: str | None = None

    @property
    def pivot(self) -> str:
        """The « identité pivot »: what FranceConnect derives `sub` from."""
        return "|".join((self.given_name, self.family_name, self.birthdate, self.gender, self.birthplace,
                         self.birthcountry))


def _angela(login: str, fault: str | None = None) -> Identity:
    return Identity(login, "123", "Angela Claire Louise", "DUBOIS", "1962-08-24", "female", "75107", FRANCE,
                    "angela.dubois@exemple.test", fault=fault)


DEMO_IDENTITIES = [
    _angela("test"),
    # a usage name: born DUBOIS, known as MERCIER
    Identity("nom-usage", "123", "Pierre Paul", "DUBOIS", "1979-03-14", "male", "69123", FRANCE,
             "pierre.mercier@exemple.test", preferred_username="MERCIER"),
    # a compound surname
    Identity("nom-compose", "123", "Jean-Baptiste", "TROIS-DUPRE", "1985-11-02", "male", "13055", FRANCE,
             "jb.troisdupre@exemple.test"),
    # born abroad: no birthplace, a foreign country (Algeria)
    Identity("ne-etranger", "123", "Yasmine", "BENALI", "1990-01-31", "female", "", "99352",
             "yasmine.benali@exemple.test"),
    *[_angela(login, fault=login) for login in FAULT_LOGINS],
]
