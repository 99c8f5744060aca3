"""First login with the school's letter: the mandatory e-mail, its confirmation
link, then the parent's own password."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from ..login import flow
from ..shared.errors import DeliveryError, JourneyError
from .service import Letters
from ..shared.password_rule import RULE

MESSAGES = {
    "email-missing": "L'adresse mail est obligatoire pour activer votre compte.",
    "email-invalid": "L'adresse mail saisie n'est pas valide.",
    "email-used": ("Cette adresse mail est déjà celle d'un compte ÉduConnect activé (« UN compte EduConnect par "
                   "parent ! »). Connectez-vous avec ce compte et rattachez l'élève depuis « Mon compte »."),
    "email-unconfirmed": "Votre adresse mail n'est pas encore confirmée : cliquez sur le lien reçu par mail.",
    "link-unknown": "Ce lien de confirmation n'est pas valable.",
    "link-expired": "Ce lien de confirmation a expiré. Reconnectez-vous avec votre mot de passe provisoire pour en recevoir un nouveau.",
    "letter-used": "Ce mot de passe provisoire a déjà été utilisé.",
    "password-weak": "Le mot de passe ne respecte pas les règles de sécurité.",
    "password-mismatch": "Les deux mots de passe saisis ne sont pas identiques.",
    "delivery-failed": "L'envoi du mail a échoué. Veuillez réessayer dans quelques instants.",
}


def create_letter_blueprint(letters: Letters) -> Blueprint:
    bp = Blueprint("letters", __name__, url_prefix="/courrier", template_folder="templates")

    def letter_id() -> int | None:
        return (session.get("letter") or {}).get("id")

    @bp.route("/adresse-mail", methods=["GET", "POST"])
    def email():
        if letter_id() is None:
            return flow.restart(letters.faults)
        login = letters.login_of(letter_id())
        if request.method == "GET":
            return render_template("letters/adresse_mail.html", login=login)
        try:
            address = letters.request_confirmation(letter_id(), request.form.get("email", ""))
        except JourneyError as err:
            return render_template("letters/adresse_mail.html", login=login, error=MESSAGES[err.reason],
                                   email=request.form.get("email", "")), 400
        except DeliveryError:
            return render_template("letters/adresse_mail.html", login=login, error=MESSAGES["delivery-failed"]), 503
        if not address:  # only with the « courriel-facultatif » fault
            session["letter"] = {"id": letter_id(), "email": ""}
            return redirect(url_for("letters.password"))
        session["letter"] = {"id": letter_id(), "email": address}
        return render_template("letters/lien_envoye.html", email=address)

    @bp.post("/renvoyer")
    def resend():
        st = session.get("letter") or {}
        if not st.get("email"):
            return redirect(url_for("letters.email"))
        try:
            letters.request_confirmation(st["id"], st["email"])
        except (JourneyError, DeliveryError):
            return redirect(url_for("letters.email"))
        return render_template("letters/lien_envoye.html", email=st["email"], resent=True)

    @bp.get("/confirmation/<token>")
    def confirm(token: str):
        try:
            confirmed_letter, address = letters.confirm(token)
        except JourneyError as err:
            return render_template("erreur.html", title="Lien non valable", text=MESSAGES[err.reason]), 400
        session["letter"] = {"id": confirmed_letter, "email": address, "confirmed": True}
        return redirect(url_for("letters.password"))

    @bp.route("/mot-de-passe", methods=["GET", "POST"])
    def password():
        st = session.get("letter") or {}
        if "id" not in st or (not st.get("confirmed") and st.get("email") != ""):
            return redirect(url_for("letters.email"))
        login = letters.login_of(st["id"])
        if request.method == "GET":
            return render_template("steps/mot_de_passe.html", identifier=login, rule=RULE,
                                   action=url_for("letters.password"))
        chosen, confirmation = request.form.get("mot_de_passe", ""), request.form.get("confirmation", "")
        try:
            if chosen != confirmation:
                raise JourneyError("password-mismatch")
            login, children = letters.activate(st["id"], st["email"], chosen)
        except JourneyError as err:
            return render_template("steps/mot_de_passe.html", identifier=login, rule=RULE,
                                   action=url_for("letters.password"), error=MESSAGES[err.reason]), 400
        session.pop("letter", None)
        return render_template("steps/termine.html", identifier=login, attached=children)

    return bp
