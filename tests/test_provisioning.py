"""The client of an ENT's provisioning hook."""
import json

import pytest
import requests
import responses

from harness.provisioning import ProvisioningHook, ProvisioningHookError

URL = "https://ent.editeur.example/api/provisioning/parents"
PARENT = {"external_id": "CRETEIL-1234567", "civility": "Mme", "first_name": "Léa", "last_name": "Martin",
          "children": [{"first_name": "Tom", "last_name": "Martin", "class_name": "CPa",
                        "school_name": "École Jules Ferry"}]}


@responses.activate
def test_created_sends_token_and_json():
    responses.post(URL, status=201, json={"id": 1, "nom": "Mme Léa Martin"})
    ProvisioningHook(URL, "secret")(PARENT)
    sent = responses.calls[0].request
    assert sent.headers["Authorization"] == "Bearer secret"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.body) == PARENT


@responses.activate
def test_any_2xx_is_a_success():
    responses.post(URL, status=204)
    ProvisioningHook(URL, "secret")(PARENT)


@responses.activate
def test_refused_token():
    responses.post(URL, status=401, json={"erreur": "jeton d'accès manquant ou invalide"})
    with pytest.raises(ProvisioningHookError) as caught:
        ProvisioningHook(URL, "faux")(PARENT)
    assert str(caught.value).startswith(f"le crochet de provisionnement {URL} a répondu 401 : {{\"erreur\"")
    assert "faux" not in str(caught.value)


@responses.activate
def test_bad_request_shows_the_start_of_the_body():
    responses.post(URL, status=400, body="champ « first_name » manquant ou vide" + "x" * 1000)
    with pytest.raises(ProvisioningHookError, match=r"a répondu 400 : champ « first_name » manquant ou videx*…$"):
        ProvisioningHook(URL, "secret")(PARENT)


@responses.activate
def test_redirect_is_not_a_success():
    responses.post(URL, status=302, headers={"Location": "/login"})
    with pytest.raises(ProvisioningHookError, match=r"a répondu 302 : \(réponse vide\)"):
        ProvisioningHook(URL, "secret")(PARENT)


@responses.activate
def test_unreachable():
    responses.post(URL, body=requests.ConnectionError("Connection refused"))
    with pytest.raises(ProvisioningHookError, match=f"le crochet de provisionnement {URL} est injoignable : Connection refused"):
        ProvisioningHook(URL, "secret")(PARENT)


@responses.activate
def test_timeout():
    responses.post(URL, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(ProvisioningHookError, match="n'a pas répondu en 2 s"):
        ProvisioningHook(URL, "secret", timeout=2)(PARENT)


@responses.activate
def test_localhost_names_go_to_loopback_with_their_host_header():
    responses.post("http://127.0.0.1:8440/api/provisioning/parents", status=201)
    ProvisioningHook("http://ent.localhost:8440/api/provisioning/parents", "secret")(PARENT)
    assert responses.calls[0].request.headers["Host"] == "ent.localhost:8440"
