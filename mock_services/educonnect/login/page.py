"""ÉduConnect's login page (the flow's s2): the profile buttons, FranceConnect, the choice
« Créer/activer un compte » / « Se connecter à un compte existant » and the login form, whose
field names are the field's (scripts in the wild post them)."""
from __future__ import annotations

from flask import render_template, session

from . import flow

PROFILES = {"responsable": "Responsable d'élève", "eleve": "Élève"}
FIELD_NAMES = {"identifier": "j_username", "password": "j_password"}
RENAMED = {"identifier": "identifiant", "password": "mot_de_passe"}  # an ordinary site's names (a fault)


def profiles(faults) -> dict[str, str]:
    return {k: v for k, v in PROFILES.items() if not (k == "eleve" and "profil-eleve-absent" in faults)}


def field_names(faults) -> dict[str, str]:
    return RENAMED if "champs-connexion-renommes" in faults else FIELD_NAMES


def login_page(faults, *, errors: dict[str, str] | None = None, alert: str | None = None, identifier: str = "",
               credentials_refused: bool = False, status: int = 200):
    """The page at the current flow's login key. `credentials_refused`: the fields are marked
    invalid and described by the alert (a failed login)."""
    chosen = session.get("profil")
    return render_template(
        "login/connexion.html", execution=flow.at_login(faults), profiles=profiles(faults),
        chosen=chosen if chosen in profiles(faults) else None, names=field_names(faults), errors=errors or {},
        alert=alert, identifier=identifier,
        refused=credentials_refused and "echec-champs-non-signales" not in faults), status
