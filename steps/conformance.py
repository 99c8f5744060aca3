"""Steps of the SAML service-provider conformance features (features/conformance/)."""
from __future__ import annotations

import html
import re
import secrets
from urllib.parse import parse_qsl

import pytest
from playwright.sync_api import Page, Request, Route, expect
from pytest_bdd import given, parsers, then, when

from mock_services.world import Family

from .common import stand_in_page
from .login import expect_greeted

# The feature's words -> what the reference ÉduConnect gets wrong (mock_services/educonnect/conformance.py).
ALTERATIONS = {
    "sans aucune signature": "unsigned",
    "signée par une autre clé": "foreign-key",
    "destinée à un autre service": "wrong-audience",
    "expirée": "expired",
    "expirée depuis 5 minutes": "expired-5-minutes-ago",
    "datée de 5 minutes plus tard": "clock-5min-ahead",
    "datée de 2 secondes plus tard": "clock-2s-ahead",
    "datée d'une minute plus tard": "clock-1min-ahead",
    "pas encore valable": "not-yet-valid",
    "à une autre demande": "wrong-in-response-to",
    "adressée à une autre URL": "wrong-destination",
    "sans l'attribut FrEduCtRefId": "without-FrEduCtRefId",
    "avec d'abord des valeurs FrEduCtRefId d'autres préfixes": "other-prefixes-first",
    "dont les valeurs FrEduCtRefId ont quatre champs": "four-fields",
    "dont l'assertion est chiffrée pour une autre clé": "encrypted-for-another-key",
    "datée de 30 secondes plus tard": "clock-30s-ahead",
    "datée de 2 minutes plus tôt": "issued-2-minutes-ago",
    "de déconnexion non signée": "unsigned-logout-response",
    "de déconnexion signée par une autre clé": "foreign-logout-response",
}


@pytest.fixture
def saml_posts() -> list[dict[str, str]]:
    """The SAML responses the browser posted to the ENT in this scenario, in order."""
    return []


@given(parsers.parse("ÉduConnect qui m'enverra une réponse {what}"))
def educonnect_will_alter(reference_stack, famille: Family, what: str):
    if what not in ALTERATIONS:
        raise ValueError(f"réponse fautive inconnue « {what} » ; connues : {', '.join(ALTERATIONS)}")
    reference_stack.educonnect.alterations.set(famille.account.login, ALTERATIONS[what])


@given(parsers.parse("un parent d'une école de l'académie de {name}, dont ÉduConnect publie le code « {code} », "
                     "sans zéro"), target_fixture="famille")
def parent_of_unpadded_academie(world, name: str, code: str) -> Family:
    family = world.create_family(academie=code)
    assert family.school.academie == name.upper() and len(code) == 1, f"« {code} » is not {name}'s code without its zero"
    return family


@given("un autre parent de l'école, connu de l'ENT", target_fixture="autre_parent")
def another_parent(world, famille: Family) -> Family:
    return world.create_family(school_uai=famille.school.uai)


@given(parsers.parse("un attaquant modifiera la réponse signée d'ÉduConnect par « {attack} », au nom de cet "
                     "autre parent"))
def educonnect_will_attack(reference_stack, famille: Family, autre_parent: Family, attack: str):
    reference_stack.educonnect.alterations.set(famille.account.login, attack, victim=autre_parent.account.login)


@then("l'ENT ne connecte pas cet autre parent")
def other_parent_not_logged_in(page: Page, target, ent_home, famille: Family, autre_parent: Family):
    """The ENT refused, or logged in the parent ÉduConnect signed for: never the forged one."""
    me, other = famille.guardian, autre_parent.guardian
    forged = ent_home.greeting(other.civility, other.first_name, other.last_name)
    signed = ent_home.greeting(me.civility, me.first_name, me.last_name)
    refused = page.get_by_text(target.refusal_text)
    expect(forged.or_(signed).or_(refused).first).to_be_visible()  # the ENT has answered
    expect(forged).to_have_count(0)


