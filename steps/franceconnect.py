"""Steps of « S'identifier avec FranceConnect » (« Le + pratique »)."""
from __future__ import annotations

import secrets
import unicodedata
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.world import Family

from .activation import Journey, national
from .common import quoted
from .login import expect_greeted, reach_educonnect_login
from .pages.franceconnect import FranceConnectPages

FIRST_NAMES = ["Marie", "Claire", "Louise", "Anne", "Jean", "Pierre", "Paul", "Michel"]
PROVIDER = "impots.gouv.fr"


@pytest.fixture
def franceconnect(reference_stack):
    """The reference FranceConnect's Python API: identities, tampering."""
    return reference_stack.franceconnect


@pytest.fixture
def fc_pages(page: Page) -> FranceConnectPages:
    return FranceConnectPages(page)


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
    reach_educonnect_login(ent_login, educonnect_profile)
    fc_pages.start_from_educonnect()
    fc_pages.choose_account(PROVIDER)
    fc_pages.log_in(identity.login, identity.password)


@when("je me connecte depuis l'ENT avec FranceConnect")
def log_in_from_ent_with_franceconnect(ent_login, educonnect_profile, fc_pages, identite_fc):
    log_in_with_franceconnect(ent_login, educonnect_profile, fc_pages, identite_fc)
