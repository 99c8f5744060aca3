"""The control API: the world and the virtual clock over HTTP (JSON), for `serve` mode,
people and vendors. Loopback only; JSON bodies only, validated by models.py; its OpenAPI
document at /api/openapi.json; its errors in French (errors.py)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

from ..clock import Clock
from ..educonnect.login.conformance import ResponseAlterations
from ..world import World
from . import errors
from . import models as m
from .openapi import ControlApi

MAX_BODY_BYTES = 64 * 1024


def create_control_app(world: World, clock: Clock, urls: dict[str, str],
                       alterations: ResponseAlterations | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    alterations = alterations if alterations is not None else ResponseAlterations()
    errors.install(app, urls)
    api = ControlApi(app, "API de pilotage de la pile de référence")

    def clock_state() -> m.ClockState:
        return m.ClockState(maintenant=clock.now(), decalage_secondes=clock.offset.total_seconds())

    @api.operation("GET", "/", "Les adresses des services et l'heure de l'horloge virtuelle", answer=m.Index)
    def index():
        return m.Index(services=urls, horloge=clock.now())

    @api.operation("GET", "/api/openapi.json", "Ce document", answer=m.OpenApiDocument)
    def openapi():
        return m.OpenApiDocument(api.document())

    @api.operation("GET", "/api/horloge", "L'heure de l'horloge virtuelle", answer=m.ClockState)
    def get_clock():
        return clock_state()

    @api.operation("POST", "/api/horloge/avancer", "Avance l'horloge virtuelle", body=m.ClockMove,
                   answer=m.ClockState)
    def advance_clock(move: m.ClockMove):
        clock.advance(timedelta(minutes=move.minutes or 0, seconds=move.seconds or 0))
        return clock_state()

    @api.operation("POST", "/api/ecoles", "Crée une école", body=m.NewSchool, status=201, answer=m.School)
    def create_school(new: m.NewSchool):
        return m.School.model_validate(world.create_school(**new.model_dump()), from_attributes=True)

    @api.operation("POST", "/api/eleves", "Crée un élève", body=m.NewPupil, status=201, answer=m.Pupil)
    def create_pupil(new: m.NewPupil):
        p = world.create_pupil(**new.model_dump())
        return m.Pupil(id=p.id, first_name=p.first_name, last_name=p.last_name, birth_date=p.birth_date,
                       class_name=p.class_name, school_uai=p.school.uai)

    @api.operation("POST", "/api/responsables", "Crée un représentant légal", body=m.NewGuardian, status=201,
                   answer=m.Guardian)
    def create_guardian(new: m.NewGuardian):
        return m.Guardian.model_validate(world.create_guardian(**new.model_dump()), from_attributes=True)

    @api.operation("POST", "/api/comptes", "Active le compte ÉduConnect d'un représentant légal",
                   body=m.NewAccount, status=201, answer=m.Account)
    def activate_account(new: m.NewAccount):
        return m.Account.model_validate(world.activate_account(**new.model_dump()), from_attributes=True)

    @api.operation("POST", "/api/directions", "Crée un compte de la direction d'une école (console)",
                   body=m.NewDirector, status=201, answer=m.Director)
    def create_director(new: m.NewDirector):
        d = world.create_director(**new.model_dump())
        return m.Director(school_uai=d.school.uai, login=d.login, password=d.password)

    @api.operation("POST", "/api/familles", "Crée une famille : une école (sauf school_uai), ses enfants, "
                   "un représentant légal et son compte", body=m.NewFamily, status=201, answer=m.Family)
    def create_family(new: m.NewFamily):
        family = world.create_family(**new.model_dump())
        return m.Family(school=m.School.model_validate(family.school, from_attributes=True),
                        guardian=m.FamilyGuardian.model_validate(family.guardian, from_attributes=True),
                        pupils=[m.FamilyPupil.model_validate(p, from_attributes=True) for p in family.pupils],
                        account=m.Account.model_validate(family.account, from_attributes=True)
                        if family.account else None)

    @api.operation("POST", "/api/alterations", "Ce que les réponses SAML d'ÉduConnect pour un compte ont de "
                   "faux (features/conformance/)", body=m.NewAlteration, status=201, answer=m.Alteration)
    def alter_responses(new: m.NewAlteration):
        alterations.set(new.login, new.alteration, new.victime)
        return m.Alteration(login=new.login, alteration=new.alteration, victime=new.victime)

    @api.operation("DELETE", "/api/alterations/<login>", "Les réponses SAML pour ce compte redeviennent justes",
                   status=204)
    def stop_altering(login: str):
        alterations.clear(login)

    return app
