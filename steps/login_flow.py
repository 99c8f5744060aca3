"""Steps of ÉduConnect's login flow as the field serves it (Shibboleth's `execution` keys, the
browser check, the field names scripts rely on) and of the choice between creating an account
and logging in to an existing one."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from playwright.sync_api import Page, Request, expect
from pytest_bdd import given, parsers, then, when

from mock_services.world import Family

from .common import quoted

@dataclass(frozen=True)
class Exchange:
    """A request of the browser to ÉduConnect's SSO URL."""
    method: str
    execution: str
    fields: tuple[str, ...]  # the names of the fields posted, in order


@pytest.fixture
def exchanges() -> list[Exchange]:
    return []


def step_key(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("execution", [""])[0]


def at_step(key: str) -> re.Pattern:
    return re.compile(rf"[?&]execution={re.escape(key)}(?:&|$)")


@given("un navigateur qui note ses échanges avec ÉduConnect")
def recording_browser(page: Page, target, exchanges: list[Exchange]):
    def record(request: Request) -> None:
        if request.url.startswith(target.educonnect_url + "/idp/profile/SAML2/Redirect/SSO?"):
            posted = [name for name, _ in parse_qsl(request.post_data or "", keep_blank_values=True)]
            exchanges.append(Exchange(request.method, step_key(request.url), tuple(posted)))

    page.on("request", record)


def names(datatable) -> list[str]:
    return [row[0] for row in datatable[1:]]


@then(parsers.parse('ÉduConnect a vérifié mon navigateur à l\'étape "{key}", qui s\'est renvoyée seule avec les '
                    'champs :'))
def browser_checked(page: Page, exchanges: list[Exchange], key: str, datatable):
    expect(page.get_by_role("button", name="Se connecter", exact=True)).to_be_visible()  # on, without a click
    shown = [e for e in exchanges if e.method == "GET" and e.execution == key]
    posted = [e for e in exchanges if e.method == "POST" and e.execution == key]
    assert shown, f"ÉduConnect n'a pas servi l'étape {key} (pages servies : {[e.execution for e in exchanges]})"
    assert posted, f"la page de l'étape {key} ne s'est pas renvoyée"
    assert sorted(posted[-1].fields) == sorted(names(datatable)), f"champs renvoyés : {posted[-1].fields}"


@then(parsers.parse('ÉduConnect a reçu ma connexion à l\'étape "{key}" avec les champs :'))
def login_fields(exchanges: list[Exchange], key: str, datatable):
    posted = [e for e in exchanges if e.method == "POST" and e.execution == key]
    assert posted, f"aucune connexion envoyée à l'étape {key} (envois : {[e.execution for e in exchanges]})"
    assert sorted(posted[-1].fields) == sorted(names(datatable)), f"champs envoyés : {posted[-1].fields}"


@then(parsers.parse('la page de connexion d\'ÉduConnect est à l\'étape "{key}"'))
def login_page_at(page: Page, key: str):
    expect(page).to_have_url(at_step(key))
    expect(page.get_by_role("heading", name="Je me connecte avec mon compte ÉduConnect", exact=True)).to_be_visible()


@then("une connexion envoyée sans son csrf_token est refusée")
def refused_without_csrf_token(page: Page, famille: Family):
    """The form's fields, the token left out, posted from the page (the browser's cookies go with it)."""
    action = page.locator("#validerAuth").get_attribute("action")
    status = page.evaluate(
        """async ([action, fields]) => (await fetch(action, {method: "POST", body: new URLSearchParams(fields),
                                                            redirect: "manual"})).status""",
        [action, {"typeUser": "responsable", "j_username": famille.account.login,
                  "j_password": famille.account.password, "_eventId_proceed": ""}])
    assert status == 400, f"une connexion sans csrf_token a reçu la réponse {status}"


@when(parsers.parse('je reviens à l\'adresse de l\'étape "{key}"'))
def back_to_step(page: Page, key: str):
    page.goto(re.sub(r"execution=[^&]*", f"execution={key}", page.url))


# -- « Créer/activer un compte EduConnect » / « Se connecter à un compte existant » ------------

@then(parsers.re(r'on me propose les onglets (?P<tabs>".*")'))
def offered_tabs(educonnect_login, tabs: str):
    expect(educonnect_login.tabs).to_have_text(quoted(tabs))


@then(parsers.parse('l\'onglet "{name}" est ouvert'))
def tab_open(educonnect_login, name: str):
    expect(educonnect_login.tab(name)).to_have_attribute("aria-selected", "true")
    expect(educonnect_login.open_panel).to_have_count(1)
    expect(educonnect_login.open_panel).to_have_accessible_name(name)


@when(parsers.parse('je choisis l\'onglet "{name}"'))
def choose_tab(educonnect_login, name: str):
    educonnect_login.tab(name).click()


@when(parsers.parse('je passe à l\'onglet "{name}" avec les flèches du clavier'))
def tab_by_keyboard(page: Page, educonnect_login, name: str):
    """From the open tab (focused, as the Tab key would), the right arrow until `name` has the focus."""
    wanted = educonnect_login.tab(name)
    page.get_by_role("tab", selected=True).focus()
    for _ in range(educonnect_login.tabs.count()):
        if wanted.evaluate("tab => tab === document.activeElement"):
            break
        page.keyboard.press("ArrowRight")
    expect(wanted).to_be_focused()
