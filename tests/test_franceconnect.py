"""The reference FranceConnect, checked by an independent OpenID Connect client
written here (requests, and ES256 verified with `cryptography` alone), then
ÉduConnect's client and its linking rule."""
from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.hashes import SHA256
from authlib.oidc.core.util import create_half_hash

from mock_services.clock import Clock
from mock_services.db import Database
from mock_services.educonnect.activation.service import Activation
from mock_services.educonnect.franceconnect.client import FcError, FcIdentity, FranceConnectClient
from mock_services.educonnect.franceconnect.linking import FranceConnectLinking, names_match
from mock_services.educonnect.shared.models import Account, Base
from mock_services.faults import Faults
from mock_services.franceconnect import FranceConnect
from mock_services.passwords import verify_password
from mock_services.world import World

CALLBACK = "https://client.test/callback"
LOGOUT = "https://client.test/logged-out"
SUB = re.compile(r"^[0-9a-f]{64}v1$")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CHOOSER = re.compile(r"/interaction/[^/?]+")  # the account chooser (the confirmation page is below it)


# -- an independent relying party ---------------------------------------------------
def b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_es256(token: str, jwks: dict) -> tuple[dict, dict]:
    """(header, claims) of a compact JWS, or InvalidSignature."""
    head, body, signature = token.split(".")
    header = json.loads(b64url(head))
    assert header["alg"] == "ES256"
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    assert (jwk["kty"], jwk["crv"]) == ("EC", "P-256")
    key = ec.EllipticCurvePublicNumbers(int.from_bytes(b64url(jwk["x"]), "big"), int.from_bytes(b64url(jwk["y"]), "big"),
                                        ec.SECP256R1()).public_key()
    raw = b64url(signature)
    assert len(raw) == 64
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key.verify(der, f"{head}.{body}".encode(), ec.ECDSA(SHA256()))
    return header, json.loads(b64url(body))


