"""What target mode and the conformance features ask of the reference services:
IdP-initiated logins, per-account alterations, the SAML journal, the ENT alone."""
from __future__ import annotations

import socket

import pytest
import requests

from mock_services.educonnect.login.conformance import ResponseAlterations, SamlJournal, SamlSession, SingleLogout
from mock_services.ent.app import _local_path
from mock_services.web.localhost import read_document, via_loopback


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("target,local", [
    ("/", True), ("/mes-enfants?x=1", True),
    ("//evil.example/", False), ("/\\evil.example", False), ("https://evil.example/", False),
    ("javascript:alert(1)", False), ("/a\r\nLocation: x", False), ("", False), ("accueil", False),
])
def test_an_unsolicited_target_is_followed_only_on_the_ent(target, local):
    assert _local_path(target) is local


def test_unsolicited_login_for_an_unknown_service_is_refused_in_french(stack):
    base = stack.services["educonnect"].loopback_url + "/idp/profile/SAML2/Unsolicited/SSO"
    for params in ({"providerId": "http://inconnu.localhost/sp"}, {}):
        r = requests.get(base, params=params, timeout=5)
        assert r.status_code == 400 and "Demande refusée" in r.text


def test_unsolicited_login_for_the_ent_leads_to_the_profile_choice(stack):
    r = requests.get(stack.services["educonnect"].loopback_url + "/idp/profile/SAML2/Unsolicited/SSO",
                     params={"providerId": stack.ent.sp.entity_id}, timeout=5, allow_redirects=False)
    assert r.status_code == 302 and "execution=e1s1" in r.headers["Location"]


def test_alterations_are_per_account_and_checked():
    alterations = ResponseAlterations()
    alterations.set("p.martin01", "unsigned")
    assert alterations.of("p.martin01") == "unsigned" and alterations.of("p.durand01") is None
    with pytest.raises(ValueError, match="unknown alteration"):
        alterations.set("p.martin01", "everything")
    alterations.clear("p.martin01")
    assert alterations.of("p.martin01") is None


def test_journal_says_how_a_session_ended_and_why_it_found_no_end():
    journal = SamlJournal()
    journal.opened(SamlSession("p.martin01", "http://ent/sp", "nid-1", "idx-1"))
    journal.logged_out(SingleLogout("http://autre/sp", "nid-1", ("idx-1",)))
    with pytest.raises(TimeoutError, match=r"no accepted LogoutRequest naming it \(0 accepted from that service\)"):
        journal.wait_for_session_end("p.martin01", "http://ent/sp", timeout=0.05)
    journal.logged_out(SingleLogout("http://ent/sp", "nid-1", ("idx-1",), signed_with="sha1"))
    assert journal.wait_for_session_end("p.martin01", "http://ent/sp", timeout=0.05) == "slo"
    assert [lo.signed_with for lo in journal.logouts_of("p.martin01", "http://ent/sp")] == ["sha1"]
    with pytest.raises(TimeoutError):
        journal.wait_for_session_end("p.durand01", "http://ent/sp", timeout=0.05)


def test_journal_counts_an_end_at_the_logout_address_only_after_the_session_opened():
    journal = SamlJournal()
    journal.logout_url_visited("p.martin01")  # before: says nothing of the session below
    journal.opened(SamlSession("p.martin01", "http://ent/sp", "nid-1", "idx-1"))
    with pytest.raises(TimeoutError):
        journal.wait_for_session_end("p.martin01", "http://ent/sp", timeout=0.05)
    journal.logout_url_visited("p.martin01")
    assert journal.wait_for_session_end("p.martin01", "http://ent/sp", timeout=0.05) == "url-retour"


def test_localhost_names_are_reached_through_loopback(stack):
    assert via_loopback("https://ent.editeur.example/x") == ("https://ent.editeur.example/x", {})
    assert via_loopback("http://ent.localhost:8440/a?b=1") == ("http://127.0.0.1:8440/a?b=1",
                                                                {"Host": "ent.localhost:8440"})
    assert "EntityDescriptor" in read_document(stack.educonnect_metadata_url)
    with pytest.raises(OSError, match="a répondu 404"):
        read_document(stack.urls["educonnect"] + "/nulle-part")
    with pytest.raises(OSError, match="fichier introuvable « /nulle/part.xml »"):
        read_document("/nulle/part.xml")


def test_control_api_alters_an_accounts_responses_and_explains_bad_input(stack):
    base = stack.services["control"].loopback_url + "/api/alterations"
    r = requests.post(base, json={"login": "p.martin01", "alteration": "wrong-audience"}, timeout=5)
    assert r.status_code == 201 and stack.educonnect.alterations.of("p.martin01") == "wrong-audience"
    r = requests.post(base, json={"login": "p.martin01", "alteration": "tout"}, timeout=5)
    assert r.status_code == 400 and "alteration : valeur inconnue" in r.json()["erreur"] \
        and "unsigned" in r.json()["erreur"]
    r = requests.post(base, json={"alteration": "unsigned"}, timeout=5)
    assert r.status_code == 400 and r.json()["erreur"].startswith("login :")
    assert requests.delete(base + "/p.martin01", timeout=5).status_code == 204
    assert stack.educonnect.alterations.of("p.martin01") is None
