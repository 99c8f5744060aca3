"""Steps of the school's letter: provisional password, first login, attaching a child."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.extract import extract_link
from mock_services.world import Family

from .login import log_in_from_ent
from .pages.account import MyAccountPage, TeleservicesPage
from .pages.letters import LetterFirstLoginPage

LETTER_SUBJECT = "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
CONFIRMATION_SUBJECT = "ÉduConnect – confirmez votre adresse mail"


@dataclass(frozen=True)
class Letter:
    """What a parent reads on the letter."""
    login: str
    password: str
    text: str

    @classmethod
    def read(cls, text: str) -> "Letter":
        login = re.search(r"^Identifiant : (\S+)$", text, re.M)
        password = re.search(r"^Mot de passe provisoire : (\S+)$", text, re.M)
        assert login and password, f"no identifier or provisional password in the letter:\n{text}"
        return cls(login.group(1), password.group(1), text)


@pytest.fixture
def letters() -> list[Letter]:
    """The letters the parent has received, in order."""
    return []


@pytest.fixture
def chosen_password() -> dict[str, str]:
    """The password the parent chose in this scenario."""
    return {}


@pytest.fixture
def first_login(page: Page) -> LetterFirstLoginPage:
    return LetterFirstLoginPage(page)


@pytest.fixture
def my_account(page: Page) -> MyAccountPage:
    return MyAccountPage(page)


@given("un parent connu de l'école, sans compte, à qui la direction a envoyé le courrier ÉduConnect",
       target_fixture="famille")
def parent_with_letter(world, school_direction, inbox, letters: list[Letter], placeholders) -> Family:
    family = world.create_family(children=1, activated=False)
    school_direction.issue(family.guardian.id)
    mail = inbox.next_message("mail", family.guardian.email)  # whatever its subject: « je reçois le mail » checks it
    letters.append(Letter.read(mail.text))
    placeholders["mon adresse mail"] = family.guardian.email
    return family


@then(parsers.parse('je reçois le mail "{subject}"'))
def mail_received(inbox, famille: Family, letters: list[Letter], subject: str):
    mail = inbox.next_message("mail", famille.guardian.email, subject=subject) if not letters else None
    mails = [m for m in inbox.messages("mail", famille.guardian.email) if m.subject == subject]
    assert len(mails) == 1, f"{len(mails)} mail(s) « {subject} »"
    if mail is not None and subject == LETTER_SUBJECT:
        letters.append(Letter.read(mail.text))


@then("le mail contient ces lignes :")
def letter_lines(famille: Family, letters: list[Letter], target, docstring: str):
    g, pupil = famille.guardian, famille.pupils[0]
    known = {"civilité": g.civility, "NOM": g.last_name.upper(), "école": famille.school.name,
             "enfant": f"{pupil.first_name} {pupil.last_name.upper()}", "classe": pupil.class_name,
             "téléservices": target.educonnect_url + "/teleservices"}
    text_lines = letters[0].text.splitlines()
    for wanted in filter(None, (line.strip() for line in docstring.splitlines())):
        pattern = re.escape(wanted)
        for name in re.findall(r"\{([^{}]+)\}", wanted):
            value = (r"[a-z]\.[a-z]+\d{2,3}" if name == "identifiant" else r"\S{8,}" if name.startswith("mot de passe")
                     else re.escape(known[name]))
            pattern = pattern.replace(re.escape("{" + name + "}"), value)
        assert any(re.fullmatch(pattern, line) for line in text_lines), f"missing line: {wanted}"


@when("je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier")
def log_in_with_letter(ent_login, educonnect_profile, educonnect_login, letters: list[Letter]):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, letters[0].login, letters[0].password)


@when("je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du second courrier")
def log_in_with_second_letter(ent_login, educonnect_profile, educonnect_login, letters: list[Letter]):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, letters[1].login, letters[1].password)


@when("la direction de l'école m'envoie un nouveau courrier")
def new_letter(school_direction, inbox, famille: Family, letters: list[Letter]):
    school_direction.issue(famille.guardian.id)
    letters.append(Letter.read(inbox.next_message("mail", famille.guardian.email, subject=LETTER_SUBJECT).text))


@when("je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du premier courrier")
def log_in_with_first_letter(ent_login, educonnect_profile, educonnect_login, letters: list[Letter]):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, letters[0].login, letters[0].password)


@when("je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du nouveau courrier")
def log_in_with_new_letter(ent_login, educonnect_profile, educonnect_login, letters: list[Letter]):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, letters[-1].login, letters[-1].password)


@when(parsers.parse('je me connecte depuis l\'ENT avec l\'identifiant du courrier et le mot de passe "{password}"'))
def log_in_with_letter_identifier(ent_login, educonnect_profile, educonnect_login, letters: list[Letter],
                                  password: str):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, letters[0].login, password)


@when("je renseigne mon adresse mail")
def give_my_email(first_login, famille: Family):
    first_login.give_email(famille.guardian.email)


@when(parsers.parse('je renseigne l\'adresse mail "{address}"'))
def give_email(first_login, address: str):
    first_login.give_email(address)


@when("je valide sans renseigner d'adresse mail")
def give_no_email(first_login):
    first_login.give_email("")


@when("je clique sur le lien reçu par mail")
def follow_confirmation_link(page: Page, inbox, famille: Family):
    mail = inbox.next_message("mail", famille.guardian.email, subject=CONFIRMATION_SUBJECT)
    page.goto(extract_link(mail.text, contains="/courrier/confirmation/"))


@then(parsers.parse("j'ai reçu {count:d} mails de validation"))
def confirmation_mails(inbox, famille: Family, count: int):
    assert len(inbox.all_of("mail", famille.guardian.email, count, subject=CONFIRMATION_SUBJECT)) == count


@given(parsers.parse('j\'ai activé mon compte avec le courrier et le mot de passe "{password}"'))
def activated_with_letter(reference_stack, inbox, famille: Family, letters: list[Letter], chosen_password,
                          password: str):
    """The letter's journey through ÉduConnect's Python API (the journey has its own scenarios):
    the provisional password, the address confirmed by the link it receives, the password chosen."""
    chosen_password["value"] = password
    api = reference_stack.educonnect.letters
    outcome, letter_id = api.check(letters[0].login, letters[0].password)
    assert outcome == "letter", f"the letter's provisional password does not open it: {outcome}"
    email = api.request_confirmation(letter_id, famille.guardian.email)
    mail = inbox.next_message("mail", famille.guardian.email, subject=CONFIRMATION_SUBJECT)
    api.confirm(extract_link(mail.text, contains="/courrier/confirmation/").rsplit("/", 1)[1])
    api.activate(letter_id, email, password)


@when(parsers.parse('j\'active mon compte avec le courrier et le mot de passe "{password}"'))
def activate_with_letter(page: Page, ent_login, educonnect_profile, educonnect_login, first_login, activation_pages,
                         inbox, famille: Family, letters: list[Letter], chosen_password, password: str):
    chosen_password["value"] = password
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, letters[0].login, letters[0].password)
    first_login.give_email(famille.guardian.email)
    follow_confirmation_link(page, inbox, famille)
    activation_pages.create_password(password)
    expect(page.get_by_role("heading", name="Bravo, votre compte EduConnect est activé")).to_be_visible()


@given("une autre école de l'académie, où est scolarisé un autre de mes enfants, m'a envoyé son courrier",
       target_fixture="second_enfant")
def other_school_letter(world, school_direction, famille: Family, letters: list[Letter], placeholders):
    record, pupil = world.other_school_record(famille)
    letters.append(Letter.read(school_direction.issue(record.id).text))  # no address at that school: on paper
    placeholders["second enfant"] = f"{pupil.first_name} {pupil.last_name}"
    return pupil


@given("un autre parent d'une autre école a reçu son courrier")
def stranger_letter(world, school_direction, letters: list[Letter]):
    stranger = world.create_family(activated=False)
    letters.append(Letter.read(school_direction.issue(stranger.guardian.id).text))


def open_educonnect_page(page: Page, educonnect_profile, educonnect_login, url: str, login: str,
                         password: str) -> None:
    page.goto(url)
    educonnect_profile.choose("Responsable d'élève")
    educonnect_login.log_in(login, password)


@when(parsers.parse('je me connecte à « Mon compte » d\'ÉduConnect avec mon identifiant et le mot de passe '
                    '"{password}"'))
def open_my_account(page: Page, target, educonnect_profile, educonnect_login, letters: list[Letter], password: str):
    open_educonnect_page(page, educonnect_profile, educonnect_login, target.educonnect_url + "/compte",
                         letters[0].login, password)
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()


@when("j'ajoute des élèves depuis un autre compte avec l'identifiant et le mot de passe provisoire du second courrier")
def attach_second_letter(my_account, letters: list[Letter]):
    my_account.attach_from_letter(letters[1].login, letters[1].password)


@given("j'ai rattaché l'élève du second courrier à mon compte")
def attached_second_letter(reference_stack, letters: list[Letter], second_enfant):
    """Through ÉduConnect's Python API (« Ajouter des élèves depuis un autre compte » has its own scenario)."""
    educonnect = reference_stack.educonnect
    added = educonnect.letters.attach(educonnect.account_id(letters[0].login), letters[1].login, letters[1].password)
    assert added == [f"{second_enfant.first_name} {second_enfant.last_name}"], added


