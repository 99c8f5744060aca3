"""ÉduConnect's answer to the service that asked for a login: a signed SAML
response, auto-posted to the service's ACS (or, with no request pending, the
page the parent was going to)."""
from __future__ import annotations

import base64
import secrets

from flask import redirect, render_template, session, url_for

from ...saml.attacks import ATTACKS, Forgery
from ...saml.idp import Alteration, AuthnRequestInfo
from ...world import _guardian
from ..shared.models import Account
from .conformance import ATTRIBUTE_ALTERATIONS, WRAPPING_ATTACKS, SamlSession, alter_attributes
from .release import guardian_attributes


def answer_service(ec, account_id: int):
    """Answer the session's pending SAML request for this signed-in account."""
    pending = session.pop("pending", None)
    if pending is None:
        destination = session.pop("after_login", None)
        if destination in ("account.my_account", "account.teleservices"):
            return redirect(url_for(destination))
        return render_template("login/connecte.html")
    info = AuthnRequestInfo(**pending)
    login, attributes = _released(ec, account_id)
    alteration = ec.alterations.of(login)
    if alteration in ATTRIBUTE_ALTERATIONS:
        alter_attributes(alteration, attributes)
    name_id, session_index = secrets.token_hex(16), secrets.token_hex(16)
    attacked = alteration in WRAPPING_ATTACKS
    acs_url, saml_response, relay_state = ec.idp.build_response(
        info, attributes, name_id, session_index, encrypt=not attacked,
        alteration=Alteration(alteration) if alteration in {a.value for a in Alteration} else None)
    if attacked:  # the signed response, then another parent written where a naive SP reads
        saml_response = _attacked(ec, alteration, ec.alterations.victim_of(login), saml_response)
    encrypted = alteration == Alteration.ENCRYPTED_FOR_ANOTHER_KEY or (
        not attacked and ec.idp.encryption_cert(info.sp_entity_id) is not None)
    ec.saml_journal.opened(SamlSession(login, info.sp_entity_id, name_id, session_index,
                                       request_signed_with=info.signed_with, solicited=bool(info.request_id),
                                       encrypted=encrypted,
                                       attributes=tuple((k, tuple(v)) for k, v in attributes.items())))
    return render_template("login/reponse_saml.html", acs_url=acs_url, saml_response=saml_response,
                           relay_state=relay_state)


def _released(ec, account_id: int) -> tuple[str, dict[str, list[str]]]:
    """(login, the attributes ÉduConnect releases for that account)."""
    with ec.db.session() as s:
        account = s.get(Account, account_id)
        return account.login, guardian_attributes([_guardian(g) for g in account.guardians], account.fr_edu_ct_id,
                                                  ec.logout_url, ec.clock.now(), ec.faults)


def _attacked(ec, attack: str, victim: str, saml_response: str) -> str:
    _, released = _released(ec, ec.account_id(victim))
    forgery = Forgery(name_id=secrets.token_hex(16), attributes={
        name: tuple(released[name]) for name in ("FrEduCtRefId", "FrEduCtId", "givenName", "sn")})
    xml = ATTACKS[attack](base64.b64decode(saml_response).decode(), forgery=forgery)
    return base64.b64encode(xml.encode()).decode()
