"""Steps of the direction's console."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.world import DirectorInfo, Family, normalise_mobile

from .common import fill_in
from .login import expect_greeted, log_in_from_ent
from .activation import national
from .letters import LETTER_SUBJECT, Letter, open_educonnect_page
from .pages.console import ConsolePage


@dataclass
class SchoolFamilies:
    director: DirectorInfo
    families: dict[str, Family]  # « la famille au compte activé », « la famille sans compte », …


@pytest.fixture
def console(page: Page, target) -> ConsolePage:
    return ConsolePage(page, target.educonnect_url)


def name_of(family: Family) -> str:
    return f"{family.guardian.first_name} {family.guardian.last_name}"


@given("la direction d'une école, avec une famille au compte activé et une famille sans compte",
       target_fixture="ecole")
def school_with_families(world, placeholders) -> SchoolFamilies:
    school = world.create_school()
    active = world.create_family(school_uai=school.uai)
    newcomer = world.create_family(activated=False, school_uai=school.uai)
    placeholders.update({"parent sans compte": name_of(newcomer), "son adresse mail": newcomer.guardian.email,
                         "parent au compte activé": name_of(active), "son identifiant": active.account.login})
    return SchoolFamilies(world.create_director(school.uai),
                          {"la famille au compte activé": active, "la famille sans compte": newcomer})


@given("je suis connecté à la console d'administration des comptes ÉduConnect")
def logged_in_console(page: Page, reference_stack, console, ecole: SchoolFamilies):
    """Signed in by the stack (the console's login has its own scenario), then on the console."""
    page.context.add_cookies([reference_stack.educonnect_session(director=ecole.director.login)])
    console.open()


@then("la console me demande de me connecter pour l'ouvrir à nouveau")
def console_asks_to_log_in(page: Page, console):
    console.open()
    expect(page.get_by_role("button", name="Se connecter", exact=True)).to_be_visible()


@when("je me connecte à la console avec l'identifiant et le mot de passe de la direction")
def log_in_console(console, ecole: SchoolFamilies):
    console.log_in(ecole.director.login, ecole.director.password)


@given("une famille d'une autre école")
def other_school_family(world, ecole: SchoolFamilies):
    ecole.families["la famille de l'autre école"] = world.create_family()


def family(ecole: SchoolFamilies, which: str) -> Family:
    return ecole.families[which]


@then(parsers.re(r'la console indique l\'état "(?P<state>[^"]+)" pour (?P<which>la famille .+)'))
def state_shown(console, ecole: SchoolFamilies, state: str, which: str):
    g = family(ecole, which).guardian
    expect(console.cell(g.first_name, g.last_name, "État")).to_have_text(state)


@when(parsers.re(r"je recherche le nom de (?P<which>la famille .+)"))
def search_name(console, ecole: SchoolFamilies, which: str):
    console.search(nom=family(ecole, which).guardian.last_name)


@when(parsers.parse('je recherche l\'état "{state}"'))
def search_state(console, state: str):
    console.search(etat=state)


@when(parsers.re(r'je recherche la classe de l\'enfant de (?P<which>la famille .+) et l\'état "(?P<state>[^"]+)"'))
def search_class_and_state(console, ecole: SchoolFamilies, which: str, state: str):
    console.search(classe=family(ecole, which).pupils[0].class_name, etat=state)


@then(parsers.re(r"la console ne liste que (?P<which>la famille .+)"))
def only_family_listed(console, ecole: SchoolFamilies, which: str):
    g = family(ecole, which).guardian
    expect(console.rows).to_have_count(1)
    expect(console.row_of(g.first_name, g.last_name)).to_have_count(1)


@then(parsers.re(r"la console ne liste pas (?P<which>la famille .+)"))
def family_not_listed(page: Page, console, ecole: SchoolFamilies, which: str):
    page.reload()
    expect(console.rows.first).to_be_visible()
    g = family(ecole, which).guardian
    expect(console.row_of(g.first_name, g.last_name)).to_have_count(0)


@then("la console ne liste aucun responsable")
def nobody_listed(page: Page):
    expect(page.get_by_text("Aucun responsable ne correspond à la recherche.", exact=True)).to_be_visible()


@when(parsers.re(r"j'envoie le courrier à (?P<which>la famille .+)"))
def send_letter(console, ecole: SchoolFamilies, which: str):
    g = family(ecole, which).guardian
    console.act(g.first_name, g.last_name, "Envoyer le courrier")


@when(parsers.re(r"j'affiche l'identifiant de (?P<which>la famille .+)"))
def show_identifier(console, ecole: SchoolFamilies, which: str):
    g = family(ecole, which).guardian
    console.act(g.first_name, g.last_name, "Afficher l'identifiant")


@when(parsers.re(r"je réinitialise le mot de passe de (?P<which>la famille .+)"))
def reset_password(console, ecole: SchoolFamilies, which: str):
    g = family(ecole, which).guardian
    console.reset_password(g.first_name, g.last_name)


@when(parsers.re(r"je demande la réinitialisation du mot de passe de (?P<which>la famille .+)"))
def ask_reset(console, ecole: SchoolFamilies, which: str):
    """Only the list's button: the POST that does not carry the confirmation."""
    g = family(ecole, which).guardian
    console.act(g.first_name, g.last_name, "Réinitialiser le mot de passe")


@when(parsers.parse('je réponds "{button}" à la confirmation'))
def answer_confirmation(console, button: str):
    console.answer_confirmation(button)


@when(parsers.re(r"je modifie le formulaire « (?P<button>[^»]+) » de (?P<which>la famille .+) pour qu'il vise "
                 r"(?P<other>la famille .+), et je l'envoie"))
def tampered_action(page: Page, console, ecole: SchoolFamilies, button: str, which: str, other: str):
    """What anyone can do in the browser's developer tools: the form's address names another parent."""
    g, target_id = family(ecole, which).guardian, family(ecole, other).guardian.id
    page.reload()
    control = console.row_of(g.first_name, g.last_name).get_by_role("button", name=button, exact=True)
    control.evaluate("(b, [mine, theirs]) => { b.form.action = b.form.action.replace("
                     "`/responsables/${mine}/`, `/responsables/${theirs}/`); }", [g.id, target_id])
    with page.expect_navigation():
        control.click()


@then(parsers.re(r"le parent de (?P<which>la famille .+) ne reçoit aucun mail"))
def family_gets_no_mail(inbox, ecole: SchoolFamilies, which: str):
    assert inbox.messages("mail", family(ecole, which).guardian.email) == []


WHO = {"le parent sans compte": "la famille sans compte", "le parent au compte activé": "la famille au compte activé",
       "le parent de deux enfants": "la famille de deux enfants"}


@given("une famille de l'école avec deux enfants, sans compte")
def family_with_two_children(world, console, ecole: SchoolFamilies):
    ecole.families["la famille de deux enfants"] = world.create_family(
        children=2, activated=False, school_uai=ecole.director.school.uai)
    console.open()  # the list as it is now


@then(parsers.re(r'(?P<who>le parent (?:sans compte|au compte activé|de deux enfants)) reçoit le mail '
                 r'"(?P<subject>[^"]+)"'),
      target_fixture="courrier_recu")
def parent_receives(inbox, ecole: SchoolFamilies, who: str, subject: str) -> Letter:
    mail = inbox.next_message("mail", family(ecole, WHO[who]).guardian.email, subject=subject)
    assert subject == LETTER_SUBJECT
    return Letter.read(mail.text)


@then(parsers.parse('le courrier nomme chacun de ses deux enfants avec sa classe : "{line}"'))
def letter_names_each_child(ecole: SchoolFamilies, courrier_recu: Letter, line: str):
    lines = courrier_recu.text.splitlines()
    for pupil in family(ecole, "la famille de deux enfants").pupils:
        wanted = fill_in(line, {"enfant": f"{pupil.first_name} {pupil.last_name.upper()}", "classe": pupil.class_name})
        assert wanted in lines, f"missing line: {wanted}\n{courrier_recu.text}"


@then("son ancien mot de passe ne fonctionne plus")
def old_password_refused(page: Page, ent_login, educonnect_profile, educonnect_login, ecole: SchoolFamilies):
    account = family(ecole, "la famille au compte activé").account
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, account.login, account.password)
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.", exact=True)).to_be_visible()