class RelyingParty:
    """A client registered at the mock, talking to it over loopback like any partner would."""

    def __init__(self, stack, name="Service d'essai", client=None, callback=CALLBACK):
        self.fc: FranceConnect = stack.franceconnect
        self.public, self.api = stack.services["franceconnect"].url, stack.services["franceconnect"].loopback_url
        self.callback = callback
        self.client = client or self.fc.register_client(name, [callback], [LOGOUT])
        self.browser = requests.Session()

    def url(self, public_url: str) -> str:
        return public_url.replace(self.public, self.api) if public_url.startswith(self.public) else self.api + public_url

    def discovery(self) -> dict:
        return requests.get(self.api + "/api/v2/.well-known/openid-configuration", timeout=5).json()

    def jwks(self) -> dict:
        return requests.get(self.url(self.discovery()["jwks_uri"]), timeout=5).json()

    def params(self, **changes) -> dict:
        base = {"response_type": "code", "client_id": self.client.client_id, "redirect_uri": self.callback,
                "scope": "openid given_name family_name birthdate gender birthplace birthcountry email preferred_username",
                "state": "state-" + "s" * 32, "nonce": "nonce-" + "n" * 32, "acr_values": "eidas1"}
        return {k: v for k, v in {**base, **changes}.items() if v is not None}

    def authorize(self, **changes) -> requests.Response:
        return self.browser.get(self.api + "/api/v2/authorize", params=self.params(**changes), allow_redirects=False,
                                timeout=5)

    def log_in(self, login="test", password="123", provider="demonstration", **changes) -> dict:
        """The whole front channel, in a fresh browser; the query it brings back to the callback."""
        self.browser.cookies.clear()
        answer = self.authorize(**changes)
        assert answer.status_code in (302, 303), answer.text
        location = answer.headers["Location"]
        if location.startswith(self.callback):
            return _query(location)
        uid = re.search(r"/interaction/([^/?]+)", location).group(1)
        chooser = self.browser.get(self.url(location), timeout=5)
        assert "Je choisis un compte pour me connecter sur" in chooser.text
        form = f"{self.api}/interaction/{uid}/fournisseur/{provider}"
        token = CSRF.search(self.browser.get(form, timeout=5).text).group(1)
        answer = self.browser.post(form, data={"csrf_token": token, "login": login, "password": password},
                                   allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        if not answer.headers["Location"].startswith(self.callback + "?"):
            answer = confirm(self.browser, self.api, answer.headers["Location"])
        assert answer.status_code == 302 and answer.headers["Location"].startswith(self.callback + "?"), answer.text
        return _query(answer.headers["Location"])

    def single_sign_on(self, **changes) -> dict:
        """A new request in the same browser: its confirmation page, then the callback's query."""
        answer = self.authorize(**changes)
        assert "/confirmation" in answer.headers["Location"], answer.headers["Location"]
        return _query(confirm(self.browser, self.api, answer.headers["Location"]).headers["Location"])

    def token(self, grant: str, **changes) -> requests.Response:
        data = {"grant_type": "authorization_code", "code": grant, "redirect_uri": self.callback,
                "client_id": self.client.client_id, "client_secret": self.client.client_secret, **changes}
        return requests.post(self.api + "/api/v2/token", data={k: v for k, v in data.items() if v is not None},
                             timeout=5)

    def userinfo(self, access_token: str) -> requests.Response:
        return requests.get(self.api + "/api/v2/userinfo", headers={"Authorization": f"Bearer {access_token}"},
                            timeout=5)

    def end_session(self, method: str = "get", **params) -> requests.Response:
        send = {"params": params} if method == "get" else {"data": params}
        return self.browser.request(method, self.api + "/api/v2/session/end", allow_redirects=False, timeout=5,
                                    **send)

    def tokens(self, login="test", password="123") -> dict:
        return self.token(self.log_in(login, password)["code"]).json()


def confirm(browser: requests.Session, base: str, location: str) -> requests.Response:
    """FranceConnect's confirmation page (« Continuer sur … »): its answer, a redirect to the callback."""
    page = browser.get(base + location, timeout=5)
    assert page.status_code == 200 and "Vous allez vous connecter" in page.text, page.text
    return browser.post(base + "/api/v2/login", data={"csrf_token": CSRF.search(page.text).group(1)},
                        allow_redirects=False, timeout=5)


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def rp(stack):
    return RelyingParty(stack)


# -- discovery and keys -----------------------------------------------------------------
def test_discovery_announces_franceconnect_v2_endpoints_and_choices(stack, rp):
    doc = rp.discovery()
    issuer = stack.services["franceconnect"].url + "/api/v2"
    assert doc["issuer"] == issuer
    for name, path in [("authorization_endpoint", "/authorize"), ("token_endpoint", "/token"),
                       ("userinfo_endpoint", "/userinfo"), ("end_session_endpoint", "/session/end"),
                       ("jwks_uri", "/jwks")]:
        assert doc[name] == issuer + path
    assert doc["response_types_supported"] == ["code"]
    assert doc["acr_values_supported"] == ["eidas1"]
    assert doc["subject_types_supported"] == ["pairwise"]
    assert "ES256" in doc["id_token_signing_alg_values_supported"]
    assert doc["token_endpoint_auth_methods_supported"] == ["client_secret_post"]
    assert {"openid", "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email",
            "preferred_username"} <= set(doc["scopes_supported"])


def test_jwks_publishes_public_p256_keys_only(rp):
    keys = rp.jwks()["keys"]
    assert keys and all(k["kty"] == "EC" and k["crv"] == "P-256" and k["use"] == "sig" and "d" not in k
                        for k in keys)


# -- the code flow ------------------------------------------------------------------------
def test_code_flow_gives_signed_id_token_and_userinfo_with_well_formed_claims(stack, rp):
    callback = rp.log_in()
    assert callback["state"] == rp.params()["state"] and callback["iss"] == rp.discovery()["issuer"]
    answer = rp.token(callback["code"])
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "id_token"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 60
    jwks = rp.jwks()
    header, claims = verify_es256(body["id_token"], jwks)
    assert header["kid"] in {k["kid"] for k in jwks["keys"]}
    assert claims["iss"] == rp.discovery()["issuer"] and claims["aud"] == rp.client.client_id
    assert claims["nonce"] == rp.params()["nonce"] and claims["acr"] == "eidas1" and "amr" not in claims
    assert claims["at_hash"] == create_half_hash(body["access_token"], "ES256").decode()
    assert claims["exp"] - claims["iat"] == 60 and claims["auth_time"] <= claims["iat"] and claims["sid"]
    assert abs(claims["iat"] - stack.clock.now().timestamp()) < 5  # the virtual clock
    assert SUB.match(claims["sub"])

    info = rp.userinfo(body["access_token"])
    assert info.status_code == 200 and info.headers["Content-Type"] == "application/jwt"
    _, user = verify_es256(info.text, jwks)
    assert user["sub"] == claims["sub"] and user["iss"] == claims["iss"] and user["aud"] == rp.client.client_id
    assert (user["given_name"], user["family_name"], user["birthdate"], user["gender"], user["birthplace"],
            user["birthcountry"]) == ("Angela Claire Louise", "DUBOIS", "1962-08-24", "female", "75107", "99100")
    assert user["given_name_array"] == ["Angela", "Claire", "Louise"]
    assert "@" in user["email"] and "preferred_username" not in user and "idp_birthdate" not in user


def test_amr_comes_only_when_asked_for_through_claims(rp):
    asked = rp.token(rp.log_in(claims='{"id_token": {"amr": {"essential": true}}}')["code"]).json()
    assert verify_es256(asked["id_token"], rp.jwks())[1]["amr"] == ["fc", "pwd"]
    other = rp.token(rp.log_in(claims='{"id_token": {"acr": {"essential": true}}}')["code"]).json()
    assert "amr" not in verify_es256(other["id_token"], rp.jwks())[1]


EVERYTHING = ("openid profile birth email preferred_username idp_birthdate idp_id")


@pytest.mark.parametrize("login, expected", [
    ("avec_nom_dusage", {"family_name": "MERCIER", "preferred_username": "DUBOIS", "given_name": "Pierre",
                         "gender": "male", "birthdate": "1969-03-17", "birthplace": "95277"}),
    ("nom_composé", {"family_name": "TROIS-DUPRE", "given_name": "Melissandre Juliette",
                     "given_name_array": ["Melissandre", "Juliette"]}),
    ("nom_50+_caractères", {"family_name": "AZERTYUIOPMLKJHGFDSQWXCVBNAZERTYUIOPMLKJHGFDSQWXCVBN"}),
    ("carac_speciaux", {"family_name": "DURANTéàèùòœæŒÆ", "given_name": "JulieéàèùòœæŒÆ", "birthplace": "2B002"}),
    ("plusieurs_prénoms_3", {"given_name_array": ["Jean", "Philippe", "Arnaud"]}),
    ("prénom_composé", {"given_name": "Anne-Laure", "given_name_array": ["Anne-Laure"]}),
    ("prénom_composé_avec_espace", {"given_name_array": ["Jean Philippe", "Pierre", "Louis"]}),
    ("genre_indéfini", {"gender": "unspecified"}),
    ("naissance_Algérie", {"birthplace": "", "birthcountry": "99352"}),
    ("étranger_présumé_né_jour", {"birthdate": "1992-11-01", "idp_birthdate": "1992-11-00"}),
    ("étranger_présumé_né_jour_et_mois", {"birthdate": "1992-01-01", "idp_birthdate": "1992-00-00"}),
])
def test_demo_identities_are_the_official_ones(rp, login, expected):
    user = verify_es256(rp.userinfo(rp.token(rp.log_in(login, scope=EVERYTHING)["code"]).json()["access_token"]).text,
                        rp.jwks())[1]
    assert expected.items() <= user.items()
    date.fromisoformat(user["birthdate"])
    assert user["gender"] in ("male", "female", "unspecified") and user["idp_id"] == "demonstration"
    assert re.fullmatch(r"\d{5}", user["birthcountry"]) and re.fullmatch(r"(\d[\dAB]\d{3})?", user["birthplace"])
    assert (user["birthplace"] == "") == (user["birthcountry"] != "99100")
    assert set(user) == {"iss", "aud", "iat", "exp", "sub", "given_name", "given_name_array", "family_name",
                         "birthdate", "gender", "birthplace", "birthcountry", "email", "idp_birthdate",
                         "idp_id"} | ({"preferred_username"} if rp.fc.identity(login).preferred_username else set())


@pytest.mark.parametrize("login", ["sans_prenom", "sans_nom_naissance", "sans_mail", "sans_genre", "sans_birthplace",
                                   "mois_00"])
def test_identities_franceconnect_refuses_end_on_its_error_page(rp, login):
    location = rp.authorize().headers["Location"]
    uid = re.search(r"/interaction/([^/?]+)", location).group(1)
    form = f"{rp.api}/interaction/{uid}/fournisseur/demonstration"
    token = CSRF.search(rp.browser.get(form, timeout=5).text).group(1)
    answer = rp.browser.post(form, data={"csrf_token": token, "login": login, "password": "123"},
                             allow_redirects=False, timeout=5)
    assert answer.status_code == 400 and "Location" not in answer.headers
    assert error_code(answer) == "Y600006"
    assert CHOOSER.fullmatch(rp.authorize().headers["Location"])  # no session was opened


def test_userinfo_releases_only_what_the_scopes_allow(rp):
    callback = rp.log_in(scope="openid family_name")
    user = verify_es256(rp.userinfo(rp.token(callback["code"]).json()["access_token"]).text, rp.jwks())[1]
    assert "family_name" in user and "given_name" not in user and "birthdate" not in user


def test_sub_is_pairwise_stable_and_per_person(stack, rp):
    first = verify_es256(rp.tokens()["id_token"], rp.jwks())[1]["sub"]
    again = verify_es256(rp.tokens()["id_token"], rp.jwks())[1]["sub"]
    other_person = verify_es256(rp.tokens("avec_nom_dusage")["id_token"], rp.jwks())[1]["sub"]
    other_client = RelyingParty(stack, "Autre service")
    elsewhere = verify_es256(other_client.tokens()["id_token"], rp.jwks())[1]["sub"]
    assert first == again and len({first, other_person, elsewhere}) == 3
    assert all(SUB.match(s) for s in (first, other_person, elsewhere))


# -- lifetimes, on the virtual clock ---------------------------------------------------------
def test_code_lives_30_seconds_and_serves_once(stack, rp):
    code = rp.log_in()["code"]
    stack.clock.advance(timedelta(seconds=29))
    first = rp.token(code)
    assert first.status_code == 200
    access = first.json()["access_token"]
    assert rp.userinfo(access).status_code == 200
    again = rp.token(code)  # single use: presented again, what it gave is revoked
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert rp.userinfo(access).status_code == 401
    late = rp.log_in()["code"]
    stack.clock.advance(timedelta(seconds=30))
    answer = rp.token(late)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"
    assert "expired" in answer.json()["error_description"]


def test_access_token_lives_60_seconds(stack, rp):
    access = rp.tokens()["access_token"]
    stack.clock.advance(timedelta(seconds=59))
    assert rp.userinfo(access).status_code == 200
    stack.clock.advance(timedelta(seconds=1))
    answer = rp.userinfo(access)
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_token"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer ")
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]
    missing = requests.get(rp.api + "/api/v2/userinfo", timeout=5)
    assert missing.status_code == 401 and missing.json()["error_description"] == "no access token provided"


