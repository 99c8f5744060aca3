"""Sessions end on the server (mock_services/web/sessions.py): a cookie copied before a
logout, or before a password reset, opens nothing after it."""
from __future__ import annotations

import re

import requests
from flask import session

from mock_services.extract import extract_link
from mock_services.web.app import create_app, session_cookie


def app_with_sessions(tmp_path, revocable=lambda: True):
    app = create_app(__name__, tmp_path, "s", "Essai", csrf_exempt={"login", "logout"}, session_owner="who",
                     revocable_sessions=revocable)

    @app.post("/login/<who>", endpoint="login")
    def login(who):
        session.clear()
        session["who"] = who
        return "ok"

    @app.post("/logout", endpoint="logout")
    def logout():
        session.clear()
        return "bye"

    @app.get("/me")
    def me():
        return session.get("who", "personne")

    return app


def test_a_cookie_copied_before_logout_opens_an_empty_session(tmp_path):
    app = app_with_sessions(tmp_path)
    browser = app.test_client()
    browser.post("/login/lea")
    copied = browser.get_cookie("s").value
    assert browser.get("/me").text == "lea"
    browser.post("/logout")
    assert browser.get("/me").text == "personne"
    thief = app.test_client()
    thief.set_cookie("s", copied)
    assert thief.get("/me").text == "personne"


def test_a_new_login_ends_the_previous_session_and_an_owner_s_sessions_end_together(tmp_path):
    app = app_with_sessions(tmp_path)
    first, second, other = app.test_client(), app.test_client(), app.test_client()
    first.post("/login/lea")
    before = first.get_cookie("s").value
    first.post("/login/lea")  # a fresh session on login: the previous cookie is dead
    stale = app.test_client()
    stale.set_cookie("s", before)
    assert stale.get("/me").text == "personne" and first.get("/me").text == "lea"
    second.post("/login/lea")
    other.post("/login/tom")
    app.session_interface.end_sessions_of("lea")
    assert [c.get("/me").text for c in (first, second, other)] == ["personne", "personne", "tom"]


def test_a_stateless_app_trusts_the_copied_cookie_and_a_written_cookie_is_live(tmp_path):
    weak = app_with_sessions(tmp_path, revocable=lambda: False)
    browser = weak.test_client()
    browser.post("/login/lea")
    copied = browser.get_cookie("s").value
    browser.post("/logout")
    thief = weak.test_client()
    thief.set_cookie("s", copied)
    assert thief.get("/me").text == "lea"  # what the faults session-*-par-cookie do
    app = app_with_sessions(tmp_path)
    written = app.test_client()
    written.set_cookie("s", session_cookie(app, {"who": "zoe"})["value"])
    assert written.get("/me").text == "zoe"


def test_a_password_reset_ends_every_educonnect_session_of_that_parent(stack):
    family = stack.world.create_family()
    base = stack.services["educonnect"].loopback_url
    cookie = stack.educonnect_session(parent=family.account.login)
    account = requests.get(base + "/compte", cookies={cookie["name"]: cookie["value"]}, allow_redirects=False,
                           timeout=5)
    assert account.status_code == 200 and family.account.login in account.text
    stack.educonnect.recovery.send_reset_link(family.account.login, family.guardian.email)
    mail = stack.mail_store.wait_for(family.guardian.email, predicate=lambda m: "/mot-de-passe-oublie/" in m.text)
    link = extract_link(mail.text, contains="/mot-de-passe-oublie/")
    path = "/" + link.split("/", 3)[3]
    with requests.Session() as browser:
        form = browser.get(base + path, timeout=5)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        done = browser.post(base + path, data={"csrf_token": token, "mot_de_passe": "Nouveau-2026!",
                                               "confirmation": "Nouveau-2026!"}, timeout=5)
    assert done.status_code == 200 and "Votre mot de passe a été modifié" in done.text
    again = requests.get(base + "/compte", cookies={cookie["name"]: cookie["value"]}, allow_redirects=False, timeout=5)
    assert again.status_code == 302 and "execution=e1s1" in again.headers["Location"]  # asked to log in again