@when("j'ouvre l'ENT depuis ÉduConnect avec mon identifiant et mon mot de passe")
def unsolicited_login(page: Page, target, educonnect_profile, educonnect_login, famille: Family,
                      saml_posts: list[dict[str, str]]):
    def record(request: Request) -> None:
        if request.method == "POST" and request.url.startswith(target.ent_url) and "SAMLResponse=" in (
                request.post_data or ""):
            saml_posts.append({"url": request.url, **dict(parse_qsl(request.post_data))})

    page.on("request", record)
    page.goto(target.unsolicited_login_url)
    educonnect_profile.choose("Responsable d'élève")
    educonnect_login.log_in(famille.account.login, famille.account.password)


@when("la même réponse d'ÉduConnect est présentée de nouveau à l'ENT par un navigateur sans session")
def replay_response(page: Page, ent_home, famille: Family, saml_posts: list[dict[str, str]]):
    expect_greeted(ent_home, famille.guardian)  # the first presentation was accepted
    assert saml_posts, "aucune réponse SAML n'a été postée à l'ENT"
    present_without_session(page, saml_posts[0])  # what ÉduConnect sent, before any relay by the ENT itself


HELD_BACK = "Réponse d'ÉduConnect retenue par la suite de conformité"
HELD_BACK_PAGE = stand_in_page(HELD_BACK)


@given("la réponse d'ÉduConnect à l'ENT sera retenue en chemin")
def hold_back_response(page: Page, target, saml_posts: list[dict[str, str]]):
    """The browser never delivers it: the ENT's request stays outstanding, in this browser's session."""
    def hold(route: Route) -> None:
        request = route.request
        if request.method == "POST" and "SAMLResponse=" in (request.post_data or "") and not saml_posts:
            saml_posts.append({"url": request.url, **dict(parse_qsl(request.post_data))})
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=HELD_BACK_PAGE)
        else:
            route.fallback()

    page.route(re.compile("^" + re.escape(target.ent_url) + "/"), hold)


@when("la réponse retenue est présentée à l'ENT par un navigateur sans session")
def present_held_response(page: Page, saml_posts: list[dict[str, str]]):
    expect(page.get_by_text(HELD_BACK)).to_be_visible()
    page.unroute_all()
    present_without_session(page, saml_posts[0])


def present_without_session(page: Page, post: dict[str, str]) -> None:
    """Post `post` (a captured SAML response) to the ENT from this browser, its cookies gone."""
    page.context.clear_cookies()
    page.goto("about:blank")
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(post[k])}">'
                     for k in ("SAMLResponse", "RelayState") if k in post)
    page.set_content(f'<form method="post" action="{html.escape(post["url"])}">{fields}'
                     '<button>Présenter la réponse</button></form>')
    with page.expect_navigation():
        page.get_by_role("button", name="Présenter la réponse").click()


@then("l'ENT refuse la connexion")
def ent_refuses(page: Page, target):
    expect(page).to_have_url(re.compile("^" + re.escape(target.ent_url) + "/"))
    expect(page.get_by_text(target.refusal_text).first).to_be_visible()


@then("ÉduConnect a fermé ma session, par un Single Logout ou par son adresse FrEduUrlRetour")
def educonnect_session_ended(reference_stack, target, timeouts, famille: Family):
    reference_stack.educonnect.saml_journal.wait_for_session_end(famille.account.login, target.sp_entity_id,
                                                                 timeout=timeouts.event_s)


