"""Logging in to ÉduConnect from a service: the SAML endpoints at Shibboleth's
paths (SSO, Unsolicited SSO, SLO, metadata), the login flow the field serves at the
SSO URL (flow.py: a browser check, then one login page), and ÉduConnect's own logout."""
from __future__ import annotations

from dataclasses import asdict
from typing import Callable
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for

from ...saml.idp import (METADATA_PATH as METADATA, SLO_POST_PATH as SLO_POST, SLO_REDIRECT_PATH as SLO_REDIRECT,
                         SSO_POST_PATH as SSO_POST,
                         SSO_REDIRECT_PATH as SSO_REDIRECT, UNSOLICITED_PATH as UNSOLICITED_SSO, AuthnRequestInfo,
                         IdpError, LogoutRequestInfo)
from ..shared.authenticator import Authenticator, LoginOutcome, LoginResult
from . import flow
from .conformance import LOGOUT_RESPONSE_SIGNINGS, Refusal, SingleLogout
from .page import field_names, login_page, profiles
from .response import answer_service

LOGOUT = "/idp/profile/Logout"
# the Shibboleth SPs in front of ÉduConnect's own pages and « Mon compte » (FACTS.md: FrEduUrlRetour)
OWN_SP_LOGOUT = "/Shibboleth.sso/Logout"
ACCOUNT_SP_LOGOUT = "/compte/Shibboleth.sso/Logout"


def chained_logout_url(base_url: str) -> str:
    """What ÉduConnect releases as FrEduUrlRetour: three logouts, one after the other."""
    last = base_url + LOGOUT
    account = base_url + ACCOUNT_SP_LOGOUT + "?" + urlencode({"return": last})
    return base_url + OWN_SP_LOGOUT + "?" + urlencode({"return": account})

REFUSED_MESSAGES = {"AuthnRequest": "demande d'authentification de l'ENT",
                    "unsolicited login": "connexion à l'initiative d'ÉduConnect (providerId)",
                    "LogoutRequest": "demande de déconnexion de l'ENT",
                    "LogoutResponse": "réponse de déconnexion de l'ENT",
                    "logout return": "déconnexion par FrEduUrlRetour"}

MESSAGES = {
    "bad-credentials": "Identifiant ou mot de passe incorrect.",
    "locked": "Suite à plusieurs tentatives infructueuses, votre compte est bloqué pendant 15 minutes.",
    "missing-identifier": "Veuillez saisir votre identifiant.",
    "missing-password": "Veuillez saisir votre mot de passe.",
    "bad-request": "La demande de connexion transmise par le service n'est pas valide.",
    "letter-expired": ("Ce courrier n'est plus valable : il date de plus de 3 mois. "
                       "Demandez un nouveau courrier à la Direction de l'école."),
    "letter-used": ("Ce mot de passe provisoire a déjà été utilisé. "
                    "Connectez-vous avec le mot de passe que vous avez choisi."),
    "no-request": "Aucune demande de connexion n'est en cours : retournez sur le site de votre service (ENT).",
    "missing-profile": "Veuillez sélectionner votre profil.",
    "stale": ("Cette page de connexion n'est plus valable : vous avez peut-être utilisé le bouton « Précédent » "
              "de votre navigateur, ou ouvert un favori de la page de connexion. Reprenez la connexion."),
}


