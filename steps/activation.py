"""Steps of « Je n'ai pas de compte » (guide, section 1, and the FAQ)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from mock_services.educonnect.shared.identifiers import ascii_letters
from mock_services.world import Family, GuardianInfo

from .common import quoted
from .login import expect_greeted, log_in_from_ent, reach_educonnect_login
from .pages.activation import CONTACT_FIELDS

CHANNELS = {"par SMS": "sms", "par mail": "mail"}


@dataclass
class Journey:
    """What the parent has received and noted during the scenario."""
    codes: list[str] = field(default_factory=list)
    identifiers: dict[int, str] = field(default_factory=dict)  # guardian id -> identifier
    passwords: dict[int, str] = field(default_factory=dict)  # guardian id -> password


@pytest.fixture
def journey() -> Journey:
    return Journey()


def contact_of(guardian: GuardianInfo, channel: str) -> str:
    return guardian.mobile if channel == "sms" else guardian.email


def national(mobile: str) -> str:
    """+33612345678 -> 06 12 34 56 78, the way a parent writes it."""
    digits = "0" + mobile[3:]
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


@given("un parent connu de l'école sans compte ÉduConnect, avec deux enfants", target_fixture="famille")
def parent_without_account(world) -> Family:
    return world.create_family(children=2, activated=False)


@given(parsers.parse('un parent connu de l\'école sous le nom "{last_name}" et le prénom "{first_name}", '
                     'sans compte ÉduConnect'), target_fixture="famille")
def named_parent_without_account(world, last_name: str, first_name: str) -> Family:
    return world.create_family(activated=False, names=(first_name, last_name))


@given("le second parent de mes enfants, connu de l'école avec son propre numéro", target_fixture="second_parent")
def second_parent(world, famille: Family) -> GuardianInfo:
    return world.add_guardian(famille)


@given("la passerelle SMS en panne pour mon numéro")
def sms_gateway_down(sms_gateway, famille: Family):
    sms_gateway.set_fault(famille.guardian.mobile, "error")


@when("la passerelle SMS est rétablie")
def sms_gateway_back(sms_gateway):
    sms_gateway.clear()


@when(parsers.parse('je clique sur "{link}" sur la page de connexion d\'ÉduConnect'))
def follow_login_page_link(page: Page, ent_login, educonnect_profile, link: str):
    reach_educonnect_login(ent_login, educonnect_profile)
    page.get_by_role("link", name=link, exact=True).click()


@when(parsers.re(r"je choisis de recevoir mon code (?P<canal>par SMS|par mail) avec "
                 r"(?:mon numéro de portable|mon adresse mail) connu de l'école"))
def give_known_contact(activation_pages, famille: Family, canal: str):
    channel = CHANNELS[canal]
    value = national(famille.guardian.mobile) if channel == "sms" else famille.guardian.email
    activation_pages.give_contact(canal, value)


@when("je choisis de recevoir mon code par SMS avec mon numéro de portable écrit au format international")
def give_international_number(activation_pages, famille: Family):
    activation_pages.give_contact("par SMS", famille.guardian.mobile.replace("+33", "+33 "))


@when(parsers.re(r'je choisis de recevoir mon code (?P<canal>par SMS|par mail) avec '
                 r'(?:le numéro|l\'adresse) "(?P<value>[^"]*)"'))
def give_other_contact(activation_pages, canal: str, value: str):
    activation_pages.give_contact(canal, value)


@then(parsers.re(r'on me propose de recevoir mon code (?P<channels>".*")'))
def channels_offered(page: Page, channels: str):
    """Each channel as a choice, with its field (« par SMS »: the number, « par mail »: the address)."""
    for channel in quoted(channels):
        expect(page.get_by_role("radio", name=channel, exact=True)).to_be_visible()
        expect(page.get_by_label(CONTACT_FIELDS[channel], exact=True)).to_be_visible()


@when("je renseigne mon nom et mon prénom")
def give_my_names(activation_pages, famille: Family):
    activation_pages.give_names(famille.guardian.last_name, famille.guardian.first_name)


@when(parsers.parse('je renseigne le nom "{last_name}" et le prénom "{first_name}"'))
def give_names(activation_pages, last_name: str, first_name: str):
    activation_pages.give_names(last_name, first_name)


@then(parsers.re(r"(?:un|un nouveau) code de sécurité m'est envoyé (?P<canal>par SMS|par mail)"))
def code_sent(inbox, famille: Family, journey: Journey, canal: str):
    channel = CHANNELS[canal]
    journey.codes.append(inbox.next_code(channel, contact_of(famille.guardian, channel)))


@then(parsers.re(r"aucun code de sécurité ne m'est envoyé (?P<canal>par SMS|par mail)"))
def no_code_sent(inbox, famille: Family, canal: str):
    channel = CHANNELS[canal]
    assert inbox.count(channel, contact_of(famille.guardian, channel)) == 0


@when(parsers.re(r"je saisis le code de sécurité reçu (?P<canal>par SMS|par mail)"))
def enter_received_code(activation_pages, inbox, famille: Family, journey: Journey, canal: str):
    channel, contact = CHANNELS[canal], contact_of(famille.guardian, CHANNELS[canal])
    if not journey.codes or inbox.unread(channel, contact):
        journey.codes.append(inbox.next_code(channel, contact))
    activation_pages.enter_code(journey.codes[-1])


@when("je saisis l'ancien code de sécurité")
def enter_old_code(activation_pages, journey: Journey):
    activation_pages.enter_code(journey.codes[-2])


@when("je valide le code de sécurité sans le saisir")
def enter_no_code(activation_pages):
    activation_pages.enter_code("")


@when("je saisis un code de sécurité erroné")
def enter_wrong_code(activation_pages, journey: Journey):
    activation_pages.enter_code(f"{(int(journey.codes[-1]) + 1) % 10 ** 6:06d}")


def request_code(page, ent_login, educonnect_profile, activation_pages, inbox, guardian: GuardianInfo,
                 journey: Journey) -> None:
    reach_educonnect_login(ent_login, educonnect_profile)
    page.get_by_role("link", name="Je n'ai pas de compte", exact=True).click()
    activation_pages.give_contact("par SMS", national(guardian.mobile))
    activation_pages.give_names(guardian.last_name, guardian.first_name)
    journey.codes.append(inbox.next_code("sms", guardian.mobile))


@when("j'ai demandé un code de sécurité par SMS")
def requested_code(page, ent_login, educonnect_profile, activation_pages, inbox, famille: Family, journey: Journey):
    request_code(page, ent_login, educonnect_profile, activation_pages, inbox, famille.guardian, journey)


@when("j'ai validé le code de sécurité reçu par SMS")
def validated_code(page, ent_login, educonnect_profile, activation_pages, inbox, famille: Family, journey: Journey):
    request_code(page, ent_login, educonnect_profile, activation_pages, inbox, famille.guardian, journey)
    activation_pages.enter_code(journey.codes[-1])


@when("je confirme être le représentant légal et j'indique les dates de naissance de mes enfants")
def confirm_children(activation_pages, famille: Family):
    activation_pages.confirm_children({p.first_name: p.birth_date for p in famille.pupils})


@when("j'indique les dates de naissance de mes enfants sans confirmer être le représentant légal")
def children_without_confirmation(activation_pages, famille: Family):
    activation_pages.confirm_children({p.first_name: p.birth_date for p in famille.pupils}, legal_representative=False)


@when("je confirme être le représentant légal et je me trompe sur la date de naissance de mon deuxième enfant")
def confirm_children_wrong_date(activation_pages, famille: Family):
    first, second = famille.pupils
    activation_pages.confirm_children({first.first_name: first.birth_date,
                                       second.first_name: second.birth_date - timedelta(days=1)})


@then(parsers.parse('mon identifiant ÉduConnect s\'affiche, au format "{pattern}"'))
def identifier_shown(activation_pages, famille: Family, journey: Journey, pattern: str):
    assert pattern == "p.nomXX", "the guide's format"
    g = famille.guardian
    expected = rf"{ascii_letters(g.first_name)[0]}\.{ascii_letters(g.last_name)}\d\d"
    expect(activation_pages.identifier).to_have_text(re.compile(rf"^Votre identifiant ÉduConnect : {expected}$"))
    journey.identifiers[g.id] = activation_pages.read_identifier()


@when(parsers.parse('je crée le mot de passe "{password}"'))
def create_password(activation_pages, password: str):
    activation_pages.create_password(password)


@when(parsers.parse('je clique sur le bouton "{name}"'))
def click_button(activation_pages, name: str):
    activation_pages.click_button(name)


@then("mes enfants sont rattachés à mon compte")
def children_attached(activation_pages, famille: Family):
    expect(activation_pages.attached_children).to_have_text([f"{p.first_name} {p.last_name}" for p in famille.pupils])


@then("seul mon premier enfant est rattaché à mon compte")
def only_first_child_attached(activation_pages, famille: Family):
    first = famille.pupils[0]
    expect(activation_pages.attached_children).to_have_text([f"{first.first_name} {first.last_name}"])


@when(parsers.parse('je me connecte depuis l\'ENT avec mon nouvel identifiant et le mot de passe "{password}"'))
def log_in_with_new_identifier(ent_login, educonnect_profile, educonnect_login, famille: Family, journey: Journey,
                               password: str):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, journey.identifiers[famille.guardian.id], password)


def activate(page, ent_login, educonnect_profile, activation_pages, inbox, guardian: GuardianInfo,
             pupils, journey: Journey, password: str) -> None:
    """The whole journey by SMS, for a parent whose children's birth dates are known."""
    request_code(page, ent_login, educonnect_profile, activation_pages, inbox, guardian, journey)
    activation_pages.enter_code(journey.codes[-1])
    activation_pages.confirm_children({p.first_name: p.birth_date for p in pupils})
    journey.identifiers[guardian.id] = activation_pages.read_identifier()
    journey.passwords[guardian.id] = password
    activation_pages.create_password(password)
    expect(page.get_by_role("heading", name="Bravo, votre compte EduConnect est activé")).to_be_visible()
    journey.identifiers[guardian.id] = activation_pages.read_identifier()  # the account's, as « Bravo » gives it