@then("son mot de passe fonctionne toujours")
def password_still_works(page: Page, ent_login, educonnect_profile, educonnect_login, ent_home,
                         ecole: SchoolFamilies):
    active = family(ecole, "la famille au compte activé")
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, active.account.login, active.account.password)
    expect_greeted(ent_home, active.guardian)


@then("le mail lui donne son identifiant habituel et un mot de passe provisoire qui ouvre la première connexion")
def letter_opens_first_login(page: Page, ent_login, educonnect_profile, educonnect_login, ecole: SchoolFamilies,
                             courrier_recu: Letter):
    assert courrier_recu.login == family(ecole, "la famille au compte activé").account.login
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, courrier_recu.login, courrier_recu.password)
    expect(page.get_by_role("heading", name="Première connexion", exact=True)).to_be_visible()


@then(parsers.re(r"la console indique le portable et l'adresse mail de (?P<which>la famille .+)"))
def contacts_shown(console, ecole: SchoolFamilies, which: str):
    g = family(ecole, which).guardian
    expect(console.cell(g.first_name, g.last_name, "Portable")).to_have_text(national(g.mobile))
    expect(console.cell(g.first_name, g.last_name, "Adresse mail")).to_have_text(g.email)


@when(parsers.re(r"j'enregistre un nouveau numéro de portable pour (?P<which>la famille .+)"),
      target_fixture="nouveau_numero")
