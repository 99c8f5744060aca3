"""FranceConnect's pages for the person: the account chooser, the demonstration identity
provider, the confirmation page (« Continuer sur … ») and the ways back to the service,
as back/apps/core-fcp/src/views and quality/fcp (france-connect/sources) show them."""
from __future__ import annotations

import hmac

from flask import Flask, abort, redirect, render_template, request, session, url_for
from markupsafe import Markup, escape

from ..web import csrf
from .provider import API, BACK_TO_SERVICE, PROVIDERS, SCOPES, AuthRequest, ErrorPage, FranceConnect

SESSION_EXPIRED = "Votre demande de connexion a expiré. Veuillez retourner sur le site du service et recommencer."
# the chooser, after the identity provider's « Retour » (interaction.idp_connexion_failed, its name in bold)
IDP_FAILED = "La connexion à {provider} n’a pas été possible. Veuillez réessayer ou choisir un autre moyen de connexion."
# Y470001 / Y470002: the confirmation's CSRF token is wrong or missing (information-consentement.feature)
SESSION_INVALID = "Votre session a expiré ou est invalide, fermez l’onglet de votre navigateur et reconnectez-vous."
# « Données transmises »: back/libs/scopes/src/i18n/fr-FR.i18n.ts, in core-fcp-low's sortedClaims order
CLAIM_LABELS = {
    "family_name": "Nom de naissance",
    "preferred_username": "Nom d’usage",
    "given_name": "Prénom(s)",
    "gender": "Sexe",
    "birthdate": "Date de naissance",
    "birthplace": "Lieu de naissance",
    "birthcountry": "Pays de naissance",
    "email": "Adresse email",
}


def error_page(fc: FranceConnect, err: ErrorPage, back: bool = False):
    """FranceConnect's own error page: its code, its message and, when the error comes
    during a login (`back`), « Revenir sur <service> » (server_error to the service)."""
    service = _service(fc) if back and "franceconnect-erreur-sans-retour" not in fc.faults else None
    return render_template("erreur_technique.html", code=err.code, message=err.message, service=service), err.status


def _service(fc: FranceConnect) -> str | None:
    """The name of the service the browser's login is for, or None."""
    sp = session.get("sp")
    client = fc.client(sp["client_id"]) if sp else None
    return client.name if client else None


def remember_service(auth: AuthRequest) -> None:
    """What « Revenir sur … » needs, held by this browser's session (OidcClient.sp* in core-fcp)."""
    session["sp"] = {"client_id": auth.client_id, "redirect_uri": auth.redirect_uri, "state": auth.state}


def confirmation_or_return(fc: FranceConnect, uid: str, auth: AuthRequest, sid: str, fault: str):
    """The person is known: the confirmation page, unless `fault` skips it."""
    if fault in fc.faults:
        fc.end_interaction(uid)
        return redirect(fc.finish(auth, sid))
    fc.authenticated(uid, sid)
    session["interaction"] = uid
    return redirect(url_for("confirmation", uid=uid))