SIGNATURES = {"RSA-SHA256": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"}


def _signature_name(uri: str | None) -> str:
    return uri.rsplit("#", 1)[-1].upper() if uri else "aucune signature"


@then(parsers.parse("la demande d'authentification de l'ENT était signée en {algorithm}"))
def authn_request_signed_with(reference_stack, target, famille: Family, algorithm: str):
    sessions = [s for s in reference_stack.educonnect.saml_journal.sessions_of(famille.account.login,
                                                                                target.sp_entity_id) if s.solicited]
    assert sessions, "ÉduConnect n'a répondu à aucune demande d'authentification de l'ENT pour ce parent"
    signed_with = sessions[-1].request_signed_with
    assert signed_with == SIGNATURES[algorithm], f"AuthnRequest : {_signature_name(signed_with)}, pas {algorithm}"


@then("l'assertion qu'ÉduConnect a envoyée à l'ENT était chiffrée")
def assertion_was_encrypted(reference_stack, target, famille: Family):
    sessions = reference_stack.educonnect.saml_journal.sessions_of(famille.account.login, target.sp_entity_id)
    assert sessions, "ÉduConnect n'a envoyé aucune assertion à l'ENT pour ce parent"
    assert sessions[-1].encrypted, "assertion envoyée en clair : les métadonnées de l'ENT ne déclarent aucune clé " \
                                   "de chiffrement"


@then(parsers.parse("une demande de déconnexion de l'ENT, s'il en a envoyé une, était signée en {algorithm}"))
def logout_request_signed_with(reference_stack, target, famille: Family, algorithm: str):
    for logout in reference_stack.educonnect.saml_journal.logouts_of(famille.account.login, target.sp_entity_id):
        assert logout.signed_with == SIGNATURES[algorithm], \
            f"LogoutRequest : {_signature_name(logout.signed_with)}, pas {algorithm}"


LOGOUT_SIGNINGS = {"signée": "idp", "non signée": "none", "signée par une autre clé": "foreign"}


@when(parsers.re(r"ÉduConnect envoie à l'ENT une demande de déconnexion (?P<signing>signée|non signée|signée par une "
                 r"autre clé) pour (?P<whose>ma session|une autre session)"), target_fixture="demande_de_deconnexion")
def educonnect_sends_logout(page: Page, reference_stack, target, famille: Family, signing: str, whose: str) -> str:
    """ÉduConnect's own LogoutRequest, through the browser to the ENT's HTTP-Redirect SingleLogoutService."""
    sessions = reference_stack.educonnect.saml_journal.sessions_of(famille.account.login, target.sp_entity_id)
    assert sessions, "ÉduConnect n'a ouvert aucune session de ce parent avec l'ENT"
    name_id, session_index = sessions[-1].name_id, sessions[-1].session_index
    if whose == "une autre session":
        name_id, session_index = secrets.token_hex(16), "_" + secrets.token_hex(16)
    request_id, url = reference_stack.educonnect.idp.build_logout_request_redirect(
        target.sp_entity_id, name_id, session_index, signing=LOGOUT_SIGNINGS[signing])
    page.goto(url)
    return request_id


@then("l'ENT a répondu à ÉduConnect par une réponse de déconnexion signée, en succès")
def ent_answered_logout(reference_stack, target, timeouts, demande_de_deconnexion: str):
    answer = reference_stack.educonnect.saml_journal.wait_for_logout_answer(
        target.sp_entity_id, demande_de_deconnexion, timeout=timeouts.event_s)
    assert answer.signed_with is not None, "la réponse de déconnexion de l'ENT n'est pas signée"
    assert answer.success, "la réponse de déconnexion de l'ENT n'est pas un succès"


@then("je suis toujours connecté à l'ENT")
def still_logged_in(page: Page, target, ent_home, famille: Family):
    page.goto(target.home_url)
    expect_greeted(ent_home, famille.guardian)


@then("l'ENT refuse la réponse de déconnexion d'ÉduConnect")
def ent_refuses_logout_response(page: Page, reference_stack, target, timeouts, famille: Family):
    """Only for an ENT that logs out by single logout: one that sends the browser to
    FrEduUrlRetour never gets a LogoutResponse."""
    journal = reference_stack.educonnect.saml_journal
    how = journal.wait_for_session_end(famille.account.login, target.sp_entity_id, timeout=timeouts.event_s)
    if how != "slo":
        pytest.skip("sans objet : l'ENT se déconnecte par l'adresse FrEduUrlRetour, sans réponse de déconnexion")
    ent_refuses(page, target)
