"""Deliberate defects of the reference stack, to prove the suite's assertions bite.

A stack started with a fault name misbehaves in exactly that way; the project's
own tests run scenarios against it and require them to fail.
"""
from __future__ import annotations

FAULTS = {
    "message-identifiants-incorrects": "ÉduConnect words the wrong-credentials message differently",
    "champs-obligatoires-ignores": "ÉduConnect gives no message for an empty identifier or password",
    "verrouillage-absent": "ÉduConnect never locks an account after repeated failures",
    "verrouillage-permanent": "ÉduConnect's lock never expires",
    "profil-parent-absent": "the ENT's profile page omits PARENT",
    "enfant-absent": "the ENT home page does not list the parent's children",
    "slo-ignore": "ÉduConnect keeps its session on single logout",
    "utilisateur-inconnu-accepte": "the ENT logs an unknown ÉduConnect user into a guest session",
    "charte-absente": "the ENT's charter page is empty",
    "profil-eleve-absent": "ÉduConnect's profile page omits « Élève »",
    "aide-identifiant-absente": "ÉduConnect drops the hint « Identifiant au format p.nomXX »",
    "lien-identifiant-oublie-absent": "ÉduConnect drops the « Identifiant oublié ? » link",
    "franceconnect-absent": "ÉduConnect drops the FranceConnect block",
    "avertissement-compte-unique-absent": "ÉduConnect drops « ⚠ UN compte EduConnect par parent ! »",
    "mention-champs-obligatoires-absente": "ÉduConnect drops « * Champ(s) obligatoire(s) »",
    "expiration-code-ignoree": "activation codes never expire",
    "date-naissance-ignoree": "any birth date is accepted at activation",
    "message-numero-inconnu": "ÉduConnect words the unknown-number message differently",
}


class Faults(frozenset):
    """The set of active faults; unknown names are refused with the known ones listed."""

    def __new__(cls, names=()):
        names = frozenset(n.strip() for n in names if n and n.strip())
        unknown = names - FAULTS.keys()
        if unknown:
            raise ValueError(
                f"défaut(s) inconnu(s) : {', '.join(sorted(unknown))} ; "
                f"défauts possibles : {', '.join(sorted(FAULTS))}")
        return super().__new__(cls, names)

    @classmethod
    def parse(cls, text: str | None) -> "Faults":
        return cls((text or "").split(","))