def add_screens(app: Flask, fc: FranceConnect) -> None:
    def expired():
        return render_template("erreur.html", title="Session expirée", text=SESSION_EXPIRED), 400

    def current(uid: str) -> AuthRequest | None:
        """The browser's own pending request, or None."""
        return fc.interaction(uid) if session.get("interaction") == uid else None

    @app.get("/interaction/<uid>")
    def chooser(uid: str):
        auth = current(uid)
        if auth is None:
            return expired()
        failed = session.pop("idp_failed", None)
        message = None
        if failed and failed["uid"] == uid and "franceconnect-annulation-sans-message" not in fc.faults:
            message = Markup(escape(IDP_FAILED)).format(provider=Markup("<b>%s</b>") % PROVIDERS[failed["provider"]])
        return render_template("choix.html", uid=uid, providers=PROVIDERS, client_name=fc.client(auth.client_id).name,
                               failed=message)

    @app.route("/interaction/<uid>/fournisseur/<provider>", methods=["GET", "POST"])
    def provider_login(uid: str, provider: str):
        if provider not in PROVIDERS:
            abort(404)
        auth = current(uid)
        if auth is None:
            return expired()
        page = {"uid": uid, "provider": provider, "provider_label": PROVIDERS[provider]}
        if request.method == "GET":
            return render_template("fournisseur.html", **page)
        login = request.form.get("login", "")
        identity = fc.authenticate(login, request.form.get("password", ""))
        if identity is None:
            return render_template("fournisseur.html", **page, login=login,
                                   error="Identifiant ou mot de passe incorrect."), 401
        if fc.identity_refused(identity):
            fc.end_interaction(uid)
            return error_page(fc, ErrorPage("Y600006"), back=True)
        sp = session.get("sp")
        session.clear()  # a fresh session on login (no fixation); the pending login stays
        session["sp"] = sp
        sid = fc.open_session(identity, provider)
        session["sid"] = sid
        if fc.fails_at_once(identity):
            fc.end_interaction(uid)
            return redirect(fc.finish(auth, sid))
        return confirmation_or_return(fc, uid, auth, sid, "franceconnect-page-confirmation-absente")

    @app.post("/interaction/<uid>/fournisseur/<provider>/retour")
    def provider_back(uid: str, provider: str):
        """The identity provider's « Retour »: back to the chooser with a message
        (interaction-error-message.feature), where the person can try again."""
        if provider not in PROVIDERS:
            abort(404)
        auth = current(uid)
        if auth is None:
            return expired()
        if "franceconnect-annulation-fi-vers-service" in fc.faults:
            fc.end_interaction(uid)
            return redirect(fc.back_to_service(auth.redirect_uri, auth.state, "access_denied"), 303)
        session["idp_failed"] = {"uid": uid, "provider": provider}
        return redirect(url_for("chooser", uid=uid), 303)

    @app.get("/interaction/<uid>/confirmation")
    def confirmation(uid: str):
        auth = fc.confirming(uid, session.get("sid")) if session.get("interaction") == uid else None
        if auth is None:
            return expired()
        identity = fc.identity(fc.live_session(session["sid"]).login)
        claims = {claim for scope in auth.scopes for claim in SCOPES[scope]}
        return render_template("confirmation.html", client_name=fc.client(auth.client_id).name,
                               full_name=f"{identity.given_name} {identity.family_name.upper()}",
                               labels=[label for claim, label in CLAIM_LABELS.items() if claim in claims])

    @app.post(API + "/login", endpoint="confirm_login")
    def confirm_login():
        """« Continuer sur … »: the code goes to the service. Its CSRF token is checked here,
        for FranceConnect's own error codes (Y470002 missing, Y470001 wrong)."""
        sent, expected = request.form.get(csrf.FIELD, ""), session.get(csrf.FIELD, "")
        if not sent and "franceconnect-confirmation-sans-csrf" not in fc.faults:
            return error_page(fc, ErrorPage("Y470002", SESSION_INVALID, 403), back=True)
        if sent and (not expected or not hmac.compare_digest(sent.encode(), expected.encode())):
            return error_page(fc, ErrorPage("Y470001", SESSION_INVALID, 403), back=True)
        uid, sid = session.get("interaction"), session.get("sid")
        auth = fc.confirming(uid, sid)
        if auth is None:
            return expired()
        fc.end_interaction(uid)
        session.pop("interaction", None)
        session.pop("sp", None)
        return redirect(fc.finish(auth, sid))

    @app.post(API + "/redirect-to-sp-with-error", endpoint="back_to_service")
    def back_to_service():
        """« Revenir sur … »: the service's callback with the error, to the redirect_uri and
        state of this browser's own login only (no open redirect; Y030030 otherwise)."""
        error, sp = request.form.get("error", ""), session.pop("sp", None)
        if error not in BACK_TO_SERVICE or sp is None:
            return error_page(fc, ErrorPage("Y030030"))
        fc.end_interaction(session.pop("interaction", None) or "")
        return redirect(fc.back_to_service(sp["redirect_uri"], sp["state"], error), 303)