def test_userinfo_answers_get_and_post_with_the_token_in_the_header_the_body_or_the_query(rp):
    access = rp.tokens()["access_token"]
    url, header = rp.api + "/api/v2/userinfo", {"Authorization": f"Bearer {access}"}
    answers = [requests.get(url, headers=header, timeout=5), requests.post(url, headers=header, timeout=5),
               requests.post(url, data={"access_token": access}, timeout=5),
               requests.get(url, params={"access_token": access}, timeout=5)]
    for answer in answers:
        assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/jwt", answer.text
        assert verify_es256(answer.text, rp.jwks())[1]["family_name"] == "DUBOIS"
    twice = requests.post(url, headers=header, data={"access_token": access}, timeout=5)
    assert twice.status_code == 400 and twice.json()["error"] == "invalid_request"


def test_session_gives_single_sign_on_for_1800_seconds(stack, rp):
    rp.log_in()
    stack.clock.advance(timedelta(seconds=1799))
    assert "code" in rp.single_sign_on()  # after the confirmation page
    assert CHOOSER.fullmatch(rp.authorize(prompt="login").headers["Location"])  # forced login
    stack.clock.advance(timedelta(seconds=1))
    assert CHOOSER.fullmatch(rp.authorize().headers["Location"])


# -- errors --------------------------------------------------------------------------------
def error_code(answer: requests.Response) -> str | None:
    """The code FranceConnect's error page shows (« Erreur Y030007 »), or None."""
    assert "Une erreur s’est produite" in answer.text and "Location" not in answer.headers
    found = re.search(r'data-testid="error-code">Erreur (\w+)<', answer.text)
    return found.group(1) if found else None


