"""Steps of « Mon compte »: a new e-mail address, a new password (features/mon_compte.feature)."""
from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.extract import extract_link
from mock_services.world import Family

from .common import fill_in, submit

EMAIL_SUBJECT = "ÉduConnect – validez votre nouvelle adresse mail"


@given("je suis connecté à « Mon compte » d'ÉduConnect")
def signed_in_my_account(page: Page, reference_stack, target, famille: Family):
    """Signed in by the stack (logging in to « Mon compte » has its own scenarios)."""
    page.context.add_cookies([reference_stack.educonnect_session(parent=famille.account.login)])
    page.goto(target.educonnect_url + "/compte")
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()


@when("je retourne sur « Mon compte »")
def at_my_account(page: Page, target, educonnect_profile, educonnect_login, famille: Family):
    page.goto(target.educonnect_url + "/compte")
    if not page.get_by_role("heading", name="Mon compte", exact=True).is_visible():
        educonnect_profile.choose("Responsable d'élève")
        educonnect_login.log_in(famille.account.login, famille.account.password)
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()


@when("je saisis une nouvelle adresse mail")
def give_new_email(page: Page, famille: Family, placeholders):
    placeholders["adresse actuelle"] = famille.guardian.email
    placeholders["nouvelle adresse"] = f"nouvelle.{secrets.token_hex(4)}@exemple.test"
    page.get_by_label("Nouvelle adresse mail", exact=True).fill(placeholders["nouvelle adresse"])
    submit(page, "Modifier l'adresse mail")


@when("je me ravise et saisis une autre nouvelle adresse mail")
def give_another_new_email(page: Page, famille: Family, placeholders):
    placeholders["première nouvelle adresse"] = placeholders["nouvelle adresse"]
    give_new_email(page, famille, placeholders)


@then(parsers.parse('« Mon compte » affiche l\'adresse mail "{address}"'))
def account_shows_email(page: Page, placeholders, address: str):
    expect(page.get_by_text(f"Adresse mail : {fill_in(address, placeholders)}", exact=True)).to_be_visible()


@when("je clique sur le lien d'activation reçu à la nouvelle adresse")
def follow_email_link(page: Page, inbox, placeholders):
    follow_link_sent_to(page, inbox, placeholders["nouvelle adresse"])


@when("je clique sur le lien d'activation reçu à la première nouvelle adresse")
def follow_first_email_link(page: Page, inbox, placeholders):
    follow_link_sent_to(page, inbox, placeholders["première nouvelle adresse"])


def follow_link_sent_to(page: Page, inbox, address: str) -> None:
    mail = inbox.next_message("mail", address, subject=EMAIL_SUBJECT)
    page.goto(extract_link(mail.text, contains="/compte/adresse-mail/"))


@then(parsers.parse("la nouvelle adresse a reçu {count:d} courriels de validation"))
def validation_mails(inbox, placeholders, count: int):
    assert len(inbox.all_of("mail", placeholders["nouvelle adresse"], count, subject=EMAIL_SUBJECT)) == count


def change_password(page: Page, current: str, new: str, confirmation: str | None = None) -> None:
    page.get_by_label("Mot de passe actuel", exact=True).fill(current)
    page.get_by_label("Nouveau mot de passe", exact=True).fill(new)
    page.get_by_label("Confirmation du nouveau mot de passe", exact=True).fill(
        new if confirmation is None else confirmation)
    submit(page, "Modifier le mot de passe")


@when(parsers.parse('je change mon mot de passe pour "{password}"'))
def change_my_password(page: Page, famille: Family, password: str):
    change_password(page, famille.account.password, password)


@when(parsers.parse('je change mon mot de passe pour "{password}" avec la confirmation "{confirmation}"'))
def change_my_password_other_confirmation(page: Page, famille: Family, password: str, confirmation: str):
    change_password(page, famille.account.password, password, confirmation)


@when(parsers.parse('je change mon mot de passe pour "{password}" en me trompant de mot de passe actuel'))
def change_my_password_wrong_current(page: Page, password: str):
    change_password(page, "pas-le-mot-de-passe-actuel", password)


@when("je me déconnecte d'ÉduConnect")
def log_out_of_educonnect(page: Page, target):
    page.goto(target.educonnect_url + "/idp/profile/Logout")
    expect(page.get_by_role("heading", name="Vous êtes déconnecté d'ÉduConnect")).to_be_visible()


@then("« Mon compte » me demande de me connecter à nouveau")
def my_account_asks_to_log_in(page: Page, target):
    page.goto(target.educonnect_url + "/compte")
    expect(page).to_have_url(re.compile(re.escape(target.educonnect_url) + r"/idp/profile/SAML2/Redirect/SSO"))
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_have_count(0)
