"""The reference ÉduConnect: a SAML identity provider at Shibboleth's paths,
with the login pages the parents' guide shows."""
from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask import Flask, Response, abort, redirect, render_template, request, session, url_for
from sqlalchemy import select

from ..clock import Clock
from ..db import Database
from ..faults import Faults
from ..saml.idp import (METADATA_PATH as METADATA, SLO_REDIRECT_PATH as SLO_REDIRECT, SSO_POST_PATH as SSO_POST,
                        SSO_REDIRECT_PATH as SSO_REDIRECT, UNSOLICITED_PATH as UNSOLICITED_SSO, Alteration,
                        AuthnRequestInfo, IdpError, SamlIdp)
from ..web.app import create_app
from ..world import _guardian
from .shared.authenticator import Authenticator, LoginOutcome, LoginResult
from .activation.service import Activation
from .activation.views import create_activation_blueprint
from .login.conformance import WITHOUT_REF_ID, ResponseAlterations, SamlJournal, SamlSession, SingleLogout
from .franceconnect.client import FranceConnectClient
from .franceconnect.views import create_franceconnect_blueprint
from .account.views import create_account_blueprint
from .console.views import create_console_blueprint
from .letters.views import create_letter_blueprint
from .letters.service import Letters
from .recovery.service import Recovery
from .recovery.views import create_recovery_blueprint
from .shared.notify import Notifier
from .shared.models import Account, Director
from .login.release import guardian_attributes

LOGOUT = "/idp/profile/Logout"

PROFILES = {"responsable": "Responsable d'élève", "eleve": "Élève"}

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
}


@dataclass
class EduConnect:
    base_url: str
    db: Database
    clock: Clock
    faults: Faults
    idp: SamlIdp
    notifier: Notifier
    franceconnect: FranceConnectClient | None = None  # ÉduConnect as FranceConnect's client
    letters: Letters = field(init=False)
    recovery: Recovery = field(init=False)
    alterations: ResponseAlterations = field(default_factory=ResponseAlterations)  # conformance features
    saml_journal: SamlJournal = field(default_factory=SamlJournal)

    def __post_init__(self) -> None:
        self.letters = Letters(self.db, self.clock, self.faults, self.notifier.send_mail, self.base_url)
        self.recovery = Recovery(self.db, self.clock, self.faults, self.notifier.send_mail, self.base_url)

    @property
    def logout_url(self) -> str:
        return self.base_url + LOGOUT

    def account_id(self, login: str) -> int:
        return self._id_of(Account, login)

    def session_of(self, *, director: str | None = None, parent: str | None = None) -> dict:
        """What ÉduConnect's session holds once this director or parent (by login) has logged in."""
        if (director is None) == (parent is None):
            raise ValueError("a director or a parent, not both")
        if director is not None:
            return {"director_id": self._id_of(Director, director)}
        return {"account_id": self.account_id(parent)}

    def _id_of(self, model, login: str) -> int:
        with self.db.session() as s:
            found = s.scalar(select(model.id).where(model.login == login))
        if found is None:
            raise ValueError(f"unknown login {login!r}")
        return found