@pytest.mark.parametrize("changes, code", [
    *[({name: None}, "Y030007") for name in ("client_id", "redirect_uri", "state", "nonce", "acr_values", "scope",
                                              "response_type")],
    ({"client_id": ""}, "Y030007"),
    ({"redirect_uri": "example.com"}, "Y030007"),
    ({"nonce": ""}, "Y030007"),
    ({"nonce": "nonce_trop_court"}, "Y030007"),
    ({"nonce": "n" * 21}, "Y030007"),
    *[({"prompt": prompt}, "Y030007") for prompt in ("", "none", "select_account", "login none")],
    ({"client_id": "inconnu"}, "Y04EA6EF"),
    ({"client_id": "inconnu", "nonce": None}, "Y030007"),  # the form first
    ({"redirect_uri": CALLBACK + "/ailleurs"}, "Y04C013C"),
    ({"redirect_uri": "https://pirate.test/callback"}, "Y04C013C"),
])
def test_bad_requests_get_franceconnect_error_page_with_its_code_and_no_redirect(rp, changes, code):
    for method in ("get", "post"):
        params = rp.params(**changes)
        answer = (rp.browser.get(rp.api + "/api/v2/authorize", params=params, allow_redirects=False, timeout=5)
                  if method == "get" else
                  rp.browser.post(rp.api + "/api/v2/authorize", data=params, allow_redirects=False, timeout=5))
        assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("text/html")
        assert error_code(answer) == code
        assert CALLBACK not in answer.text  # no link back to the service
    message = html.unescape(answer.text)
    assert ("fermez l’onglet de votre navigateur et reconnectez-vous" in message if code == "Y030007" else
            "Une erreur de communication avec le fournisseur de service est survenue." in message)


@pytest.mark.parametrize("changes, error, description", [
    ({"response_type": ""}, "invalid_request", "missing required parameter 'response_type'"),
    ({"response_type": "inconnu"}, "unsupported_response_type", "unsupported response_type requested"),
    ({"scope": "profile"}, "invalid_request", "openid scope must be requested when using the acr_values parameter"),
    ({"scope": ""}, "invalid_request", "openid scope must be requested when using the acr_values parameter"),
    ({"acr_values": "eidas2"}, "invalid_acr",
     "acr_value is not valid, should be equal one of these values, expected eidas1, got eidas2"),
    ({"acr_values": "inconnu eidas3"}, "invalid_acr",
     "acr_value is not valid, should be equal one of these values, expected eidas1, got eidas3"),
    ({"idp_hint": "inconnu"}, "invalid_idp_hint", "An idp_hint was provided but is not allowed"),
    ({"claims": "pas du json"}, "invalid_request", "could not parse the claims parameter JSON"),
])
def test_refused_requests_come_back_to_the_callback_with_error_state_and_iss(rp, changes, error, description):
    answer = rp.authorize(**changes)
    assert answer.status_code == 303 and answer.headers["Location"].startswith(CALLBACK + "?")
    back = _query(answer.headers["Location"])
    assert back == {"error": error, "error_description": description, "state": rp.params()["state"],
                    "iss": rp.discovery()["issuer"]}


def test_token_response_types_come_back_in_the_fragment(rp):
    answer = rp.authorize(response_type="code id_token")
    location = urlsplit(answer.headers["Location"])
    assert answer.status_code == 303 and not location.query
    assert parse_qs(location.fragment)["error"] == ["unsupported_response_type"]


@pytest.mark.parametrize("acr_values", ["eidas1", "niveau_inconnu", "eidas1 eidas2 eidas3"])
def test_acr_values_that_allow_eidas1_are_accepted(rp, acr_values):
    claims = verify_es256(rp.token(rp.log_in(acr_values=acr_values)["code"]).json()["id_token"], rp.jwks())[1]
    assert claims["acr"] == "eidas1"


@pytest.mark.parametrize("prompt", ["login", "consent", "login consent", "consent login"])
def test_login_and_consent_prompts_are_accepted(rp, prompt):
    assert CHOOSER.fullmatch(rp.authorize(prompt=prompt).headers["Location"])


def test_unknown_scopes_are_ignored_and_scopes_the_client_may_not_use_refused(stack, rp):
    user = verify_es256(rp.userinfo(rp.token(rp.log_in(scope="openid family_name carte_vitale")["code"])
                                    .json()["access_token"]).text, rp.jwks())[1]
    assert user["family_name"] == "DUBOIS" and "given_name" not in user
    narrow = RelyingParty(stack, client=stack.franceconnect.register_client(
        "Service restreint", [CALLBACK], [LOGOUT], scopes=["openid", "family_name"]))
    assert "code" in narrow.log_in(scope="openid family_name")
    back = _query(narrow.authorize(scope="openid family_name email").headers["Location"])
    assert (back["error"], back["error_description"]) == ("invalid_scope", "requested scope is not allowed")


def test_amr_asked_by_a_client_that_may_not_gets_the_error_page(stack):
    rp = RelyingParty(stack, client=stack.franceconnect.register_client("Sans amr", [CALLBACK], [LOGOUT], claims=[]))
    answer = rp.authorize(claims='{"id_token": {"amr": {"essential": true}}}')
    assert answer.status_code == 400 and error_code(answer) == "Y100009"


def test_post_and_idp_hint_and_claims_are_accepted(rp):
    answer = rp.browser.post(rp.api + "/api/v2/authorize", allow_redirects=False, timeout=5,
                             data=rp.params(idp_hint="ameli", claims='{"id_token": {"amr": {"essential": true}}}'))
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/fournisseur/ameli")


def test_idp_hint_is_ignored_in_single_sign_on(rp):
    rp.log_in()
    for hint in ("ameli", "inconnu"):
        assert "code" in rp.single_sign_on(idp_hint=hint)


@pytest.mark.parametrize("login, error", [("erreur-500", "server_error"), ("erreur-503", "temporarily_unavailable")])
def test_provider_faults_come_back_as_oidc_errors(rp, login, error):
    back = rp.log_in(login)
    assert back["error"] == error and back["state"] == rp.params()["state"] and "code" not in back
    assert back["iss"] == rp.discovery()["issuer"]


def chooser(rp, **changes) -> tuple[str, str]:
    """A fresh login's chooser: its uid and its CSRF token."""
    rp.browser.cookies.clear()
    location = rp.authorize(**changes).headers["Location"]
    uid = re.search(r"/interaction/([^/?]+)", location).group(1)
    return uid, CSRF.search(rp.browser.get(rp.url(location), timeout=5).text).group(1)


def back_to_service(rp, token: str, error: str) -> requests.Response:
    return rp.browser.post(f"{rp.api}/api/v2/redirect-to-sp-with-error", data={"csrf_token": token, "error": error},
                           allow_redirects=False, timeout=5)