@then("« Mon compte » liste mes deux enfants")
def my_account_lists_both(my_account, famille: Family, second_enfant):
    expect(my_account.children).to_have_count(2)
    for pupil in (famille.pupils[0], second_enfant):
        expect(my_account.children.filter(has_text=f"{pupil.first_name} {pupil.last_name}")).to_have_count(1)


@pytest.fixture
def records_view(target) -> str:
    """How the ENT shows a parent with records in several schools (the target profile says)."""
    return target.several_records


@given("un ENT qui fait choisir le compte d'un parent inscrit dans plusieurs écoles", target_fixture="records_view")
def ent_with_a_chooser(reference_stack):
    reference_stack.ent.several_records = "choix"
    yield "choix"
    reference_stack.ent.several_records = "fusion"


@then("l'ENT affiche mes deux enfants")
def ent_lists_both(ent_home, target, records_view: str, famille: Family, second_enfant):
    """One account with both children; or, where the ENT keeps one account per school record
    (entcore), a chooser with one account per school, each with its child."""
    pupils = (famille.pupils[0], second_enfant)
    if records_view == "fusion":
        expect(ent_home.children).to_have_count(2)
        for pupil in pupils:
            expect(ent_home.children.filter(has_text=f"{pupil.first_name} {pupil.last_name}")).to_have_count(1)
        return
    expect(ent_home.chooser(target.chooser_text)).to_be_visible()
    for pupil in pupils:
        expect(ent_home.account_choice(pupil.school.name)).to_have_count(1)
    ent_home.account_choice(second_enfant.school.name).click()
    expect(ent_home.children).to_have_count(1)
    expect(ent_home.children.first).to_contain_text(f"{second_enfant.first_name} {second_enfant.last_name}")


@when(parsers.parse("j'ouvre l'adresse des téléservices indiquée dans le courrier et je me connecte avec mon "
                    'identifiant et le mot de passe "{password}"'))
def open_teleservices(page: Page, educonnect_profile, educonnect_login, letters: list[Letter], password: str):
    found = re.search(r"allez à l'adresse internet suivante : (\S+)", letters[0].text)
    assert found and re.match(r"https?://", found.group(1)), f"no internet address in the letter:\n{letters[0].text}"
    open_educonnect_page(page, educonnect_profile, educonnect_login, found.group(1), letters[0].login, password)


@then("les services de chaque école de mes enfants sont listés")
def services_listed(page: Page, world, famille: Family, second_enfant):
    teleservices = TeleservicesPage(page)
    schools = [famille.school, second_enfant.school]
    assert schools[0].services != schools[1].services, "the two schools must offer different services"
    for school in schools:
        expect(page.get_by_role("heading", name=school.name, exact=True)).to_be_visible()
        expect(teleservices.services_of(school.name)).to_have_text(list(school.services))
