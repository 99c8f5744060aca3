"""« Identifiant oublié ? » and « Mot de passe oublié ? » (the guide's section 2)."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..shared.errors import DeliveryError, JourneyError
from ..shared.password_rule import RULE
from .service import Recovery

MESSAGES = {
    "email-missing": "Veuillez saisir votre adresse mail.",
    "email-invalid": "L'adresse mail saisie n'est pas valide.",
    "identifier-email-unknown": "Cette adresse mail n'est rattachée à aucun compte ÉduConnect.",
    "password-email-unknown": "L'adresse mail n'est pas reconnue.",
    "link-unknown": "Ce lien n'est pas valable.",
    "link-used": "Ce lien a déjà été utilisé. Demandez-en un nouveau.",
    "link-expired": "Ce lien a expiré. Demandez-en un nouveau.",
    "password-weak": "Le mot de passe ne respecte pas les règles de sécurité.",
    "password-mismatch": "Les deux mots de passe saisis ne sont pas identiques.",
    "delivery-failed": "L'envoi du mail a échoué. Veuillez réessayer dans quelques instants.",
}


def create_recovery_blueprint(recovery: Recovery) -> Blueprint:
    bp = Blueprint("recovery", __name__, template_folder="templates")

    @bp.route("/identifiant-oublie", methods=["GET", "POST"])
    def lost_identifier():
        if request.method == "GET":
            return render_template("recovery/identifiant.html")
        email = request.form.get("email", "")
        try:
            recovery.send_identifier(email)
        except JourneyError as err:
            key = "identifier-email-unknown" if err.reason == "email-unknown" else err.reason
            return render_template("recovery/identifiant.html", error=MESSAGES[key], email=email), 400
        except DeliveryError:
            return render_template("recovery/identifiant.html", error=MESSAGES["delivery-failed"]), 503
        return render_template("recovery/envoye.html",
                               text="Un mail contenant votre identifiant a été envoyé à cette adresse.")

    @bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
    def lost_password():
        if request.method == "GET":
            return render_template("recovery/mot_de_passe.html")
        login, email = request.form.get("identifiant", ""), request.form.get("email", "")
        try:
            recovery.send_reset_link(login, email)
        except JourneyError as err:
            key = "password-email-unknown" if err.reason == "email-unknown" else err.reason
            error = ("Identifiant ou adresse mail incorrect." if key == "password-email-unknown"
                     and "message-adresse-non-reconnue" in recovery.faults else MESSAGES[key])
            return render_template("recovery/mot_de_passe.html", error=error, login=login, email=email,
                                   reasons=err.reason == "email-unknown"), 400
        except DeliveryError:
            return render_template("recovery/mot_de_passe.html", error=MESSAGES["delivery-failed"]), 503
        return render_template("recovery/envoye.html",
                               text="Un mail contenant un lien pour choisir un nouveau mot de passe a été envoyé à cette adresse.")

    @bp.route("/mot-de-passe-oublie/<token>", methods=["GET", "POST"])
    def new_password(token: str):
        try:
            login = recovery.check_reset(token)
        except JourneyError as err:
            return render_template("erreur.html", title="Lien non valable", text=MESSAGES[err.reason]), 400
        if request.method == "GET":
            return render_template("steps/mot_de_passe.html", identifier=login, rule=RULE,
                                   action=request.path, submit="Enregistrer le mot de passe")
        chosen, confirmation = request.form.get("mot_de_passe", ""), request.form.get("confirmation", "")
        try:
            if chosen != confirmation:
                raise JourneyError("password-mismatch")
            account_id = recovery.reset_password(token, chosen)
        except JourneyError as err:
            return render_template("steps/mot_de_passe.html", identifier=login, rule=RULE, action=request.path,
                                   submit="Enregistrer le mot de passe", error=MESSAGES[err.reason]), 400
        current_app.session_interface.end_sessions_of(account_id)  # a password changed ends every session
        return render_template("recovery/envoye.html", title="Mot de passe modifié",
                               text="Votre mot de passe a été modifié. Vous pouvez vous connecter.")

    return bp