def create_educonnect_app(ec: EduConnect) -> Flask:
    here = Path(__file__).parent
    app = create_app(__name__, [here / "shared" / "templates", here / "login" / "templates"], "educonnect_session",
                     "ÉduConnect")
    letters = ec.letters
    authenticator = Authenticator(ec.db, ec.clock, ec.faults, letters)
    app.jinja_env.globals["fault"] = ec.faults.__contains__
    app.register_blueprint(create_letter_blueprint(letters))
    app.register_blueprint(create_account_blueprint(ec.db, letters, authenticator, ec.recovery))
    app.register_blueprint(create_recovery_blueprint(ec.recovery))
    app.register_blueprint(create_console_blueprint(ec.db, ec.faults, letters, authenticator))
    app.register_blueprint(create_activation_blueprint(
        Activation(ec.db, ec.clock, ec.faults, ec.notifier.send_code), ec.faults))

    def profiles() -> dict[str, str]:
        return {k: v for k, v in PROFILES.items() if not (k == "eleve" and "profil-eleve-absent" in ec.faults)}

    def message(reason: str) -> str:
        if reason == "bad-credentials" and "message-identifiants-incorrects" in ec.faults:
            return "Connexion impossible."
        return MESSAGES[reason]

    @app.get("/")
    def home():
        return redirect(url_for("sso", execution="e1s1"))

    @app.get(METADATA)
    def metadata():
        return Response(ec.idp.metadata_xml(), mimetype="application/samlmetadata+xml")

    @app.route(SSO_REDIRECT, methods=["GET", "POST"], endpoint="sso")
    def sso():
        if "SAMLRequest" in request.args:
            return _accept_request("redirect", request.args)
        execution = request.args.get("execution", "e1s1")
        if execution == "e1s2" and session.get("profil") in PROFILES:
            return _login_step()
        return _profile_step()

    @app.post(SSO_POST, endpoint="sso_post")
    def sso_post():
        if "SAMLRequest" not in request.form:
            abort(400)
        return _accept_request("post", request.form)

    @app.get(UNSOLICITED_SSO)
    def unsolicited_sso():
        """Shibboleth's IdP-initiated login, which ENT tiles link to."""
        try:
            info = ec.idp.unsolicited_request(request.args.get("providerId", ""), request.args.get("target"))
        except IdpError as err:
            app.logger.warning("unsolicited login refused: %s", err)
            return render_template("erreur.html", title="Demande refusée", text=message("bad-request")), 400
        return _pending(info)

    def _accept_request(binding: str, params):
        try:
            info = ec.idp.parse_authn_request(
                params["SAMLRequest"], binding, relay_state=params.get("RelayState"),
                sig_alg=params.get("SigAlg"), signature=params.get("Signature"),
                query_string=request.query_string.decode() if binding == "redirect" else None)
        except IdpError as err:
            app.logger.warning("AuthnRequest refused: %s", err)
            return render_template("erreur.html", title="Demande refusée", text=message("bad-request")), 400
        return _pending(info)

    def _pending(info: AuthnRequestInfo):
        session["pending"] = asdict(info)
        session.pop("after_login", None)  # the newest intent wins
        if session.get("account_id"):
            return _answer_service(session["account_id"])
        return redirect(url_for("sso", execution="e1s1"))

    def _profile_step():
        if request.method == "POST":
            profil = request.form.get("typeUser", "")
            if profil not in PROFILES:
                return render_template("login/profil.html", profiles=profiles(),
                                       error="Veuillez sélectionner votre profil."), 400
            session["profil"] = profil
            return redirect(url_for("sso", execution="e1s2"))
        return render_template("login/profil.html", profiles=profiles())

    def _login_step():
        profil = session["profil"]
        if request.method == "GET":
            return render_template("login/connexion.html", profile_label=PROFILES[profil], errors={})
        identifier = request.form.get("j_username", "").strip()
        password = request.form.get("j_password", "")
        errors = {}
        if "champs-obligatoires-ignores" not in ec.faults:
            if not identifier:
                errors["j_username"] = message("missing-identifier")
            if not password:
                errors["j_password"] = message("missing-password")
        if errors:
            return render_template("login/connexion.html", profile_label=PROFILES[profil], errors=errors,
                                   identifier=identifier), 400
        result = authenticator.login(identifier, password)
        if result.outcome is LoginOutcome.OK and profil != "responsable":
            result = LoginResult(LoginOutcome.BAD_CREDENTIALS)  # pupil accounts are not modelled yet
        if result.outcome is LoginOutcome.LETTER:
            session["letter"] = {"id": result.letter_id}
            return redirect(url_for("letter.email"))
        if result.outcome is not LoginOutcome.OK:
            key = {LoginOutcome.LOCKED: "locked", LoginOutcome.LETTER_EXPIRED: "letter-expired",
                   LoginOutcome.LETTER_USED: "letter-used"}.get(result.outcome, "bad-credentials")
            return render_template("login/connexion.html", profile_label=PROFILES[profil], errors={},
                                   alert=message(key), identifier=identifier), 401
        kept = {k: session[k] for k in ("pending", "after_login") if k in session}
        session.clear()  # a fresh session on login (no fixation)
        session.update(kept, account_id=result.account_id)
        return _answer_service(result.account_id)

    def _answer_service(account_id: int):
        pending = session.pop("pending", None)
        if pending is None:
            destination = session.pop("after_login", None)
            if destination in ("account.my_account", "account.teleservices"):
                return redirect(url_for(destination))
            return render_template("login/connecte.html")
        info = AuthnRequestInfo(**pending)
        with ec.db.session() as s:
            account = s.get(Account, account_id)
            login = account.login
            attributes = guardian_attributes([_guardian(g) for g in account.guardians], account.fr_edu_ct_id,
                                             ec.logout_url, ec.clock.now())
        alteration = ec.alterations.of(login)
        if alteration == WITHOUT_REF_ID:
            attributes.pop("FrEduCtRefId")
        name_id, session_index = secrets.token_hex(16), secrets.token_hex(16)
        acs_url, saml_response, relay_state = ec.idp.build_response(
            info, attributes, name_id, session_index,
            alteration=Alteration(alteration) if alteration not in (None, WITHOUT_REF_ID) else None)
        ec.saml_journal.opened(SamlSession(login, info.sp_entity_id, name_id, session_index))
        return render_template("login/reponse_saml.html", acs_url=acs_url, saml_response=saml_response,
                               relay_state=relay_state)

    franceconnect = create_franceconnect_blueprint(ec, _answer_service)
    app.register_blueprint(franceconnect)

    @app.get(SLO_REDIRECT)
    def slo():
        try:
            info = ec.idp.parse_logout_request(
                request.args.get("SAMLRequest", ""), "redirect", relay_state=request.args.get("RelayState"),
                sig_alg=request.args.get("SigAlg"), signature=request.args.get("Signature"),
                query_string=request.query_string.decode())
        except IdpError as err:
            app.logger.warning("LogoutRequest refused: %s", err)
            return render_template("erreur.html", title="Demande refusée",
                                   text="La demande de déconnexion n'est pas valide."), 400
        ec.saml_journal.logged_out(SingleLogout(info.sp_entity_id, info.name_id, tuple(info.session_indexes)))
        if "slo-ignore" not in ec.faults:
            fc_id_token = session.get("fc_id_token")
            session.clear()
            if fc_id_token and (through_fc := franceconnect.logout(fc_id_token, info)):
                return through_fc  # ends the FranceConnect session too, then answers the service
        return redirect(ec.idp.build_logout_response_redirect(info))

    @app.get(LOGOUT)
    def logout():
        session.clear()
        return render_template("login/deconnecte.html")

    return app
