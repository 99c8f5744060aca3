"""Steps of « La connexion à l'ENT avec EduConnect »."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.world import Family

from .common import quoted
from .pages.ent import EntHomePage, EntLoginPage


@given("un parent connu de l'école avec un compte ÉduConnect activé", target_fixture="famille")
def known_parent(world) -> Family:
    return world.create_family()


@given("un parent au compte ÉduConnect activé qui n'est pas dans l'annuaire de l'ENT", target_fixture="famille")
def parent_unknown_to_ent(world) -> Family:
    return world.create_family(in_ent=False)


@given("un ENT qui se déconnecte par l'adresse FrEduUrlRetour qu'ÉduConnect lui a donnée")
def ent_logs_out_through_url_retour(reference_stack):
    ent = reference_stack.ent
    ent.logout_via = "url-retour"
    yield
    ent.logout_via = "slo"


@when("j'ouvre la page de connexion de l'ENT")
def open_ent_login(ent_login):
    ent_login.open()


@then("on me propose les profils de connexion :")
def offered_ent_profiles(ent_login, target, datatable):
    expected = [target.label(row[0]) for row in datatable[1:]]
    expect(ent_login.profile_links).to_have_text(expected)


@when(parsers.parse('je choisis le profil "{name}"'))
def choose_ent_profile(ent_login, name: str):
    ent_login.choose_profile(name)


@then("je suis sur ÉduConnect")
def on_educonnect(page: Page, target):
    expect(page).to_have_url(re.compile("^" + re.escape(target.educonnect_url) + "/"))


@then(parsers.re(r'on me propose les profils (?P<names>".*")'))
def offered_educonnect_profiles(educonnect_profile, names: str):
    for name in quoted(names):
        expect(educonnect_profile.profile_button(name)).to_be_visible()


def reach_educonnect_login(ent_login, educonnect_profile) -> None:
    ent_login.open()
    ent_login.choose_profile("PARENT")
    educonnect_profile.choose("Responsable d'élève")


@when("j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT")
def arrive_on_educonnect_login(ent_login, educonnect_profile):
    reach_educonnect_login(ent_login, educonnect_profile)


@then(parsers.parse('le champ obligatoire "{label}" est accompagné de l\'aide "{help_text}"'))
def mandatory_field_with_help(educonnect_login, label: str, help_text: str):
    field = educonnect_login.field(label)
    expect(field).to_have_attribute("aria-required", "true")
    expect(field).to_have_accessible_description(help_text)


@then(parsers.parse('le champ "{label}" est obligatoire'))
def mandatory_field(educonnect_login, label: str):
    expect(educonnect_login.field(label)).to_have_attribute("aria-required", "true")


@then(parsers.parse('la page propose FranceConnect, "{tagline}"'))
def offers_franceconnect(educonnect_login, tagline: str):
    expect(educonnect_login.franceconnect).to_contain_text(tagline)
    expect(educonnect_login.franceconnect.get_by_role("link", name="S'identifier avec FranceConnect")).to_be_visible()


def log_in_from_ent(ent_login, educonnect_profile, educonnect_login, identifier: str, password: str) -> None:
    reach_educonnect_login(ent_login, educonnect_profile)
    educonnect_login.log_in(identifier, password)


@when("je me connecte depuis l'ENT avec mon identifiant et mon mot de passe")
def log_in(ent_login, educonnect_profile, educonnect_login, famille: Family):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, famille.account.login, famille.account.password)


@when("je me connecte depuis l'ENT avec mon identifiant et mon ancien mot de passe")
def log_in_old_password(ent_login, educonnect_profile, educonnect_login, famille: Family):
    """The password the account had when the scenario began (famille's), after a change."""
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, famille.account.login, famille.account.password)


@when(parsers.parse('je me connecte depuis l\'ENT avec mon identifiant et le mot de passe "{password}"'))
def log_in_wrong_password(ent_login, educonnect_profile, educonnect_login, famille: Family, password: str):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, famille.account.login, password)


@when(parsers.parse('je me connecte depuis l\'ENT avec l\'identifiant "{identifier}" et mon mot de passe'))
def log_in_unknown_identifier(ent_login, educonnect_profile, educonnect_login, famille: Family, identifier: str):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, identifier, famille.account.password)


@when(parsers.parse("je me trompe encore de mot de passe {times:d} fois"))
def wrong_password_again(educonnect_login, famille: Family, times: int):
    for attempt in range(times):
        educonnect_login.log_in(famille.account.login, f"erreur-{attempt}")


@when(parsers.re("je saisis (?:à nouveau )?mon identifiant et mon mot de passe"))
def log_in_again(educonnect_login, famille: Family):
    educonnect_login.log_in(famille.account.login, famille.account.password)


@when('je clique sur "Se connecter" sans rien saisir')
def submit_empty(educonnect_login):
    educonnect_login.submit()


@then(parsers.parse('le champ "{label}" signale "{message}"'))
def field_reports(educonnect_login, label: str, message: str):
    field = educonnect_login.field(label)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))


def expect_greeted(ent_home, guardian) -> None:
    """The ENT shows this parent's name (target profile: « salutation »)."""
    expect(ent_home.greeting(guardian.civility, guardian.first_name, guardian.last_name)).to_be_visible()


@then("je suis connecté à l'ENT à mon nom")
def logged_in_by_name(page: Page, target, ent_home, famille: Family):
    expect_greeted(ent_home, famille.guardian)
    if target.home_path is not None:
        expect(page).to_have_url(target.home_url)


@then("l'ENT affiche mon enfant et sa classe")
def ent_shows_children(ent_home, famille: Family):
    expect(ent_home.children).to_have_count(len(famille.pupils))
    for pupil, item in zip(famille.pupils, ent_home.children.all()):
        expect(item).to_contain_text(f"{pupil.first_name} {pupil.last_name}")
        expect(item).to_contain_text(pupil.class_name)


@then("je ne suis pas connecté à l'ENT")
def not_logged_in(page: Page, target):
    """In the same browser, the ENT's home page leads to the profile choice (« PARENT »…)
    and offers no way to log out. (Every step after this one opens its own page.)"""
    page.goto(target.home_url)
    log_out = EntHomePage(page, target).log_out_control
    profile_choice = EntLoginPage(page, target).profile_link("PARENT")
    expect(profile_choice.or_(log_out).first).to_be_visible()  # the page has said who it takes us for
    expect(log_out).to_have_count(0)


@when("je me déconnecte de l'ENT")
def log_out(ent_home):
    ent_home.log_out()


@pytest.fixture
def copied_cookies() -> list:
    """Cookies someone copied from the parent's browser."""
    return []


@when("quelqu'un copie les cookies de mon navigateur")
def copy_cookies(page: Page, copied_cookies: list):
    copied_cookies[:] = page.context.cookies()
    assert copied_cookies, "le navigateur n'a aucun cookie à copier"


@when("cette personne remet les cookies copiés dans le navigateur")
def restore_cookies(page: Page, copied_cookies: list):
    page.context.clear_cookies()
    page.context.add_cookies(copied_cookies)
