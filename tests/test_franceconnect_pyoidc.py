"""An independent relying party against the reference FranceConnect: pyoidc (`oic`),
which shares no code with the mock (Authlib, joserfc), with jwcrypto checking the
signatures a second time. It registers over HTTP, runs the code flow, reads userinfo
by GET and by POST and logs out by GET and by POST, at the public URLs the discovery
document gives."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from datetime import timedelta

import oic.oauth2.grant
import oic.oic.message
import oic.utils.time_util
import pytest
import requests
from jwcrypto import jwk, jws
from oic.oauth2.message import ErrorResponse
from oic.oic import Client
from oic.oic.message import (AccessTokenResponse, AuthorizationResponse, Claims, ClaimsRequest, EndSessionRequest,
                             OpenIDSchema, RegistrationResponse)
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

from tests.test_franceconnect import confirm

CALLBACK = "https://service-independant.test/callback"
LOGOUT = "https://service-independant.test/au-revoir"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCOPES = ["openid", "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email"]


@pytest.fixture
def virtual_time(stack, monkeypatch):
    """pyoidc reads the stack's virtual clock, as ÉduConnect's client does (iat, exp, token lifetimes)."""
    def now() -> int:
        return int(stack.clock.now().timestamp())

    for module in (oic.utils.time_util, oic.oic.message, oic.oauth2.grant):
        monkeypatch.setattr(module, "utc_time_sans_frac", now)


@pytest.fixture
def oidc(stack, localhost_names, virtual_time) -> Client:
    issuer = stack.franceconnect.issuer
    registered = requests.post(stack.franceconnect.base_url + "/api/v2/_clients", timeout=5, json={
        "name": "Service indépendant", "redirect_uris": [CALLBACK], "post_logout_redirect_uris": [LOGOUT]}).json()
    client = Client(client_authn_method=CLIENT_AUTHN_METHOD)
    client.provider_config(issuer)  # discovery, its issuer checked, and the JWKS
    client.store_registration_info(RegistrationResponse(
        client_id=registered["client_id"], client_secret=registered["client_secret"], redirect_uris=[CALLBACK],
        post_logout_redirect_uris=[LOGOUT], token_endpoint_auth_method="client_secret_post",
        id_token_signed_response_alg="ES256", userinfo_signed_response_alg="ES256"))
    client.redirect_uris = [CALLBACK]
    return client


def front_channel(url: str, login: str = "test") -> str:
    """What a browser does between the authorization URL and the callback: the query it brings back."""
    browser = requests.Session()
    answer = browser.get(url, allow_redirects=False, timeout=5)
    base = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    chooser = answer.headers["Location"]
    form = base + chooser + "/fournisseur/demonstration"
    token = CSRF.search(browser.get(form, timeout=5).text).group(1)
    answer = browser.post(form, data={"csrf_token": token, "login": login, "password": "123"},
                          allow_redirects=False, timeout=5)
    answer = confirm(browser, base, answer.headers["Location"])  # « Continuer sur … »
    assert answer.status_code == 302 and answer.headers["Location"].startswith(CALLBACK + "?"), answer.text
    return urlsplit(answer.headers["Location"]).query


def log_in(client: Client, **extra) -> tuple[str, AccessTokenResponse]:
    state, nonce = "etat-" + "e" * 32, "nonce-" + "n" * 32
    request = client.construct_AuthorizationRequest(request_args={
        "client_id": client.client_id, "response_type": "code", "scope": SCOPES, "redirect_uri": CALLBACK,
        "state": state, "nonce": nonce, "acr_values": "eidas1", **extra})
    answer = client.parse_response(AuthorizationResponse, info=front_channel(request.request(
        client.authorization_endpoint)), sformat="urlencoded")
    assert isinstance(answer, AuthorizationResponse) and answer["state"] == state
    assert answer["iss"] == client.provider_info["issuer"]
    tokens = client.do_access_token_request(state=state, request_args={"code": answer["code"]},
                                            authn_method="client_secret_post")
    assert isinstance(tokens, AccessTokenResponse), tokens.to_dict()
    return state, tokens


def jwcrypto_claims(client: Client, token: str) -> dict:
    keys = jwk.JWKSet.from_json(requests.get(client.provider_info["jwks_uri"], timeout=5).text)
    signed = jws.JWS()
    signed.deserialize(token)
    signed.verify(keys.get_key(signed.jose_header["kid"]), alg="ES256")
    return json.loads(signed.payload)


def test_code_flow_gives_an_id_token_pyoidc_and_jwcrypto_accept(oidc):
    _, tokens = log_in(oidc)
    id_token = tokens["id_token"]  # verified by pyoidc: signature, iss, aud, exp, iat, nonce, at_hash
    assert re.fullmatch(r"[0-9a-f]{64}v1", id_token["sub"]) and id_token["acr"] == "eidas1"
    assert "amr" not in id_token
    assert jwcrypto_claims(oidc, id_token.jwt)["sub"] == id_token["sub"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_userinfo_by_get_and_by_post_is_a_signed_jwt(oidc, method):
    state, tokens = log_in(oidc)
    info = oidc.do_user_info_request(method=method, state=state)
    assert isinstance(info, OpenIDSchema), info.to_dict()  # signature checked by pyoidc against the JWKS
    assert (info["sub"], info["given_name"], info["family_name"]) == (tokens["id_token"]["sub"],
                                                                      "Angela Claire Louise", "DUBOIS")
    assert info["given_name_array"] == ["Angela", "Claire", "Louise"] and info["birthdate"] == "1962-08-24"
    assert jwcrypto_claims(oidc, info.jwt)["sub"] == info["sub"]


def test_userinfo_with_an_expired_token_is_refused(stack, oidc):
    _, tokens = log_in(oidc)
    stack.clock.advance(timedelta(seconds=60))
    refused = oidc.do_user_info_request(method="GET", token=tokens["access_token"])
    assert isinstance(refused, ErrorResponse) and refused["error"] == "invalid_token"


def test_amr_through_the_claims_parameter(oidc):
    _, tokens = log_in(oidc, claims=ClaimsRequest(id_token=Claims(amr={"essential": True})))
    assert tokens["id_token"]["amr"] == ["fc", "pwd"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_session_end_by_get_and_by_post(oidc, method):
    state, _ = log_in(oidc)
    url, body, http_args, _ = oidc.request_info(EndSessionRequest, method=method, state=state, request_args={
        "state": "fin-" + "f" * 16, "post_logout_redirect_uri": LOGOUT})
    answer = oidc.http_request(url, method, data=body, allow_redirects=False, **http_args)
    assert answer.status_code == 303, answer.text
    assert answer.headers["Location"] == LOGOUT + "?state=" + "fin-" + "f" * 16
    assert parse_qs(urlsplit(answer.headers["Location"]).query) == {"state": ["fin-" + "f" * 16]}
