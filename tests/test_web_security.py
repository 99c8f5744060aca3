"""Forms need their CSRF token; cookies are HttpOnly and SameSite."""
from datetime import timedelta

import requests

from mock_services.educonnect.shared.authenticator import LOCK_DURATION, MAX_FAILED_LOGINS, Authenticator, LoginOutcome


def test_login_form_without_csrf_token_is_refused_in_french(stack):
    base = stack.services["educonnect"].loopback_url
    with requests.Session() as browser:
        page = browser.get(base + "/idp/profile/SAML2/Redirect/SSO", allow_redirects=False, timeout=5)
        assert page.status_code == 302 and page.headers["Location"].endswith("?execution=e1s1")
        cookie = page.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        r = browser.post(base + "/idp/profile/SAML2/Redirect/SSO?execution=e1s1", data={"_eventId_proceed": ""},
                         timeout=5)
        assert r.status_code == 400 and "Requête invalide" in r.text


def test_ent_logout_without_csrf_token_is_refused(stack):
    r = requests.post(stack.services["ent"].loopback_url + "/auth/logout", timeout=5)
    assert r.status_code == 400


def test_unsigned_authn_request_is_refused(stack):
    r = requests.get(stack.services["educonnect"].loopback_url + "/idp/profile/SAML2/Redirect/SSO",
                     params={"SAMLRequest": "PHNhbWxwOkF1dGhuUmVxdWVzdC8+"}, timeout=5)
    assert r.status_code == 400 and "Demande refusée" in r.text


def test_lock_after_repeated_failures_lifts_after_its_duration(stack):
    family = stack.world.create_family()
    auth = Authenticator(stack.educonnect.db, stack.clock, stack.educonnect.faults)
    login = family.account.login
    with stack.clock.frozen():
        outcomes = [auth.login(login, "faux").outcome for _ in range(MAX_FAILED_LOGINS)]
        assert outcomes == [LoginOutcome.BAD_CREDENTIALS] * (MAX_FAILED_LOGINS - 1) + [LoginOutcome.LOCKED]
        assert auth.login(login, family.account.password).outcome is LoginOutcome.LOCKED
        stack.clock.advance(LOCK_DURATION - timedelta(seconds=1))
        assert auth.login(login, family.account.password).outcome is LoginOutcome.LOCKED
        stack.clock.advance(timedelta(seconds=1))
        assert auth.login(login, family.account.password).outcome is LoginOutcome.OK


def test_a_secret_with_a_non_ascii_character_is_refused_not_a_500(stack):
    """compare_digest raises TypeError on a str with non-ASCII characters: secrets compare as bytes."""
    educonnect = stack.services["educonnect"].app.test_client()
    with educonnect.session_transaction() as s:
        s["fc_auth"] = {"state": "etat", "nonce": "n"}
    assert educonnect.get("/franceconnect/retour?state=é&code=c").location.endswith("/franceconnect/echec/erreur")
    with educonnect.session_transaction() as s:
        s["fc_logout"] = {"state": "etat"}
    r = educonnect.get("/franceconnect/deconnexion?state=é")
    assert r.status_code == 400 and "Déconnexion incomplète" in r.text
    ent = stack.services["ent"].app.test_client()
    r = ent.post("/api/provisioning/parents", json={}, headers={"Authorization": "Bearer é"})
    assert r.status_code == 401
