"""Steps of the guide's section 2: a lost identifier or password
(features/identifiant_oublie.feature, features/mot_de_passe_oublie.feature)."""
from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page
from pytest_bdd import given, parsers, then, when

from mock_services.extract import extract_link
from mock_services.world import Family

from .common import fill_in, submit
from .pages.console import ConsolePage

RESET_SUBJECT = "ÉduConnect – réinitialisation de votre mot de passe"


@pytest.fixture
def links() -> dict[str, str]:
    """Links the parent followed, to follow them again."""
    return {}


def unknown_address(placeholders) -> str:
    placeholders["adresse inconnue"] = f"inconnue.{secrets.token_hex(4)}@exemple.test"
    return placeholders["adresse inconnue"]


# -- « Identifiant oublié ? » ----------------------------------------------------

@when("je saisis l'adresse mail rattachée à mon compte")
def give_account_email(page: Page, famille: Family):
    page.get_by_label("Adresse mail", exact=True).fill(famille.guardian.email)
    submit(page, "Envoyer")


@when("je saisis une adresse mail rattachée à aucun compte")
def give_unknown_email(page: Page, placeholders):
    page.get_by_label("Adresse mail", exact=True).fill(unknown_address(placeholders))
    submit(page, "Envoyer")


@then(parsers.parse('je reçois par mail "{line}"'))
def mail_line_received(inbox, famille: Family, placeholders, line: str):
    placeholders["mon identifiant"] = famille.account.login
    text = inbox.next_message("mail", famille.guardian.email, subject="ÉduConnect – votre identifiant").text
    assert fill_in(line, placeholders) in text.splitlines(), text


@then("cette adresse ne reçoit aucun mail")
def no_mail(inbox, placeholders):
    assert inbox.messages("mail", placeholders["adresse inconnue"]) == []


# -- « Mot de passe oublié ? » ---------------------------------------------------

def ask_reset(page: Page, login: str, email: str) -> None:
    page.get_by_label("Identifiant", exact=True).fill(login)
    page.get_by_label("Adresse mail", exact=True).fill(email)
    submit(page, "Envoyer")


@when("je saisis mon identifiant et l'adresse mail rattachée à mon compte")
def ask_reset_known(page: Page, famille: Family):
    ask_reset(page, famille.account.login, famille.guardian.email)


@when("je saisis mon identifiant et une adresse mail rattachée à aucun compte")
def ask_reset_unknown(page: Page, famille: Family, placeholders):
    ask_reset(page, famille.account.login, unknown_address(placeholders))


@given("un autre parent avec un compte ÉduConnect activé", target_fixture="autre_famille")
def other_parent(world) -> Family:
    return world.create_family()


@when("je saisis mon identifiant et l'adresse mail rattachée au compte de l'autre parent")
def ask_reset_other_address(page: Page, famille: Family, autre_famille: Family):
    ask_reset(page, famille.account.login, autre_famille.guardian.email)


@then("l'autre parent ne reçoit aucun mail")
def no_mail_to_other(inbox, autre_famille: Family):
    assert inbox.messages("mail", autre_famille.guardian.email) == []


@when("je saisis mon identifiant et l'adresse mail que l'école connaît")
def ask_reset_school_address(page: Page, famille: Family):
    ask_reset(page, famille.account.login, famille.guardian.email)


@when("je demande un lien de réinitialisation de mon mot de passe")
def request_reset(page: Page, target, famille: Family):
    page.goto(target.educonnect_url + "/mot-de-passe-oublie")
    ask_reset(page, famille.account.login, famille.guardian.email)


@when("je clique sur le lien de réinitialisation reçu par mail")
def follow_reset_link(page: Page, inbox, famille: Family, links):
    mail = inbox.next_message("mail", famille.guardian.email, subject=RESET_SUBJECT)
    links["réinitialisation"] = extract_link(mail.text, contains="/mot-de-passe-oublie/")
    page.goto(links["réinitialisation"])


@when("je clique à nouveau sur le même lien de réinitialisation")
def follow_reset_link_again(page: Page, links):
    page.goto(links["réinitialisation"])


@when(parsers.parse('je choisis le nouveau mot de passe "{password}"'))
def choose_new_password(page: Page, password: str):
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_label("Confirmation du mot de passe", exact=True).fill(password)
    submit(page, "Enregistrer le mot de passe")


@given("un parent connu de l'école dont le compte ÉduConnect n'a pas d'adresse mail rattachée",
       target_fixture="famille")
def parent_without_account_email(world) -> Family:
    return world.create_family(account_email=False)


@when("la Direction de l'école réinitialise mon mot de passe depuis la console")
def direction_resets(page: Page, world, target, famille: Family):
    director = world.create_director(famille.school.uai)
    console = ConsolePage(page, target.educonnect_url)
    console.log_in(director.login, director.password)
    console.reset_password(famille.guardian.first_name, famille.guardian.last_name)
    page.context.clear_cookies()  # the direction's browser is not the parent's
