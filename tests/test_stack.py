import socket

import requests

from mock_services.stack import Stack


def test_stack_starts_on_localhost_names_and_stops_cleanly():
    stack = Stack.start()  # how fast: `make bench`
    ports = [s.port for s in stack.services.values()]
    try:
        assert {"ent", "educonnect", "control", "mail", "sms"} <= set(stack.urls)
        for name, url in stack.urls.items():
            assert url.startswith(f"http://{name}.localhost:")
        assert requests.get(stack.services["ent"].loopback_url + "/auth/saml/wayf", timeout=5).status_code == 200
    finally:
        stack.stop()
    for port in ports:  # every port is free again
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
    assert not stack.workdir.exists()


def test_idp_metadata_is_published(stack):
    r = requests.get(stack.services["educonnect"].loopback_url + "/idp/shibboleth", timeout=5)
    assert r.status_code == 200 and "IDPSSODescriptor" in r.text
    assert f'entityID="{stack.educonnect.idp.entity_id}"' in r.text


def test_control_api_creates_a_family_and_moves_the_clock(stack):
    api = stack.services["control"].loopback_url
    r = requests.post(api + "/api/familles", json={"children": 2}, timeout=5)
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["pupils"]) == 2 and body["account"]["login"].startswith(body["guardian"]["first_name"][0].lower())
    before = stack.clock.offset
    r = requests.post(api + "/api/horloge/avancer", json={"minutes": 31}, timeout=5)
    assert r.status_code == 200 and (stack.clock.offset - before).total_seconds() == 31 * 60


def test_control_api_explains_bad_input_in_french(stack):
    api = stack.services["control"].loopback_url
    r = requests.post(api + "/api/eleves", json={"school_uai": "0000000A"}, timeout=5)
    assert r.status_code == 400 and "école 0000000A inconnue" in r.json()["erreur"]
    r = requests.post(api + "/api/familles", json={"enfants": 2}, timeout=5)
    assert r.status_code == 400 and "enfants : champ inconnu" in r.json()["erreur"]
    r = requests.post(api + "/api/horloge/avancer", data="31", timeout=5)
    assert r.status_code == 415 and "JSON" in r.json()["erreur"]
    r = requests.post(api + "/api/horloge/avancer", json={"minutes": -5}, timeout=5)
    assert r.status_code == 400


def test_ent_provisioning_hook_requires_its_token_and_names_bad_fields(stack):
    url = stack.services["ent"].loopback_url + "/api/provisioning/parents"
    payload = {"external_id": "CRETEIL-1", "first_name": "Léa", "last_name": "Martin", "children": []}
    assert requests.post(url, json=payload, timeout=5).status_code == 401
    auth = {"Authorization": f"Bearer {stack.ent.provisioning_token}"}
    r = requests.post(url, json={**payload, "first_name": ""}, headers=auth, timeout=5)
    assert r.status_code == 400 and "first_name" in r.json()["erreur"]
    r = requests.post(url, json=payload, headers=auth, timeout=5)
    assert r.status_code == 201 and stack.ent.directory.find_by_external_id("CRETEIL-1") is not None