def record_new_mobile(world, console, ecole: SchoolFamilies, which: str) -> str:
    g = family(ecole, which).guardian
    number = world.unused_mobile()
    console.edit(g.first_name, g.last_name, {"Portable": number})
    return number


@then(parsers.re(r"la console indique le nouveau numéro pour (?P<which>la famille .+)"))
def new_mobile_shown(console, ecole: SchoolFamilies, which: str, nouveau_numero: str):
    g = family(ecole, which).guardian
    expect(console.cell(g.first_name, g.last_name, "Portable")).to_have_text(national(normalise_mobile(nouveau_numero)))


@when("le parent sans compte demande son code d'activation avec son nouveau numéro")
def activation_with_new_number(page: Page, target, activation_pages, ecole: SchoolFamilies, nouveau_numero: str):
    g = family(ecole, "la famille sans compte").guardian
    page.context.clear_cookies()  # the parent's own browser
    page.goto(target.educonnect_url + "/activation")
    activation_pages.give_contact("par SMS", nouveau_numero)
    activation_pages.give_names(g.last_name, g.first_name)


@then("il reçoit un code de sécurité par SMS à son nouveau numéro")
def code_to_new_number(inbox, nouveau_numero: str):
    assert inbox.next_code("sms", normalise_mobile(nouveau_numero))


@given("une famille de l'école dont le second enfant n'est pas rattaché à son compte, sa date de naissance "
       "étant erronée à l'école")
def family_with_unattached_child(world, ecole: SchoolFamilies):
    f = world.create_family(children=2, activated=False, school_uai=ecole.director.school.uai)
    account = world.activate_account(f.guardian.id, pupil_ids=[f.pupils[0].id])
    ecole.families["cette famille"] = Family(f.school, f.guardian, f.pupils, account)


@when("je rectifie la date de naissance du second enfant de cette famille")
def correct_birth_date(page: Page, console, ecole: SchoolFamilies):
    f = family(ecole, "cette famille")
    second = f.pupils[1]
    page.reload()
    console.edit(f.guardian.first_name, f.guardian.last_name,
                 {f"Date de naissance de {second.first_name} {second.last_name}":
                  (second.birth_date + timedelta(days=1)).isoformat()})


@then("« Mon compte » de ce parent liste ses deux enfants")
def both_children_in_account(page: Page, target, educonnect_profile, educonnect_login, my_account,
                             ecole: SchoolFamilies):
    f = family(ecole, "cette famille")
    page.context.clear_cookies()  # the parent's own browser
    open_educonnect_page(page, educonnect_profile, educonnect_login, target.educonnect_url + "/compte",
                         f.account.login, f.account.password)
    expect(my_account.children).to_have_count(2)
