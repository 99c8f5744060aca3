"""Registering a FranceConnect client over HTTP (POST /api/v2/_clients), then using it."""
from __future__ import annotations

import html

import pytest
import requests

from tests.test_franceconnect import CALLBACK, LOGOUT, RelyingParty


def register(stack, body, **kwargs) -> requests.Response:
    url = stack.services["franceconnect"].loopback_url + "/api/v2/_clients"
    return requests.post(url, json=body, timeout=5, **kwargs)


def test_a_client_registered_over_http_logs_people_in_within_its_scopes(stack):
    answer = register(stack, {"name": "Mairie d'essai", "redirect_uris": [CALLBACK],
                              "post_logout_redirect_uris": [LOGOUT], "scopes": ["openid", "family_name"]})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert len(body["client_id"]) == 64 and len(body["client_secret"]) == 64
    assert body["scopes"] == ["family_name", "openid"] and body["claims"] == ["amr"]
    assert body["discovery"] == stack.franceconnect.issuer + "/.well-known/openid-configuration"
    rp = RelyingParty(stack, client=stack.franceconnect.client(body["client_id"]))
    chooser = rp.browser.get(rp.url(rp.authorize(scope="openid family_name").headers["Location"]), timeout=5)
    assert "Je choisis un compte pour me connecter sur Mairie d'essai" in html.unescape(chooser.text)
    assert rp.token(rp.log_in(scope="openid family_name")["code"]).status_code == 200
    assert rp.log_in(scope="openid email")["error"] == "invalid_scope"


def test_a_client_id_and_secret_may_be_chosen_once(stack):
    body = {"name": "Choisi", "redirect_uris": [CALLBACK], "client_id": "mon-service", "client_secret": "s" * 32}
    assert register(stack, body).json()["client_id"] == "mon-service"
    again = register(stack, body)
    assert again.status_code == 409 and "existe déjà" in again.json()["erreur"]


@pytest.mark.parametrize("body", [
    {"redirect_uris": [CALLBACK]},
    {"name": "X", "redirect_uris": []},
    {"name": "X", "redirect_uris": ["pas une url"]},
    {"name": "X", "redirect_uris": [CALLBACK], "post_logout_redirect_uris": ["javascript:alert(1)"]},
    {"name": "X", "redirect_uris": [CALLBACK], "scopes": ["openid", "carte_vitale"]},
    {"name": "X", "redirect_uris": [CALLBACK], "client_secret": "court"},
    {"name": "X", "redirect_uris": [CALLBACK], "inconnu": 1},
    ["pas", "un", "objet"],
])
def test_a_bad_registration_is_refused_and_registers_nothing(stack, body):
    before = len(stack.franceconnect._clients)
    answer = register(stack, body)
    assert answer.status_code == 400 and answer.json()["erreur"]
    assert len(stack.franceconnect._clients) == before


def test_registration_takes_json_only_and_from_loopback_names_only(stack):
    url = stack.services["franceconnect"].loopback_url + "/api/v2/_clients"
    form = requests.post(url, data={"name": "X", "redirect_uris": CALLBACK}, timeout=5)
    assert form.status_code == 415  # what a web page's form could send
    rebound = register(stack, {"name": "X", "redirect_uris": [CALLBACK]}, headers={"Host": "attaquant.example"})
    assert rebound.status_code == 403  # DNS rebinding: loopback address, a stranger's name