@when(parsers.parse('j\'active mon compte par SMS avec le mot de passe "{password}"'))
def activate_mine(page, ent_login, educonnect_profile, activation_pages, inbox, famille: Family, journey: Journey,
                  password: str):
    activate(page, ent_login, educonnect_profile, activation_pages, inbox, famille.guardian, famille.pupils,
             journey, password)


@when(parsers.parse('le second parent active son compte par SMS avec le mot de passe "{password}"'))
def activate_second(page, ent_login, educonnect_profile, activation_pages, inbox, famille: Family,
                    second_parent: GuardianInfo, journey: Journey, password: str):
    activate(page, ent_login, educonnect_profile, activation_pages, inbox, second_parent, famille.pupils,
             journey, password)


@then("nos deux identifiants ÉduConnect sont différents")
def identifiers_differ(famille: Family, second_parent: GuardianInfo, journey: Journey):
    assert journey.identifiers[famille.guardian.id] != journey.identifiers[second_parent.id]


@then("le second parent se connecte à l'ENT à son nom")
def second_parent_logs_in(ent_login, educonnect_profile, educonnect_login, ent_home, second_parent: GuardianInfo,
                          journey: Journey):
    log_in_from_ent(ent_login, educonnect_profile, educonnect_login, journey.identifiers[second_parent.id],
                    journey.passwords[second_parent.id])
    expect_greeted(ent_home, second_parent)
