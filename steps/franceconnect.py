"""Steps of « S'identifier avec FranceConnect » (« Le + pratique »)."""
from __future__ import annotations

import secrets
import unicodedata
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from playwright.sync_api import Page, Route, expect
from pytest_bdd import given, parsers, then, when

from mock_services.world import Family

from .activation import Journey, national
from .common import quoted, stand_in_page
from .login import expect_greeted, reach_educonnect_login
from .pages.franceconnect import FranceConnectPages

FIRST_NAMES = ["Marie", "Claire", "Louise", "Anne", "Jean", "Pierre", "Paul", "Michel"]
PROVIDER = "impots.gouv.fr"


@pytest.fixture
def franceconnect(reference_stack):
    """The reference FranceConnect's Python API: identities, tampering."""
    return reference_stack.franceconnect


@pytest.fixture
def fc_pages(page: Page, target) -> FranceConnectPages:
    return FranceConnectPages(page, target.educonnect_url)


def _civil_name(name: str) -> str:
    """As the civil registry writes a surname: capitals, no accents."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()


@given("une identité FranceConnect à mon nom", target_fixture="identite_fc")
def my_identity(franceconnect, famille: Family):
    g = famille.guardian
    return franceconnect.add_identity(
        given_name=f"{g.first_name} {secrets.choice(FIRST_NAMES)}", family_name=_civil_name(g.last_name),
        birthdate=date(1985, 1 + secrets.randbelow(12), 1 + secrets.randbelow(28)).isoformat(),
        gender="female" if g.civility == "Mme" else "male")


@given("une identité FranceConnect que l'école ne connaît pas", target_fixture="identite_fc")
def unknown_identity(franceconnect):
    suffix = "".join(secrets.choice("BCDFGHJKLMNPRSTVZ") for _ in range(8))
    return franceconnect.add_identity(given_name="Camille", family_name=f"INCONNU{suffix}",
                                      birthdate="1980-05-17", gender="female")


@given("FranceConnect répondra avec un autre nonce que celui de la demande")
def wrong_nonce(franceconnect, identite_fc):
    franceconnect.tamper(identite_fc.login, "nonce")


@given("FranceConnect me renverra sur ÉduConnect avec un autre state que celui de la demande")
def wrong_state(franceconnect, identite_fc):
    franceconnect.tamper(identite_fc.login, "state")


@given("j'ai activé mon compte ÉduConnect avec FranceConnect")
def activated_with_franceconnect(page: Page, ent_login, educonnect_profile, fc_pages, activation_pages, inbox,
                                 ent_home, famille: Family, identite_fc, journey: Journey):
    g = famille.guardian
    log_in_with_franceconnect(ent_login, educonnect_profile, fc_pages, identite_fc)
    activation_pages.give_contact("par SMS", national(g.mobile))
    journey.codes.append(inbox.next_code("sms", g.mobile))
    activation_pages.enter_code(journey.codes[-1])
    activation_pages.confirm_children({p.first_name: p.birth_date for p in famille.pupils})
    expect_greeted(ent_home, g)


@given("j'ai fermé mon navigateur")
def browser_closed(page: Page):
    page.context.clear_cookies()


@when('je clique sur "S\'identifier avec FranceConnect" sur la page de connexion d\'ÉduConnect')
def click_franceconnect(ent_login, educonnect_profile, fc_pages):
    reach_educonnect_login(ent_login, educonnect_profile)
    fc_pages.start_from_educonnect()


@then(parsers.re(r"FranceConnect me propose les comptes (?P<names>\".*\")"))
def offered_accounts(fc_pages, names: str):
    for name in quoted(names):
        expect(fc_pages.accounts.get_by_text(name, exact=True)).to_be_visible()


@when(parsers.parse('je choisis le compte "{name}"'))
def choose_account(fc_pages, name: str):
    fc_pages.choose_account(name)


@when("je me connecte chez le fournisseur d'identité avec mon identité FranceConnect")
def log_in_at_provider(fc_pages, identite_fc):
    fc_pages.log_in(identite_fc.login, identite_fc.password)


@when(parsers.parse('je me connecte chez le fournisseur d\'identité avec l\'identifiant "{login}" '
                    'et le mot de passe "{password}"'))
def log_in_at_provider_as(fc_pages, login: str, password: str):
    fc_pages.log_in(login, password)


@when("j'annule ma connexion chez le fournisseur d'identité")
def cancel_at_provider(fc_pages):
    fc_pages.cancel()


def log_in_with_franceconnect(ent_login, educonnect_profile, fc_pages, identity) -> None:
    """Chooser, identity provider, then FranceConnect's « Continuer sur ÉduConnect »."""
    reach_educonnect_login(ent_login, educonnect_profile)
    fc_pages.start_from_educonnect()
    fc_pages.choose_account(PROVIDER)
    fc_pages.log_in(identity.login, identity.password)
    fc_pages.click("Continuer sur ÉduConnect")


@when("je me connecte depuis l'ENT avec FranceConnect")
def log_in_from_ent_with_franceconnect(ent_login, educonnect_profile, fc_pages, identite_fc):
    log_in_with_franceconnect(ent_login, educonnect_profile, fc_pages, identite_fc)


# -- FranceConnect's own screens (features/franceconnect_fournisseur.feature) ----------------
HELD_BACK = "Retour de FranceConnect retenu par la suite de conformité"
HELD_BACK_PAGE = stand_in_page(HELD_BACK)


@when(parsers.re(r'je clique sur "(?P<name>(?:Continuer|Revenir) sur .+)"$'))
def click_franceconnect_button(fc_pages, name: str):
    fc_pages.click(name)