def test_back_to_the_service_from_the_chooser_is_access_denied(rp):
    uid, token = chooser(rp)
    back = _query(back_to_service(rp, token, "access_denied").headers["Location"])
    assert back == {"error": "access_denied", "error_description": "User auth aborted",
                    "state": rp.params()["state"], "iss": rp.discovery()["issuer"]}
    assert "Session expirée" in rp.browser.get(f"{rp.api}/interaction/{uid}", timeout=5).text  # that login is over


def test_back_to_the_service_goes_only_to_this_browsers_own_login(rp):
    _, token = chooser(rp)
    other = requests.Session()
    answer = other.post(f"{rp.api}/api/v2/redirect-to-sp-with-error", data={"error": "access_denied"},
                        allow_redirects=False, timeout=5)
    assert answer.status_code == 400 and "Location" not in answer.headers  # no CSRF token, no way back
    answer = back_to_service(rp, token, "autre")
    assert error_code(answer) == "Y030030" and "Location" not in answer.headers


def test_the_providers_back_button_returns_to_the_chooser_with_a_message(rp):
    uid, token = chooser(rp)
    answer = rp.browser.post(f"{rp.api}/interaction/{uid}/fournisseur/ameli/retour", data={"csrf_token": token},
                             allow_redirects=False, timeout=5)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/interaction/{uid}")
    page = html.unescape(rp.browser.get(f"{rp.api}/interaction/{uid}", timeout=5).text)
    assert "La connexion à <b>ameli.fr</b> n’a pas été possible. Veuillez réessayer" in page
    assert "n’a pas été possible" not in rp.browser.get(f"{rp.api}/interaction/{uid}", timeout=5).text  # once


def test_franceconnects_error_page_during_a_login_leads_back_with_server_error(rp):
    uid, token = chooser(rp)
    form = f"{rp.api}/interaction/{uid}/fournisseur/demonstration"
    page = rp.browser.post(form, data={"csrf_token": token, "login": "sans_mail", "password": "123"}, timeout=5)
    assert error_code(page) == "Y600006" and "Revenir sur Service d&#39;essai" in page.text
    back = _query(back_to_service(rp, CSRF.search(page.text).group(1), "server_error").headers["Location"])
    assert back["error"] == "server_error" and back["state"] == rp.params()["state"]
    assert back["error_description"] == "authentication aborted due to a technical error on the authorization server"


@pytest.mark.parametrize("sent, code", [(None, "Y470002"), ("", "Y470002"), ("un mauvais csrf", "Y470001")])
def test_the_confirmation_checks_its_csrf_token(rp, sent, code):
    uid, token = chooser(rp)
    form = f"{rp.api}/interaction/{uid}/fournisseur/demonstration"
    answer = rp.browser.post(form, data={"csrf_token": token, "login": "test", "password": "123"},
                             allow_redirects=False, timeout=5)
    assert answer.headers["Location"] == f"/interaction/{uid}/confirmation"
    page = rp.browser.get(rp.api + answer.headers["Location"], timeout=5)
    assert "Continuer sur Service d&#39;essai" in page.text and "Nom de naissance" in page.text
    refused = rp.browser.post(rp.api + "/api/v2/login", data={} if sent is None else {"csrf_token": sent},
                              allow_redirects=False, timeout=5)
    assert refused.status_code == 403 and error_code(refused) == code and "Location" not in refused.headers
    assert "Votre session a expiré ou est invalide" in html.unescape(refused.text)
    assert "Revenir sur Service d&#39;essai" in refused.text


def test_the_confirmation_belongs_to_the_browser_that_logged_in(rp):
    rp.log_in()
    location = rp.authorize().headers["Location"]
    other = requests.Session()
    assert "Session expirée" in other.get(rp.url(location), timeout=5).text
    assert "code" in _query(confirm(rp.browser, rp.api, location).headers["Location"])


def test_wrong_password_stays_at_the_provider(rp):
    location = rp.authorize().headers["Location"]
    uid = re.search(r"/interaction/([^/?]+)", location).group(1)
    form = f"{rp.api}/interaction/{uid}/fournisseur/impots-gouv"
    token = CSRF.search(rp.browser.get(form, timeout=5).text).group(1)
    answer = rp.browser.post(form, data={"csrf_token": token, "login": "test", "password": "456"}, timeout=5)
    assert answer.status_code == 401 and "Identifiant ou mot de passe incorrect." in answer.text


@pytest.mark.parametrize("changes, status, error", [
    ({"client_secret": "faux"}, 401, "invalid_client"),
    ({"client_secret": None}, 401, "invalid_client"),
    ({"redirect_uri": CALLBACK + "?autre=1"}, 400, "invalid_grant"),
    ({"grant_type": "refresh_token"}, 400, "unsupported_grant_type"),
    ({"code": "inconnu"}, 400, "invalid_grant"),
])
def test_token_endpoint_errors(rp, changes, status, error):
    answer = rp.token(rp.log_in()["code"], **changes)
    assert answer.status_code == status and answer.json()["error"] == error


def test_userinfo_faults_and_missing_sub(rp):
    assert rp.userinfo(rp.tokens("erreur-401")["access_token"]).status_code == 401
    assert rp.userinfo(rp.tokens("erreur-502")["access_token"]).status_code == 502
    garbled = rp.userinfo(rp.tokens("reponse-non-json")["access_token"])
    assert garbled.status_code == 200 and garbled.text == "Spanish inquisition"
    body = rp.tokens("sans-sub")
    assert "sub" not in verify_es256(body["id_token"], rp.jwks())[1]
    assert "sub" not in verify_es256(rp.userinfo(body["access_token"]).text, rp.jwks())[1]


def test_slow_login_holds_the_token_endpoint_back(stack, rp):
    code = rp.log_in("lent")["code"]
    with pytest.raises(requests.Timeout):
        requests.post(rp.api + "/api/v2/token", timeout=0.3, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
            "client_id": rp.client.client_id, "client_secret": rp.client.client_secret})


