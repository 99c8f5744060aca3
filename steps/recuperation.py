"""Steps of the guide's section 2 (lost identifier or password), « Mon compte »
and changing school."""
from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.extract import extract_link
from mock_services.world import Family, SchoolInfo

from .common import fill_in
from .courrier import open_educonnect_page
from .pages.console import ConsolePage

RESET_SUBJECT = "ÉduConnect – réinitialisation de votre mot de passe"
EMAIL_SUBJECT = "ÉduConnect – validez votre nouvelle adresse mail"


@pytest.fixture
def links() -> dict[str, str]:
    """Links the parent followed, to follow them again."""
    return {}


def unknown_address(placeholders) -> str:
    placeholders["adresse inconnue"] = f"inconnue.{secrets.token_hex(4)}@exemple.test"
    return placeholders["adresse inconnue"]


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


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
    console.act(famille.guardian.first_name, famille.guardian.last_name, "Réinitialiser le mot de passe")
    page.context.clear_cookies()  # the direction's browser is not the parent's


# -- « Mon compte » ----------------------------------------------------------------

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


@then(parsers.parse('« Mon compte » affiche l\'adresse mail "{address}"'))
def account_shows_email(page: Page, placeholders, address: str):
    expect(page.get_by_text(f"Adresse mail : {fill_in(address, placeholders)}", exact=True)).to_be_visible()


@when("je clique sur le lien d'activation reçu à la nouvelle adresse")
def follow_email_link(page: Page, inbox, placeholders):
    mail = inbox.next_message("mail", placeholders["nouvelle adresse"], subject=EMAIL_SUBJECT)
    page.goto(extract_link(mail.text, contains="/compte/adresse-mail/"))


@then(parsers.parse("la nouvelle adresse a reçu {count:d} courriels de validation"))
def validation_mails(inbox, placeholders, count: int):
    mails = [m for m in inbox.messages("mail", placeholders["nouvelle adresse"]) if m.subject == EMAIL_SUBJECT]
    assert len(mails) == count


def change_password(page: Page, current: str, new: str) -> None:
    page.get_by_label("Mot de passe actuel", exact=True).fill(current)
    page.get_by_label("Nouveau mot de passe", exact=True).fill(new)
    page.get_by_label("Confirmation du nouveau mot de passe", exact=True).fill(new)
    submit(page, "Modifier le mot de passe")


@when(parsers.parse('je change mon mot de passe pour "{password}"'))
def change_my_password(page: Page, famille: Family, password: str):
    change_password(page, famille.account.password, password)


@when(parsers.parse('je change mon mot de passe pour "{password}" en me trompant de mot de passe actuel'))
def change_my_password_wrong_current(page: Page, password: str):
    change_password(page, "pas-le-mot-de-passe-actuel", password)


@when("je me déconnecte d'ÉduConnect")
def log_out_of_educonnect(page: Page, target):
    page.goto(target.educonnect_url + "/idp/profile/Logout")
    expect(page.get_by_role("heading", name="Vous êtes déconnecté d'ÉduConnect")).to_be_visible()


# -- changing school -------------------------------------------------------------

@when(parsers.re(r"mon enfant change d'école (?P<where>dans la même académie|pour une autre académie)"),
      target_fixture="nouvelle_ecole")
def child_changes_school(world, famille: Family, where: str) -> SchoolInfo:
    academie = None if where == "dans la même académie" else (
        "VERSAILLES" if famille.school.academie != "VERSAILLES" else "CRETEIL")
    school = world.create_school_unlike(famille.school, academie)
    world.move_pupil(famille.pupils[0].id, school.uai)
    return school


@then("l'ENT affiche mon enfant dans sa nouvelle école")
def ent_shows_new_school(ent_home, famille: Family, nouvelle_ecole: SchoolInfo):
    pupil = famille.pupils[0]
    expect(ent_home.children).to_have_count(1)
    expect(ent_home.children).to_contain_text(re.compile(
        rf"{re.escape(pupil.first_name)} {re.escape(pupil.last_name)} .* {re.escape(nouvelle_ecole.name)}$"))


@when("j'ouvre les téléservices et je me connecte avec mon identifiant et mon mot de passe")
def open_teleservices_page(page: Page, target, educonnect_profile, educonnect_login, famille: Family):
    open_educonnect_page(page, educonnect_profile, educonnect_login, target.educonnect_url + "/teleservices",
                         famille.account.login, famille.account.password)


@then("les téléservices listent les services de la nouvelle école, et plus ceux de l'ancienne")
def teleservices_of_new_school(page: Page, famille: Family, nouvelle_ecole: SchoolInfo):
    expect(page.get_by_role("heading", name=nouvelle_ecole.name, exact=True)).to_be_visible()
    expect(page.get_by_role("list", name=f"Services de {nouvelle_ecole.name}").get_by_role("listitem")).to_have_text(
        list(nouvelle_ecole.services))
    expect(page.get_by_role("heading", name=famille.school.name, exact=True)).to_have_count(0)