@then("FranceConnect affiche mes prénoms et mon nom de naissance en capitales")
def confirmation_names_me(page: Page, identite_fc):
    expect(page.get_by_role("heading", name=f"{identite_fc.given_name} {identite_fc.family_name.upper()}",
                            exact=True)).to_be_visible()


@then(parsers.re(r"les données transmises sont (?P<names>\".*\")"))
def transmitted_data(fc_pages, names: str):
    expect(fc_pages.transmitted).to_have_text(quoted(names))


@given("ma session ÉduConnect et celle de l'ENT sont terminées, pas celle de FranceConnect")
def only_franceconnect_session_left(page: Page, target):
    for url in (target.ent_url, target.educonnect_url):
        page.context.clear_cookies(domain=urlsplit(url).hostname)


@then(parsers.re(r'ÉduConnect a reçu de FranceConnect l\'erreur "(?P<error>[^"]+)", décrite "(?P<description>[^"]+)", '
                 r"avec le state de sa demande et l'iss de FranceConnect"))
def service_got_error(fc_pages, error: str, description: str):
    back = fc_pages.last_callback()
    assert set(back) == {"error", "error_description", "state", "iss"}, back
    assert (back["error"], back["error_description"]) == (error, description), back
    assert back["state"] == fc_pages.sent_state(), back
    assert back["iss"] == fc_pages.issuer(), back


@then("ÉduConnect n'a reçu aucune réponse de FranceConnect")
def service_got_nothing(fc_pages):
    assert fc_pages.callbacks == [], fc_pages.callbacks


@when("je retire le jeton CSRF du formulaire de confirmation")
def drop_confirmation_csrf(fc_pages):
    fc_pages.drop_hidden_fields("Continuer sur ÉduConnect")


@pytest.fixture
def held_callbacks() -> list[str]:
    return []


@given("le retour de FranceConnect vers ÉduConnect sera retenu en chemin")
def hold_back_callback(page: Page, target, held_callbacks: list[str]):
    """The browser never delivers it: its code is still unused, its state still pending in this
    browser. (A route never sees a redirect's next hop: FranceConnect's redirect is held.)"""
    def hold(route: Route) -> None:
        request = route.request
        if not request.is_navigation_request() or request.method != "POST":
            route.fallback()
            return
        answer = route.fetch(max_redirects=0, **_outside_the_browser(request))
        location = answer.headers.get("location", "")
        if location.startswith(target.educonnect_url + "/") and "code=" in location and not held_callbacks:
            held_callbacks.append(location)
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=HELD_BACK_PAGE)
        else:
            route.fulfill(response=answer)

    services = tuple(url + "/" for url in (target.ent_url, target.educonnect_url))
    page.route(lambda url: not url.startswith(services), hold)


def _outside_the_browser(request) -> dict:
    """route.fetch's arguments: Chromium finds `*.localhost` on loopback, Playwright's own client does not."""
    parts = urlsplit(request.url)
    if not (parts.hostname or "").endswith(".localhost"):
        return {}
    loopback = parts._replace(netloc=f"127.0.0.1:{parts.port}" if parts.port else "127.0.0.1").geturl()
    return {"url": loopback, "headers": {**request.all_headers(), "host": parts.netloc}}


@when("le retour retenu est présenté à ÉduConnect par un navigateur sans session")
def present_held_callback(page: Page, held_callbacks: list[str]):
    expect(page.get_by_role("heading", name=HELD_BACK)).to_be_visible()
    page.unroute_all()
    page.context.clear_cookies()
    page.goto(held_callbacks[0])


@when(parsers.parse('le retour retenu est présenté à ÉduConnect avec l\'iss "{iss}"'))
def present_held_callback_from(page: Page, held_callbacks: list[str], iss: str):
    """By this browser, its state still pending: FranceConnect's own answer, with another provider's `iss`."""
    expect(page.get_by_role("heading", name=HELD_BACK)).to_be_visible()
    page.unroute_all()
    parts = urlsplit(held_callbacks[0])
    query = parse_qsl(parts.query)
    assert "iss" in dict(query), held_callbacks[0]  # FranceConnect sent one: that is the value replaced
    page.goto(urlunsplit(parts._replace(query=urlencode([(k, iss if k == "iss" else v) for k, v in query]))))


@when("une annulation « access_denied » avec un autre state est présentée à ÉduConnect")
def forged_cancel(page: Page, reference_stack, fc_pages):
    """What a page of another site can make this browser open while its FranceConnect login is pending."""
    config = reference_stack.educonnect.franceconnect.config
    other_state = secrets.token_urlsafe(32)
    assert other_state != fc_pages.sent_state()
    page.goto(config.redirect_uri + "?" + urlencode({
        "error": "access_denied", "error_description": "User auth aborted", "state": other_state,
        "iss": config.issuer}))


@when("ÉduConnect présente de nouveau à FranceConnect le code qu'il a reçu", target_fixture="second_exchange")
def exchange_code_again(reference_stack, fc_pages):
    """What a replayed code looks like at the token endpoint, with ÉduConnect's own credentials."""
    config = reference_stack.educonnect.franceconnect.config
    return requests.post(config.backchannel + "/token", timeout=5, data={
        "grant_type": "authorization_code", "code": fc_pages.last_callback()["code"],
        "redirect_uri": config.redirect_uri, "client_id": config.client_id, "client_secret": config.client_secret})


@then(parsers.parse('FranceConnect refuse le code avec l\'erreur "{error}"'))
def code_refused(second_exchange, error: str):
    assert second_exchange.status_code == 400, second_exchange.text
    assert second_exchange.json()["error"] == error, second_exchange.text