# -- logout -----------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["get", "post"])
def test_session_end_needs_only_a_valid_id_token_hint_and_a_registered_uri(rp, method):
    id_token = rp.token(rp.log_in()["code"]).json()["id_token"]
    for params, code in [({"state": "fin-1", "post_logout_redirect_uri": LOGOUT}, None),
                         ({"id_token_hint": id_token[:-4] + "AAAA"}, "Y045AFAE"),
                         ({"id_token_hint": id_token, "post_logout_redirect_uri": "https://pirate.test/"}, "Y04CFAEF"),
                         ({"id_token_hint": id_token, "client_id": "autre"}, "Y0467882")]:
        answer = rp.end_session(method, **params)
        assert answer.status_code == 400 and error_code(answer) == code
    assert "code" in rp.single_sign_on()  # nothing ended yet
    answer = rp.end_session(method, id_token_hint=id_token, state="fin-1", post_logout_redirect_uri=LOGOUT)
    assert answer.status_code == 303 and answer.headers["Location"] == LOGOUT + "?state=fin-1"
    assert CHOOSER.fullmatch(rp.authorize().headers["Location"])  # the session is over


@pytest.mark.parametrize("method", ["get", "post"])
def test_session_end_without_state_or_without_post_logout_redirect_uri(rp, method):
    id_token = rp.token(rp.log_in()["code"]).json()["id_token"]
    answer = rp.end_session(method, id_token_hint=id_token, post_logout_redirect_uri=LOGOUT)
    assert answer.status_code == 303 and answer.headers["Location"] == LOGOUT
    rp.log_in()
    answer = rp.end_session(method, id_token_hint=id_token, state="fin-2")
    assert answer.status_code == 303 and answer.headers["Location"] == rp.fc.issuer + "/session/end/success"
    page = rp.browser.get(rp.url(answer.headers["Location"]), timeout=5)
    assert "Vous êtes bien déconnecté, vous pouvez fermer votre navigateur." in page.text
    assert CHOOSER.fullmatch(rp.authorize().headers["Location"])


# -- tampering (for the conformance scenarios) ----------------------------------------------
def test_tampering_changes_one_login_only(stack, rp):
    identity = stack.franceconnect.add_identity("Lina Marie", "TAMPER", "1984-04-04", "female")
    stack.franceconnect.tamper(identity.login, "state")
    assert rp.log_in(identity.login, identity.password)["state"] != rp.params()["state"]
    assert rp.log_in(identity.login, identity.password)["state"] == rp.params()["state"]

    stack.franceconnect.tamper(identity.login, "nonce")
    claims = verify_es256(rp.tokens(identity.login, identity.password)["id_token"], rp.jwks())[1]
    assert claims["nonce"] != rp.params()["nonce"]

    stack.franceconnect.tamper(identity.login, "cle")
    body = rp.tokens(identity.login, identity.password)
    with pytest.raises(InvalidSignature):
        verify_es256(body["id_token"], rp.jwks())
    with pytest.raises(InvalidSignature):
        verify_es256(rp.userinfo(body["access_token"]).text, rp.jwks())


def test_wrong_key_fault_signs_outside_the_jwks():
    fc = FranceConnect("http://franceconnect.localhost:1", Clock(), Faults({"franceconnect-mauvaise-cle"}))
    client = fc.register_client("Essai", [CALLBACK], [LOGOUT])
    auth = fc.parse_authorization({"response_type": "code", "client_id": client.client_id, "redirect_uri": CALLBACK,
                                   "scope": "openid", "state": "s", "nonce": "n" * 22, "acr_values": "eidas1"})
    code = _query(fc.finish(auth, fc.open_session(fc.identity("test"), "demonstration")))["code"]
    body = fc.exchange({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
                        "client_id": client.client_id, "client_secret": client.client_secret})
    with pytest.raises(InvalidSignature):
        verify_es256(body["id_token"], fc.jwks())


def test_identities_are_created_at_run_time_with_unique_logins(stack):
    fc = stack.franceconnect
    a = fc.add_identity("Zoé", "MARTIN", "1990-02-03", "female")
    b = fc.add_identity("Zoé", "MARTIN", "1990-02-03", "female")
    assert a.login != b.login and fc.identity(a.login) == a
    with pytest.raises(ValueError):
        fc.add_identity("Zoé", "MARTIN", "1990-02-30", "female")
    with pytest.raises(ValueError):
        fc.add_identity("Zoé", "MARTIN", "1990-02-03", "F")
    assert fc.add_identity("Camille", "MARTIN", "1990-02-03", "unspecified").gender == "unspecified"
    with pytest.raises(ValueError):
        fc.add_identity("Zoé", "MARTIN", "1990-02-03", "female", login=a.login)


# -- ÉduConnect's client ---------------------------------------------------------------------
def educonnect_login(stack, login="test", password="123", nonce="n" * 43) -> str:
    """A code for ÉduConnect's own client (its callback is never fetched here)."""
    config = stack.educonnect.franceconnect.config
    rp = RelyingParty(stack, client=stack.franceconnect.client(config.client_id), callback=config.redirect_uri)
    return rp.log_in(login, password, nonce=nonce)["code"]


def test_educonnect_client_gets_a_checked_identity(stack):
    client = stack.educonnect.franceconnect
    identity = client.identity(educonnect_login(stack), "n" * 43)
    assert SUB.match(identity.sub)
    assert (identity.given_name, identity.family_name, identity.birthdate) == ("Angela Claire Louise", "DUBOIS",
                                                                               "1962-08-24")
    assert identity.id_token.count(".") == 2


@pytest.mark.parametrize("login, tamper, reason", [
    ("test", "nonce", "invalid"), ("test", "cle", "invalid"), ("sans-sub", None, "invalid"),
    ("erreur-401", None, "provider-error"), ("erreur-502", None, "unavailable"),
])
def test_educonnect_client_refuses_what_it_cannot_trust(stack, login, tamper, reason):
    if tamper:
        identity = stack.franceconnect.add_identity("Inès", "TAMPER", "1981-01-01", "female")
        login, password = identity.login, identity.password
        stack.franceconnect.tamper(login, tamper)
    else:
        password = "123"
    with pytest.raises(FcError) as err:
        stack.educonnect.franceconnect.identity(educonnect_login(stack, login, password), "n" * 43)
    assert err.value.reason == reason


