"""ÉduConnect's HTTP-POST endpoints (SSO and SLO), as its metadata announces them, over HTTP:
a service posts there cross-site, so its signature vouches for it, not a CSRF token."""
from __future__ import annotations

import base64

import requests
from saml2.saml import NAMEID_FORMAT_TRANSIENT, NameID
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256


def post(stack, url: str, xml: str, **fields) -> requests.Response:
    return requests.post(url, data={"SAMLRequest": base64.b64encode(xml.encode()).decode(), **fields},
                         allow_redirects=False, timeout=5)


def loopback(stack, url: str) -> str:
    return url.replace(stack.services["educonnect"].url, stack.services["educonnect"].loopback_url)


def test_a_signed_post_authn_request_starts_the_login(stack):
    idp, sp = stack.educonnect.idp, stack.ent.sp
    _, request = sp._client.create_authn_request(idp.sso_post_url, sign=True, sign_alg=SIG_RSA_SHA256,
                                                 digest_alg=DIGEST_SHA256)
    answer = post(stack, loopback(stack, idp.sso_post_url), str(request), RelayState="r")
    assert answer.status_code == 302 and "execution=e1s1" in answer.headers["Location"], answer.text[:300]


def test_a_post_logout_request_is_answered_when_signed_and_refused_with_its_reason_when_not(stack):
    idp, sp = stack.educonnect.idp, stack.ent.sp
    name_id = NameID(format=NAMEID_FORMAT_TRANSIENT, text="_inconnu", name_qualifier=idp.entity_id,
                     sp_name_qualifier=sp.entity_id)
    url = loopback(stack, idp.slo_post_url)
    _, signed = sp._client.create_logout_request(idp.slo_post_url, idp.entity_id, name_id=name_id, sign=True,
                                                 sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
    answer = post(stack, url, str(signed))
    assert answer.status_code == 302 and answer.headers["Location"].startswith(sp.slo_url + "?SAMLResponse=")
    before = stack.educonnect.saml_journal.refusal_count()
    _, unsigned = sp._client.create_logout_request(idp.slo_post_url, idp.entity_id, name_id=name_id, sign=False)
    refused = post(stack, url, str(unsigned))
    assert refused.status_code == 400 and "Demande refusée" in refused.text
    [refusal] = stack.educonnect.saml_journal.refusals_since(before)
    assert refusal.message == "demande de déconnexion de l'ENT" and "demande refusée à la lecture" in refusal.why
