"""« S'identifier avec FranceConnect »: the login, the first-time confirmation
(contact the school holds, code, children's birth dates) and the logout
through FranceConnect's /session/end."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import asdict
from typing import Callable

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from ...saml.idp import LogoutRequestInfo
from ..shared import steps as shared_steps
from ..activation.service import Activation
from ..login.page import login_page
from ..shared.errors import JourneyError
from ..shared.messages import say_refusal
from .client import FcError, FranceConnectClient
from .linking import FranceConnectLinking

# shown on the login page when a FranceConnect login does not go through
FAILURES = {
    "annulee": "Vous avez annulé la connexion avec FranceConnect. Vous pouvez vous connecter avec votre compte ÉduConnect.",
    "erreur": "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect.",
    "indisponible": "FranceConnect ne répond pas pour le moment. Veuillez réessayer dans quelques instants ou vous connecter avec votre compte ÉduConnect.",
    "inconnu": "Votre identité FranceConnect ne correspond à aucun représentant légal connu des écoles. "
               "Vérifiez auprès de l'école de votre enfant le nom et le prénom qu'elle a enregistrés, "
               "ou connectez-vous avec votre compte ÉduConnect.",
}
PROVIDER_ERRORS = {"access_denied": "annulee", "temporarily_unavailable": "indisponible"}
# faults that word a failure as the generic one
MOTIF_FAULTS = {"annulee": "franceconnect-annulation-comme-erreur", "inconnu": "franceconnect-inconnu-message-generique"}
STEP_ORDER = ["contact", "code", "enfants"]
STEP_ENDPOINTS = {"contact": "franceconnect.confirm", "code": "franceconnect.code", "enfants": "franceconnect.children"}


def create_franceconnect_blueprint(ec, answer: Callable[[int], object]) -> Blueprint:
    """`ec`: the ÉduConnect app; `answer(account_id)` answers the pending SAML request.
    The blueprint's `logout(id_token, info)` ends the FranceConnect session during SLO."""
    bp = Blueprint("franceconnect", __name__, url_prefix="/franceconnect", template_folder="templates")
    client: FranceConnectClient | None = ec.franceconnect
    faults = ec.faults
    shared_states: dict[str, dict] = {}  # only under franceconnect-state-partage
    linking = FranceConnectLinking(ec.db, ec.clock, faults, Activation(ec.db, ec.clock, faults, ec.notifier.send_code))

    @bp.app_context_processor
    def _globals():
        return {"franceconnect_info_url": client.config.info_url if client else "#"}

    def _from_franceconnect(iss: str | None) -> bool:
        """RFC 9207: an `iss` that is not FranceConnect's marks an answer from another provider (a
        mix-up). FranceConnect sends it on every answer; its discovery does not announce it, so an
        answer without it is still taken."""
        return iss is None or "franceconnect-iss-ignore" in faults or hmac.compare_digest(
            iss.encode(), client.config.issuer.encode())

    def fail(motif: str):
        return redirect(url_for("franceconnect.failure", motif=motif))

    def off_track(reached: str | None):
        return fail("erreur") if reached is None else redirect(url_for(STEP_ENDPOINTS[reached]))

    journey = shared_steps.Journey("fc_link", STEP_ORDER, off_track)
    state, save, at_least = journey.state, journey.save, journey.at_least

    def log_in(account_id: int, id_token: str):
        kept = {k: session[k] for k in ("pending", "after_login") if k in session}
        session.clear()  # a fresh session on login (no fixation)
        session.update(kept, account_id=account_id, fc_id_token=id_token, profil="responsable")
        return answer(account_id)

    @bp.get("/connexion")
    def start():
        if client is None:
            abort(404)
        auth = {"state": secrets.token_urlsafe(32), "nonce": secrets.token_urlsafe(32)}
        session["fc_auth"] = auth  # bound to this browser
        if "franceconnect-state-partage" in faults:
            shared_states[auth["state"]] = auth
        journey.end()
        return redirect(client.authorization_url(auth["state"], auth["nonce"]))

    @bp.get("/retour")
    def callback():
        if client is None:
            abort(404)
        auth = session.pop("fc_auth", None)
        if "franceconnect-state-partage" in faults:
            auth = shared_states.pop(request.args.get("state", ""), auth)
        if "error" in request.args and "franceconnect-erreur-sans-state" in faults:
            return fail(PROVIDER_ERRORS.get(request.args["error"], "erreur"))
        sent = request.args.get("state", "").encode()  # bytes: compare_digest refuses a non-ASCII str
        if "franceconnect-state-ignore" not in faults and (
                auth is None or not hmac.compare_digest(sent, auth["state"].encode())):
            return fail("erreur")  # an answer, even an error, to a request this browser did not make
        if not _from_franceconnect(request.args.get("iss")):
            return fail("erreur")
        if "error" in request.args:
            return fail(PROVIDER_ERRORS.get(request.args["error"], "erreur"))
        if not request.args.get("code"):
            return fail("erreur")
        try:
            identity = client.identity(request.args["code"], (auth or {}).get("nonce", ""))
        except FcError as err:
            return fail("indisponible" if err.reason == "unavailable" else "erreur")
        account_id = None if "franceconnect-rattachement-oublie" in faults else linking.linked_account(identity.sub)
        if account_id is not None:
            return log_in(account_id, identity.id_token)
        candidates = linking.candidates(identity)
        if not candidates:
            # end the FranceConnect session too, so that the parent can pick another account
            return _logout_then(identity.id_token, {"then": "inconnu"}) or fail("inconnu")
        if "franceconnect-sans-confirmation" in faults:
            kids = linking.children(candidates[0])
            return log_in(linking.link(identity.sub, candidates[0], "sms", "", [k.id for k in kids]),
                          identity.id_token)
        first = identity.first_given_name
        journey.start(step="contact", sub=identity.sub, id_token=identity.id_token, candidates=candidates,
                      name=f"{first} {identity.family_name}")
        return redirect(url_for("franceconnect.confirm"))

    @bp.route("/confirmation", methods=["GET", "POST"])
    def confirm():
        if (r := at_least("contact")):
            return r
        st = state()
        if request.method == "GET":
            return render_template("franceconnect/contact.html", name=st["name"], channel="sms", values={})
        channel = request.form.get("canal", "")
        values = {"sms": request.form.get("mobile", ""), "mail": request.form.get("email", "")}
        try:
            guardian_id, contact = linking.match_contact(st["candidates"], channel, values.get(channel, ""))
        except JourneyError as err:
            return render_template("franceconnect/contact.html", name=st["name"], channel=channel, values=values,
                                   error=say_refusal(err.reason, err.details.get("channel", channel))), 400
        save(guardian_id=guardian_id, channel=channel, contact=contact)
        return _send_code()

    _send_code = shared_steps.add_code_views(bp, linking, journey, say_refusal, step_on_failure="contact")

    @bp.post("/renvoi")
    def retry_sending():
        if state().get("guardian_id") is None:
            return fail("erreur")
        return _send_code()

    @bp.route("/enfants", methods=["GET", "POST"])
    def children():
        if (r := at_least("enfants")):
            return r
        return shared_steps.children_step(linking, state(), save, say_refusal, _link)

    def _link(confirmed: list[int]):
        st = state()
        try:
            account_id = linking.link(st["sub"], st["guardian_id"], st["channel"], st["contact"], confirmed)
        except JourneyError as err:
            return render_template("steps/enfants.html", children=linking.children(st["guardian_id"]),
                                   errors={}, values={}, error=say_refusal(err.reason, err.details.get("channel"))), 400
        return log_in(account_id, st["id_token"])

    @bp.get("/echec/<motif>")
    def failure(motif: str):
        if motif not in FAILURES:
            abort(404)
        if MOTIF_FAULTS.get(motif) in faults:
            motif = "erreur"
        if motif in ("erreur", "indisponible") and "franceconnect-erreur-sans-formulaire" in faults:
            return render_template("erreur.html", title="Erreur", text=FAILURES[motif]), 502
        session["profil"] = "responsable"
        return login_page(faults, alert=FAILURES[motif])

    def _logout_then(id_token: str, after: dict):
        if client is None or "franceconnect-deconnexion-ignoree" in faults:
            return None
        logout_state = secrets.token_urlsafe(32)
        session["fc_logout"] = {"state": logout_state, **after}
        return redirect(client.logout_url(id_token, logout_state))

    def logout(id_token: str, info: LogoutRequestInfo):
        """During SLO: through FranceConnect's /session/end, then the LogoutResponse to the service."""
        return _logout_then(id_token, {"saml": asdict(info)})

    bp.logout = logout

    @bp.get("/deconnexion")
    def logged_out():
        pending = session.pop("fc_logout", None)
        sent = request.args.get("state", "").encode()  # bytes: compare_digest refuses a non-ASCII str
        if pending is None or not hmac.compare_digest(sent, pending["state"].encode()):
            return render_template("erreur.html", title="Déconnexion incomplète",
                                   text="La déconnexion de FranceConnect n'a pas pu être confirmée."), 400
        if "saml" in pending:
            return redirect(ec.idp.build_logout_response_redirect(LogoutRequestInfo(**pending["saml"])))
        return fail(pending.get("then", "erreur"))

    return bp