def test_educonnect_client_refuses_an_expired_id_token_a_wrong_audience_or_issuer(stack):
    client: FranceConnectClient = stack.educonnect.franceconnect
    code = educonnect_login(stack)
    api = stack.services["franceconnect"].loopback_url + "/api/v2"
    body = requests.post(api + "/token", timeout=5, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": client.config.redirect_uri,
        "client_id": client.config.client_id, "client_secret": client.config.client_secret}).json()
    keys = client._keys()
    client.verify(body["id_token"], keys, "n" * 43)
    with pytest.raises(FcError):
        client.verify(body["id_token"], keys, "autre-nonce")
    for changes in ({"client_id": "autre-client"}, {"issuer": "http://faux.localhost/api/v2"}):
        with pytest.raises(FcError):
            FranceConnectClient(replace(client.config, **changes), stack.clock).verify(body["id_token"], keys, "n" * 43)
    stack.clock.advance(timedelta(seconds=60))
    with pytest.raises(FcError):
        client.verify(body["id_token"], keys, "n" * 43)


def test_nonce_fault_makes_educonnect_accept_another_nonce(stack):
    client = stack.educonnect.franceconnect
    broken = FranceConnectClient(client.config, stack.clock, Faults({"franceconnect-nonce-ignore"}))
    assert broken.identity(educonnect_login(stack), "pas-le-bon").family_name == "DUBOIS"


def test_educonnect_client_gives_up_on_a_slow_franceconnect(stack):
    client = stack.educonnect.franceconnect
    impatient = FranceConnectClient(replace(client.config, timeout=0.3), stack.clock)
    with pytest.raises(FcError) as err:
        impatient.identity(educonnect_login(stack, "lent"), "n" * 43)
    assert err.value.reason == "unavailable"


# what each official identity gives ÉduConnect, and the school record its linking rule finds
@pytest.mark.parametrize("login, school_first, school_last, not_them", [
    ("avec_nom_dusage", "Pierre", "Dubois", ("Paul", "Dubois")),  # the usage name
    ("avec_nom_dusage", "Pierre", "Mercier", ("Pierre", "Martin")),  # the birth name
    ("nom_composé", "Melissandre", "Trois-Dupré", ("Juliette", "Trois-Dupré")),
    ("nom_50+_caractères", "Bertrand", "AZERTYUIOPMLKJHGFDSQWXCVBNAZERTYUIOPMLKJHGFDSQWXCVBN", ("Bertrand", "AZERTY")),
    ("carac_speciaux", "JulieéàèùòœæŒÆ", "DURANTéàèùòœæŒÆ", ("Julie", "Durant")),
    ("caractères_spéciaux", "Joelle", "Dubinore", ("Françoise", "Dubinôre")),
    ("plusieurs_prénoms_3", "Jean-Philippe", "Dubignot", ("Philippe", "Dubignot")),
    ("prénom_composé", "Anne-Laure", "Huche", ("Anne", "Huche")),
    ("prénom_composé_avec_espace", "Jean Philippe", "Dubois", ("Jean", "Dubois")),  # given_name_array
    ("genre_indéfini", "Camille", "Laforge", ("Camille", "Laforgue")),
    ("naissance_Algérie", "Vincent", "Martin", ("Guillaume", "Martin")),
    ("étranger_présumé_né_jour", "Jean", "Fleuret", ("Jean", "Fleur")),
    ("étranger_présumé_né_jour_et_mois", "Jean", "Targe", ("Jeanne", "Targe")),
])
def test_educonnect_links_each_official_identity_by_its_names(stack, login, school_first, school_last, not_them):
    identity = stack.educonnect.franceconnect.identity(educonnect_login(stack, login), "n" * 43)
    assert SUB.match(identity.sub) and date.fromisoformat(identity.birthdate)  # presumed dates come completed
    assert names_match(school_first, school_last, identity)
    assert not names_match(*not_them, identity)


def educonnect_callback(stack, login: str) -> tuple[requests.Response, requests.Session]:
    """ÉduConnect's « S'identifier avec FranceConnect » below the browser: its callback's answer."""
    ec = stack.services["educonnect"].loopback_url
    browser = requests.Session()
    sent = _query(browser.get(ec + "/franceconnect/connexion", allow_redirects=False, timeout=5).headers["Location"])
    config = stack.educonnect.franceconnect.config
    rp = RelyingParty(stack, client=stack.franceconnect.client(config.client_id), callback=config.redirect_uri)
    back = rp.log_in(login, "123", scope=sent["scope"], state=sent["state"], nonce=sent["nonce"])
    return browser.get(ec + "/franceconnect/retour", params=back, allow_redirects=False, timeout=5), browser


def test_userinfo_that_is_not_json_gives_educonnect_failure_message(stack):
    with pytest.raises(FcError) as err:
        stack.educonnect.franceconnect.identity(educonnect_login(stack, "reponse-non-json"), "n" * 43)
    assert err.value.reason == "invalid"
    answer, browser = educonnect_callback(stack, "reponse-non-json")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/franceconnect/echec/erreur")
    page = browser.get(stack.services["educonnect"].loopback_url + "/franceconnect/echec/erreur", timeout=5)
    assert page.status_code == 200
    assert ("La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte "
            "ÉduConnect.") in html.unescape(page.text)


def test_educonnect_callback_takes_a_parent_the_school_knows_to_the_confirmation(stack):
    family = stack.world.create_family(children=1, activated=False)
    fc = stack.franceconnect
    fc.add_identity(f"{family.guardian.first_name} Pierre", family.guardian.last_name.upper(), "1980-01-01", "male",
                    login="double", password="123")
    answer, browser = educonnect_callback(stack, "double")
    assert answer.headers["Location"].endswith("/franceconnect/confirmation")
    page = browser.get(stack.services["educonnect"].loopback_url + "/franceconnect/confirmation", timeout=5)
    assert "Je confirme mon identité" in html.unescape(page.text)


