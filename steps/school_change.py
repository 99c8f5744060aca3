"""Steps of changing school (features/changement_ecole.feature)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_bdd import parsers, then, when

from mock_services.world import Family, SchoolInfo

from .letters import open_educonnect_page
from .pages.account import TeleservicesPage


@when(parsers.re(r"mon enfant change d'école (?P<where>dans la même académie|pour une autre académie)"),
      target_fixture="nouvelle_ecole")
def child_changes_school(world, famille: Family, where: str) -> SchoolInfo:
    academie = None if where == "dans la même académie" else (
        "25" if famille.school.academie != "VERSAILLES" else "24")  # BCN codes: Versailles, Créteil
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
    expect(TeleservicesPage(page).services_of(nouvelle_ecole.name)).to_have_text(list(nouvelle_ecole.services))
    expect(page.get_by_role("heading", name=famille.school.name, exact=True)).to_have_count(0)