def create_login_blueprint(ec, authenticator: Authenticator,
                           federated_logout: Callable[[str, LogoutRequestInfo], object | None]) -> Blueprint:
    """`federated_logout(id_token, info)` ends a FranceConnect session during SLO (None: nothing to end)."""
    bp = Blueprint("login", __name__, template_folder="templates")

    def refuse(what: str, err: IdpError):
        """Log and journal a refused request; the page a parent sees."""
        current_app.logger.warning("%s refused: %s", what, err)
        ec.saml_journal.refused(Refusal(REFUSED_MESSAGES[what], err.why, err.rule))

    def message(reason: str) -> str:
        if reason == "bad-credentials" and "message-identifiants-incorrects" in ec.faults:
            return "Connexion impossible."
        return MESSAGES[reason]

    @bp.get("/")
    def home():
        return flow.restart(ec.faults)

    @bp.get(METADATA)
    def metadata():
        return Response(ec.idp.metadata_xml(), mimetype="application/samlmetadata+xml")

    @bp.route(SSO_REDIRECT, methods=["GET", "POST"], endpoint="sso")
    def sso():
        """Shibboleth's SSO URL: a service's request starts a flow; `execution` names its step."""
        if "SAMLRequest" in request.args:
            return _accept_request("redirect", request.args)
        execution = request.args.get("execution")
        if execution is None and request.method == "GET":  # ÉduConnect's own pages: « Revenir à la connexion »
            return flow.restart(ec.faults)
        step = flow.step_of(execution or "", ec.faults)
        if step is None:
            return render_template("erreur.html", title="Demande périmée", text=message("stale"),
                                   back_url=url_for("login.sso")), 400
        return _check_step() if step == flow.CHECK else _login_step()

    @bp.post(SSO_POST, endpoint="sso_post")
    def sso_post():
        if "SAMLRequest" not in request.form:
            abort(400)
        return _accept_request("post", request.form)

    @bp.get(UNSOLICITED_SSO)
    def unsolicited_sso():
        """Shibboleth's IdP-initiated login, which ENT tiles link to."""
        try:
            info = ec.idp.unsolicited_request(request.args.get("providerId", ""), request.args.get("target"))
        except IdpError as err:
            refuse("unsolicited login", err)
            return render_template("erreur.html", title="Demande refusée", text=message("bad-request")), 400
        return _pending(info)

    def _accept_request(binding: str, params):
        try:
            info = ec.idp.parse_authn_request(
                params["SAMLRequest"], binding, relay_state=params.get("RelayState"),
                sig_alg=params.get("SigAlg"), signature=params.get("Signature"),
                query_string=request.query_string.decode() if binding == "redirect" else None)
        except IdpError as err:
            refuse("AuthnRequest", err)
            return render_template("erreur.html", title="Demande refusée", text=message("bad-request")), 400
        return _pending(info)

    def _pending(info: AuthnRequestInfo):
        session["pending"] = asdict(info)
        session.pop("after_login", None)  # the newest intent wins
        if session.get("account_id"):
            return answer_service(ec, session["account_id"])
        return flow.restart(ec.faults)

    def _check_step():
        """Shibboleth's local-storage check: a page that posts itself back, then the login page."""
        if request.method == "GET":
            return render_template("login/verification.html", execution=request.args["execution"])
        return redirect(url_for("login.sso", execution=flow.at_login(ec.faults)))

    def _login_step():
        if request.method == "GET":
            if request.args.get("typeUser") in profiles(ec.faults):  # the profile buttons without JavaScript
                session["profil"] = request.args["typeUser"]
            return login_page(ec.faults)
        names = field_names(ec.faults)
        profil = request.form.get("typeUser", "")
        identifier = request.form.get(names["identifier"], "").strip()
        password = request.form.get(names["password"], "")
        errors = {}
        if profil in profiles(ec.faults):
            session["profil"] = profil
        else:
            errors["typeUser"] = message("missing-profile")
        if "champs-obligatoires-ignores" not in ec.faults:
            if not identifier:
                errors["identifier"] = message("missing-identifier")
            if not password:
                errors["password"] = message("missing-password")
        if errors:
            return login_page(ec.faults, errors=errors, identifier=identifier, status=400)
        result = authenticator.login(identifier, password)
        if result.outcome is LoginOutcome.OK and profil != "responsable":
            result = LoginResult(LoginOutcome.BAD_CREDENTIALS)  # pupil accounts are not modelled yet
        if result.outcome is LoginOutcome.LETTER:
            session["letter"] = {"id": result.letter_id}
            return redirect(url_for("letters.email"))
        if result.outcome is not LoginOutcome.OK:
            key = {LoginOutcome.LOCKED: "locked", LoginOutcome.LETTER_EXPIRED: "letter-expired",
                   LoginOutcome.LETTER_USED: "letter-used"}.get(result.outcome, "bad-credentials")
            return login_page(ec.faults, alert=message(key), identifier=identifier,
                              credentials_refused=key == "bad-credentials", status=401)
        kept = {k: session[k] for k in ("pending", "after_login") if k in session}
        session.clear()  # a fresh session on login (no fixation)
        session.update(kept, account_id=result.account_id)
        return answer_service(ec, result.account_id)

    @bp.get(SLO_REDIRECT)
    def slo():
        if "SAMLResponse" in request.args:  # a service answering ÉduConnect's own LogoutRequest
            try:
                ec.saml_journal.answered(ec.idp.parse_logout_response(request.query_string.decode()))
            except IdpError as err:
                refuse("LogoutResponse", err)
                return render_template("erreur.html", title="Demande refusée",
                                       text="La réponse de déconnexion n'est pas valide."), 400
            return render_template("login/deconnecte.html")
        return _logout("redirect", request.args)

    @bp.post(SLO_POST, endpoint="slo_post")
    def slo_post():
        return _logout("post", request.form)

    def _logout(binding: str, params):
        try:
            info = ec.idp.parse_logout_request(
                params.get("SAMLRequest", ""), binding, relay_state=params.get("RelayState"),
                sig_alg=params.get("SigAlg"), signature=params.get("Signature"),
                query_string=request.query_string.decode() if binding == "redirect" else None)
        except IdpError as err:
            refuse("LogoutRequest", err)
            return render_template("erreur.html", title="Demande refusée",
                                   text="La demande de déconnexion n'est pas valide."), 400
        ec.saml_journal.logged_out(SingleLogout(info.sp_entity_id, info.name_id, tuple(info.session_indexes),
                                                info.signed_with))
        if "slo-ignore" not in ec.faults:
            fc_id_token = session.get("fc_id_token")
            session.clear()
            if fc_id_token and (through_fc := federated_logout(fc_id_token, info)):
                return through_fc  # ends the FranceConnect session too, then answers the service
        login = ec.saml_journal.login_of_name_id(info.sp_entity_id, info.name_id)
        signing = LOGOUT_RESPONSE_SIGNINGS.get(ec.alterations.of(login) if login else None, "idp")
        return redirect(ec.idp.build_logout_response_redirect(info, signing))

    @bp.get(OWN_SP_LOGOUT)
    @bp.get(ACCOUNT_SP_LOGOUT, endpoint="account_sp_logout")
    def sp_logout():
        """A Shibboleth SP's logout, then on to `return`, which must be on this ÉduConnect."""
        target = request.args.get("return", "")
        if not target.startswith(ec.base_url + "/") or any(c in target for c in "\\\r\n"):
            refuse("logout return", IdpError(f"return outside ÉduConnect: {target!r}",
                                             f"l'adresse de retour « {target} » n'est pas sur ÉduConnect",
                                             "ÉduConnect, FrEduUrlRetour"))
            return render_template("erreur.html", title="Demande refusée",
                                   text="L'adresse de retour de la déconnexion n'est pas sur ÉduConnect."), 400
        return redirect(target)

    @bp.get(LOGOUT)
    def logout():
        account_id = session.get("account_id")
        if account_id is not None:
            ec.saml_journal.logout_url_visited(ec.login_of(account_id))
        if "url-retour-sans-effet" not in ec.faults:
            session.clear()
        return render_template("login/deconnecte.html")

    return bp
