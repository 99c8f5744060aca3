"""ÉduConnect's answer to the service that asked for a login: a signed SAML
response, auto-posted to the service's ACS (or, with no request pending, the
page the parent was going to)."""
from __future__ import annotations

import secrets

from flask import redirect, render_template, session, url_for

from ...saml.idp import Alteration, AuthnRequestInfo
from ...world import _guardian
from ..shared.models import Account
from .conformance import ATTRIBUTE_ALTERATIONS, SamlSession, alter_attributes
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
    with ec.db.session() as s:
        account = s.get(Account, account_id)
        login = account.login
        attributes = guardian_attributes([_guardian(g) for g in account.guardians], account.fr_edu_ct_id,
                                         ec.logout_url, ec.clock.now())
    alteration = ec.alterations.of(login)
    if alteration in ATTRIBUTE_ALTERATIONS:
        alter_attributes(alteration, attributes)
    name_id, session_index = secrets.token_hex(16), secrets.token_hex(16)
    acs_url, saml_response, relay_state = ec.idp.build_response(
        info, attributes, name_id, session_index,
        alteration=Alteration(alteration) if alteration and alteration not in ATTRIBUTE_ALTERATIONS else None)
    encrypted = alteration == Alteration.ENCRYPTED_FOR_ANOTHER_KEY or ec.idp.encryption_cert(info.sp_entity_id) is not None
    ec.saml_journal.opened(SamlSession(login, info.sp_entity_id, name_id, session_index,
                                       request_signed_with=info.signed_with, solicited=bool(info.request_id),
                                       encrypted=encrypted))
    return render_template("login/reponse_saml.html", acs_url=acs_url, saml_response=saml_response,
                           relay_state=relay_state)