def test_authorization_url_asks_for_what_franceconnect_requires(stack):
    url = stack.educonnect.franceconnect.authorization_url("st", "no")
    query = _query(url)
    assert url.startswith(stack.services["franceconnect"].url + "/api/v2/authorize?")
    assert query["acr_values"] == "eidas1" and query["response_type"] == "code" and "openid" in query["scope"].split()
    assert (query["state"], query["nonce"]) == ("st", "no")


# -- the linking rule ---------------------------------------------------------------------------
def fc_identity(given: str, family: str, usage: str = "", sub: str = "s" * 64 + "v1") -> FcIdentity:
    return FcIdentity(sub, given, family, usage, "1980-01-01", "x.y.z")


@pytest.mark.parametrize("school_first, school_last, identity, expected", [
    ("Angela", "Dubois", fc_identity("Angela Claire Louise", "DUBOIS"), True),
    ("angela", "DUBOIS", fc_identity("Angela Claire Louise", "DUBOIS"), True),
    ("Claire", "Dubois", fc_identity("Angela Claire Louise", "DUBOIS"), False),  # not the first given name
    ("Angela", "Durand", fc_identity("Angela Claire Louise", "DUBOIS"), False),
    ("Pierre", "Mercier", fc_identity("Pierre Paul", "DUBOIS", "MERCIER"), True),  # usage name
    ("Pierre", "Dubois", fc_identity("Pierre Paul", "DUBOIS", "MERCIER"), True),  # birth name
    ("Jean-Baptiste", "Trois-Dupré", fc_identity("Jean-Baptiste", "TROIS-DUPRE"), True),  # compound, accents
    ("Marie-Claire", "Léger", fc_identity("Marie Claire Anne", "LEGER"), True),
    ("Marie", "Léger", fc_identity("Marie-Claire", "LEGER"), False),
])
def test_names_match_on_surname_or_usage_name_and_first_given_name(school_first, school_last, identity, expected):
    assert names_match(school_first, school_last, identity) is expected


@pytest.fixture
def linking(tmp_path):
    clock, db = Clock(), Database(tmp_path / "ec.sqlite", Base)
    sent = []
    activation = Activation(db, clock, Faults(), lambda channel, contact, code: sent.append(code))
    return World(db, clock, provision_ent=None), db, FranceConnectLinking(db, clock, Faults(), activation), sent


def test_first_login_links_after_contact_and_code_and_creates_a_passwordless_account(linking):
    world, db, link, sent = linking
    family = world.create_family(children=2, activated=False)
    g = family.guardian
    identity = fc_identity(f"{g.first_name} Anne", g.last_name.upper())
    candidates = link.candidates(identity)
    assert candidates == [g.id]
    with pytest.raises(Exception, match="contact-unknown"):
        link.match_contact(candidates, "sms", "06 00 00 00 01")
    guardian_id, contact = link.match_contact(candidates, "sms", g.mobile.replace("+33", "0"))
    code_id = link.send_code(guardian_id, "sms", contact)
    link.verify_code(code_id, sent[-1])
    confirmed, wrong = link.check_birth_dates(guardian_id, {p.id: p.birth_date for p in family.pupils})
    assert not wrong
    account_id = link.link(identity.sub, guardian_id, "sms", contact, confirmed)
    assert link.linked_account(identity.sub) == account_id
    with db.session() as s:
        account = s.get(Account, account_id)
        assert [p.id for p in account.pupils] == [p.id for p in family.pupils] and account.mobile == g.mobile
        assert not verify_password(account.password_hash, "")


def test_link_joins_an_existing_account_and_unknown_names_find_nobody(linking):
    world, db, link, _ = linking
    family = world.create_family()
    g = family.guardian
    account_id = link.link("a" * 64 + "v1", g.id, "sms", g.mobile, [])
    with db.session() as s:
        account = s.get(Account, account_id)
        assert account.login == family.account.login  # the same account, password unchanged
        assert verify_password(account.password_hash, family.account.password)
    assert link.candidates(fc_identity("Personne", "INCONNUE")) == []


# -- ÉduConnect's pages, below the browser ----------------------------------------------------
def test_educonnect_sends_the_browser_to_franceconnect_and_refuses_a_callback_it_did_not_ask_for(stack):
    ec = stack.services["educonnect"].loopback_url
    browser = requests.Session()
    start = browser.get(ec + "/franceconnect/connexion", allow_redirects=False, timeout=5)
    assert start.status_code == 302 and start.headers["Location"].startswith(stack.franceconnect.issuer + "/authorize?")
    sent = _query(start.headers["Location"])
    assert len(sent["state"]) >= 32 and len(sent["nonce"]) >= 32 and sent["state"] != sent["nonce"]
    forged = browser.get(ec + "/franceconnect/retour", params={"code": "x", "state": "pas-le-sien"},
                         allow_redirects=False, timeout=5)
    assert forged.headers["Location"].endswith("/franceconnect/echec/erreur")
    stranger = requests.get(ec + "/franceconnect/retour", params={"code": "x", "state": sent["state"]},
                            allow_redirects=False, timeout=5)  # another browser, with the right state
    assert stranger.headers["Location"].endswith("/franceconnect/echec/erreur")


def test_educonnect_confirmation_pages_need_a_franceconnect_login_first(stack):
    ec = stack.services["educonnect"].loopback_url
    for path in ("/franceconnect/confirmation", "/franceconnect/code", "/franceconnect/enfants"):
        answer = requests.get(ec + path, allow_redirects=False, timeout=5)
        assert answer.headers["Location"].endswith("/franceconnect/echec/erreur")
    assert requests.get(ec + "/franceconnect/echec/autre", timeout=5).status_code == 404
    page = requests.get(ec + "/franceconnect/echec/annulee", timeout=5)
    assert page.status_code == 200 and "Vous avez annulé la connexion avec FranceConnect." in html.unescape(page.text)
