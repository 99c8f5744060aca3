"""« Mon compte » (attaching children from another account's letter) and the
téléservices portal the school's letter points to."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from ...db import Database
from ...faults import Faults
from ..shared.authenticator import Authenticator
from ..shared.errors import DeliveryError, JourneyError
from ..shared.password_rule import RULE
from ..letters.service import Letters
from ..login import flow
from ..recovery.service import Recovery
from ..shared.models import Account

ATTACH_MESSAGES = {
    "letter-bad-credentials": "Identifiant ou mot de passe provisoire incorrect.",
    "letter-names-mismatch": ("Le nom et le prénom de ce compte ne correspondent pas aux vôtres : "
                              "l'élève n'a pas été ajouté."),
    "letter-expired": ("Ce courrier n'est plus valable : il date de plus de 3 mois. "
                       "Demandez un nouveau courrier à la Direction de l'école."),
    "letter-used": "Ce mot de passe provisoire a déjà été utilisé.",
    "letter-other-account": "Ce responsable a déjà son propre compte ÉduConnect activé.",
    "locked": "Suite à plusieurs tentatives infructueuses, l'ajout est bloqué pendant 15 minutes.",
}
ACCOUNT_MESSAGES = {
    "email-missing": "Veuillez saisir la nouvelle adresse mail.",
    "email-invalid": "L'adresse mail saisie n'est pas valide.",
    "email-used": "Cette adresse mail est déjà celle d'un autre compte ÉduConnect.",
    "link-unknown": "Ce lien d'activation n'est pas valable.",
    "link-used": "Ce lien d'activation a déjà été utilisé.",
    "link-expired": "Ce lien d'activation a expiré. Depuis « Mon compte », saisissez à nouveau la nouvelle adresse mail.",
    "password-current-wrong": "Le mot de passe actuel est incorrect.",
    "password-weak": "Le nouveau mot de passe ne respecte pas les règles de sécurité.",
    "password-mismatch": "Les deux nouveaux mots de passe saisis ne sont pas identiques.",
    "delivery-failed": "L'envoi du mail a échoué. Veuillez réessayer dans quelques instants.",
}
SERVICES_NOTE = ("Les services qui vous sont proposés une fois connecté à votre espace EduConnect sont mis à "
                 "disposition par l'établissement dans lequel est scolarisé votre enfant. Ils peuvent donc être "
                 "différents d'un établissement à l'autre.")


def create_account_blueprint(db: Database, letters: Letters, authenticator: Authenticator,
                             recovery: Recovery, faults: Faults,
                             last_service_of: Callable[[str], str | None] = lambda login: None) -> Blueprint:
    """`last_service_of(login)`: the entityID of the service (the ENT) the parent last went to."""
    bp = Blueprint("account", __name__, template_folder="templates")

    @bp.context_processor
    def way_back():
        """« Retour à l'ENT »: ÉduConnect's IdP-initiated login to the service the parent came from
        (as an ENT tile does); none when they came to ÉduConnect directly (« Mes services » lists theirs)."""
        account_id = session.get("account_id")
        if account_id is None or request.blueprint != "account" or "compte-sans-retour-ent" in faults:
            return {"ent_url": None}
        with db.session() as s:
            account = s.get(Account, account_id)
            service = account and last_service_of(account.login)
        return {"ent_url": service and url_for("login.unsolicited_sso", providerId=service)}

    def account_only(destination: str):
        """The view gets the signed-in account's id; others log in first and come back to `destination`."""
        def decorate(view):
            @wraps(view)
            def wrapper(*args, **kwargs):
                account_id = session.get("account_id")
                if account_id is None:
                    session.pop("pending", None)  # the parent left the service's login for ÉduConnect's own pages
                    session["after_login"] = destination
                    return flow.restart(faults)
                return view(account_id, *args, **kwargs)
            return wrapper
        return decorate

    @bp.get("/compte")
    @account_only("account.my_account")
    def my_account(account_id: int):
        with db.session() as s:
            account = s.get(Account, account_id)
            return render_template("account/compte.html", login=account.login, email=account.email,
                                   pending_email=recovery.pending_email(account_id), rule=RULE,
                                   children=[(p.first_name, p.last_name, p.class_name, p.school.name)
                                             for p in account.pupils])

    @bp.post("/compte/adresse-mail")
    @account_only("account.my_account")
    def change_email(account_id: int):
        address = request.form.get("email", "")
        if request.form.get("renvoyer"):
            address = recovery.pending_email(account_id) or address
        try:
            if not (request.form.get("renvoyer") and "renvoi-courriel-sans-envoi" in recovery.faults):
                address = recovery.request_email_change(account_id, address)
        except JourneyError as err:
            flash(ACCOUNT_MESSAGES[err.reason], "erreur")
        except DeliveryError:
            flash(ACCOUNT_MESSAGES["delivery-failed"], "erreur")
        else:
            flash(f"Un courriel de validation a été envoyé à {address}. "
                  "Cliquez sur le lien d'activation pour l'enregistrer.")
        return redirect(url_for("account.my_account"))

    @bp.get("/compte/adresse-mail/<token>")
    def confirm_email(token: str):
        try:
            address = recovery.confirm_email_change(token)
        except JourneyError as err:
            return render_template("erreur.html", title="Lien non valable", text=ACCOUNT_MESSAGES[err.reason]), 400
        return render_template("recovery/envoye.html", title="Adresse mail enregistrée",
                               text=f"Votre nouvelle adresse mail est enregistrée : {address}.")

    @bp.post("/compte/mot-de-passe")
    @account_only("account.my_account")
    def change_password(account_id: int):
        new, confirmation = request.form.get("nouveau", ""), request.form.get("confirmation", "")
        try:
            if new != confirmation and "confirmation-mot-de-passe-ignoree" not in recovery.faults:
                raise JourneyError("password-mismatch")
            recovery.change_password(account_id, request.form.get("actuel", ""), new)
        except JourneyError as err:
            flash(ACCOUNT_MESSAGES[err.reason], "erreur")
        else:
            flash("Votre mot de passe a été modifié.")
        return redirect(url_for("account.my_account"))

    @bp.post("/compte/eleves")
    @account_only("account.my_account")
    def attach(account_id: int):
        key = f"attach:{account_id}"
        if authenticator.is_locked(key):
            flash(ATTACH_MESSAGES["locked"], "erreur")
            return redirect(url_for("account.my_account"))
        try:
            added = letters.attach(account_id, request.form.get("identifiant", ""),
                                   request.form.get("mot_de_passe", ""))
        except JourneyError as err:
            if err.reason == "letter-bad-credentials":
                authenticator.record_failure(key)
            flash(ATTACH_MESSAGES[err.reason], "erreur")
            return redirect(url_for("account.my_account"))
        authenticator.clear(key)
        flash(f"Élève(s) ajouté(s) à votre compte : {', '.join(added)}." if added
              else "Ces élèves étaient déjà rattachés à votre compte.")
        return redirect(url_for("account.my_account"))

    @bp.post("/compte/deconnexion")
    def log_out():
        """« Se déconnecter » from « Mon compte » or « Mes services »: ends the ÉduConnect session
        (a POST with the CSRF token, so no other site can log the parent out)."""
        if "compte-deconnexion-sans-effet" not in faults:
            session.clear()
        return render_template("login/deconnecte.html")

    @bp.get("/teleservices")
    @account_only("account.teleservices")
    def teleservices(account_id: int):
        with db.session() as s:
            account = s.get(Account, account_id)
            pupils = account.guardian.pupils if "teleservices-dossier-principal" in faults else account.pupils
            schools = {}
            for pupil in pupils:
                offered = (pupils[0] if "teleservices-services-premiere-ecole" in faults else pupil).school.services
                entry = schools.setdefault(pupil.school.uai, {"name": pupil.school.name, "children": [],
                                                              "services": offered.splitlines()})
                entry["children"].append(f"{pupil.first_name} {pupil.last_name}")
        return render_template("account/teleservices.html", schools=list(schools.values()), note=SERVICES_NOTE)

    return bp
