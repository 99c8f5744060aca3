"""A field script's login (pronotepy, ENT monitoring probes) with a plain HTTP client, no browser:
the ENT's « PARENT » → ÉduConnect's SSO URL → its browser check, posted back → the login form's
fields posted to `execution=e1s2` → the SAMLResponse posted to the ENT's ACS → the ENT's home."""
from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
import pytest
import requests

CHECK_FIELDS = {"csrf_token", "shib_idp_ls_exception.shib_idp_session_ss", "shib_idp_ls_success.shib_idp_session_ss",
                "shib_idp_ls_value.shib_idp_session_ss", "shib_idp_ls_supported", "_eventId_proceed"}
LOGIN_FIELDS = {"csrf_token", "typeUser", "j_username", "j_password"}  # and the button, _eventId_proceed


@pytest.fixture
def script(localhost_names):
    with requests.Session() as session:
        yield session


def execution(answer: requests.Response) -> str:
    return parse_qs(urlsplit(answer.url).query).get("execution", [""])[0]


def form(answer: requests.Response, path: str = '//form[@method="post"]'):
    """(its absolute action, {name: value} as sent, every name) of the page's first form at `path`."""
    found = lxml.html.fromstring(answer.text).xpath(path)
    assert found, f"no {path} at {answer.url}: {answer.text[:500]}"
    names = {e.get("name") for e in found[0].iter("input", "button") if e.get("name")}
    return urljoin(answer.url, found[0].get("action")), dict(found[0].form_values()), names


def to_login_page(stack, script) -> requests.Response:
    """As a script: the ENT's login, « PARENT », then ÉduConnect's check page posted back as it is."""
    wayf = script.get(stack.urls["ent"] + "/auth/saml/wayf", timeout=5)
    [parent] = lxml.html.fromstring(wayf.text).xpath('//a[normalize-space()="PARENT"]/@href')
    check = script.get(urljoin(wayf.url, parent), timeout=5)
    assert check.url.startswith(stack.educonnect.idp.sso_redirect_url) and execution(check) == "e1s1", check.url
    action, values, names = form(check)
    assert names == CHECK_FIELDS and urlsplit(action).query == "execution=e1s1"
    page = script.post(action, data=values, timeout=5)
    assert page.status_code == 200 and execution(page) == "e1s2", (page.status_code, page.url)
    return page


def log_in(script, page: requests.Response, login: str, password: str, **changed) -> requests.Response:
    action, values, names = form(page, '//form[@id="validerAuth"]')
    assert LOGIN_FIELDS | {"_eventId_proceed"} <= names and urlsplit(action).query == f"execution={execution(page)}"
    sent = {"typeUser": "responsable", "j_username": login, "j_password": password,
            "csrf_token": values["csrf_token"], "_eventId_proceed": "", **changed}
    return script.post(action, data={k: v for k, v in sent.items() if v is not None}, timeout=5)


def test_a_script_logs_in_with_the_field_s_names_and_the_ent_greets_the_parent(stack, script):
    family = stack.world.create_family()
    answer = log_in(script, to_login_page(stack, script), family.account.login, family.account.password)
    action, values, _ = form(answer)
    assert action == stack.ent.sp.acs_url and "SAMLResponse" in values and "RelayState" in values
    home = script.post(action, data=values, timeout=5)
    g = family.guardian
    assert home.status_code == 200 and home.url == stack.urls["ent"] + "/"
    assert f"Bonjour {g.civility} {g.first_name} {g.last_name}" in lxml.html.fromstring(home.text).findtext(".//h1")


def test_a_wrong_password_stays_on_e1s2_with_the_message_and_invalid_fields(stack, script):
    family = stack.world.create_family()
    answer = log_in(script, to_login_page(stack, script), family.account.login, "pas-le-bon")
    assert answer.status_code == 401 and execution(answer) == "e1s2"
    doc = lxml.html.fromstring(answer.text)
    assert doc.xpath('string(//*[@role="alert"])') == "Identifiant ou mot de passe incorrect."
    fields = doc.xpath('//form[@id="validerAuth"]//input[@type="text" or @type="password"]')
    assert [f.get("aria-invalid") for f in fields] == ["true", "true"]
    again = log_in(script, answer, family.account.login, family.account.password)  # the same page, its form
    assert "SAMLResponse" in form(again)[1]


def test_a_post_without_csrf_token_is_refused(stack, script):
    family = stack.world.create_family()
    answer = log_in(script, to_login_page(stack, script), family.account.login, family.account.password,
                    csrf_token=None)
    assert answer.status_code == 400 and "Requête invalide" in answer.text and "SAMLResponse" not in answer.text


def test_without_a_profile_the_login_page_asks_for_one(stack, script):
    family = stack.world.create_family()
    answer = log_in(script, to_login_page(stack, script), family.account.login, family.account.password,
                    typeUser=None)
    assert answer.status_code == 400 and execution(answer) == "e1s2"
    assert "Veuillez sélectionner votre profil." in lxml.html.fromstring(answer.text).xpath('string(//*[@role="alert"])')


def test_a_later_flow_moves_the_key_on_and_a_stale_key_gets_a_french_page_that_restarts(stack, script):
    family = stack.world.create_family()
    first = to_login_page(stack, script)
    wayf = script.get(stack.urls["ent"] + "/auth/saml/wayf", timeout=5)
    [parent] = lxml.html.fromstring(wayf.text).xpath('//a[normalize-space()="PARENT"]/@href')
    assert execution(script.get(urljoin(wayf.url, parent), timeout=5)) == "e2s1"
    stale = script.get(first.url, timeout=5)
    assert stale.status_code == 400 and "Demande périmée" in stale.text
    [back] = lxml.html.fromstring(stale.text).xpath('//a[normalize-space()="Revenir à la page de connexion"]/@href')
    check = script.get(urljoin(stale.url, back), timeout=5)
    assert execution(check) == "e3s1"
    action, values, _ = form(check)
    page = script.post(action, data=values, timeout=5)
    answer = log_in(script, page, family.account.login, family.account.password)  # the ENT's request was kept
    assert form(answer)[0] == stack.ent.sp.acs_url


def test_without_javascript_the_profile_buttons_reload_the_page_and_the_tabs_are_links(stack, script):
    page = to_login_page(stack, script)
    [choice] = lxml.html.fromstring(page.text).xpath('//form[@id="choixProfil"]')
    assert choice.get("method") == "get" and dict(choice.form_values()) == {"execution": "e1s2"}
    again = script.get(urljoin(page.url, choice.get("action")), params={"execution": "e1s2", "typeUser": "eleve"},
                       timeout=5)
    doc = lxml.html.fromstring(again.text)
    assert doc.xpath('//form[@id="validerAuth"]//input[@name="typeUser"]/@value') == ["eleve"]
    assert doc.xpath('//button[@aria-pressed="true"]/text()') == ["Élève"]
    [create] = doc.xpath('//a[normalize-space()="Créer/activer un compte EduConnect"]/@href')
    assert script.get(urljoin(again.url, create), timeout=5).url == stack.urls["educonnect"] + "/activation"
