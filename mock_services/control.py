"""The control API: the world and the virtual clock over HTTP (JSON), for
`serve` mode, people and vendors. Loopback only; JSON bodies only."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Flask, jsonify, request

from .clock import Clock
from .educonnect.login.conformance import WRAPPING_ATTACKS, ResponseAlterations
from .world import World, WorldError


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise WorldError("le corps de la requête doit être un objet JSON (Content-Type: application/json)")
    return data


def _date(value, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as err:
        raise WorldError(f"{field} : date AAAA-MM-JJ attendue") from err


def _only(data: dict, allowed: set[str]) -> dict:
    unknown = set(data) - allowed
    if unknown:
        raise WorldError(f"champ(s) inconnu(s) : {', '.join(sorted(unknown))} ; champs possibles : {', '.join(sorted(allowed))}")
    return data


def create_control_app(world: World, clock: Clock, urls: dict[str, str],
                       alterations: ResponseAlterations | None = None) -> Flask:
    app = Flask(__name__)
    alterations = alterations if alterations is not None else ResponseAlterations()

    @app.errorhandler(WorldError)
    def _bad_input(err):
        return jsonify(erreur=str(err)), 400

    @app.errorhandler(404)
    def _not_found(_err):
        return jsonify(erreur="ressource inconnue", services=urls), 404

    @app.get("/")
    def index():
        return jsonify(services=urls, horloge=clock.now().isoformat())

    @app.get("/api/horloge")
    def get_clock():
        return jsonify(maintenant=clock.now().isoformat(), decalage_secondes=clock.offset.total_seconds())

    @app.post("/api/horloge/avancer")
    def advance_clock():
        data = _only(_body(), {"minutes", "seconds"})
        try:
            delta = timedelta(minutes=float(data.get("minutes", 0)), seconds=float(data.get("seconds", 0)))
            clock.advance(delta)
        except (TypeError, ValueError) as err:
            raise WorldError("minutes/seconds : nombre positif attendu") from err
        return get_clock()

    @app.post("/api/ecoles")
    def create_school():
        data = _only(_body(), {"name", "uai", "academie", "city", "services"})
        return jsonify(vars(world.create_school(**data))), 201

    @app.post("/api/eleves")
    def create_pupil():
        data = _only(_body(), {"school_uai", "first_name", "last_name", "birth_date", "class_name"})
        if "school_uai" not in data:
            raise WorldError("school_uai : champ obligatoire")
        data["birth_date"] = _date(data.get("birth_date"), "birth_date")
        pupil = world.create_pupil(**data)
        return jsonify(id=pupil.id, first_name=pupil.first_name, last_name=pupil.last_name,
                       birth_date=pupil.birth_date.isoformat(), class_name=pupil.class_name,
                       school_uai=pupil.school.uai), 201

    @app.post("/api/responsables")
    def create_guardian():
        data = _only(_body(), {"pupil_ids", "first_name", "last_name", "civility", "mobile", "email", "in_ent"})
        if not isinstance(data.get("pupil_ids"), list):
            raise WorldError("pupil_ids : liste d'identifiants d'élèves attendue")
        g = world.create_guardian(**data)
        return jsonify(id=g.id, civility=g.civility, first_name=g.first_name, last_name=g.last_name,
                       mobile=g.mobile, email=g.email, external_id=g.external_id), 201

    @app.post("/api/comptes")
    def activate_account():
        data = _only(_body(), {"guardian_id", "password"})
        if not isinstance(data.get("guardian_id"), int):
            raise WorldError("guardian_id : entier attendu")
        account = world.activate_account(**data)
        return jsonify(login=account.login, password=account.password), 201

    @app.post("/api/directions")
    def create_director():
        data = _only(_body(), {"school_uai", "password"})
        if "school_uai" not in data:
            raise WorldError("school_uai : champ obligatoire")
        d = world.create_director(**data)
        return jsonify(school_uai=d.school.uai, login=d.login, password=d.password), 201

    @app.post("/api/familles")
    def create_family():
        data = _only(_body(), {"children", "activated", "in_ent", "school_uai"})
        family = world.create_family(**data)
        return jsonify(
            school=vars(family.school),
            guardian={"id": family.guardian.id, "civility": family.guardian.civility,
                      "first_name": family.guardian.first_name, "last_name": family.guardian.last_name,
                      "mobile": family.guardian.mobile},
            pupils=[{"id": p.id, "first_name": p.first_name, "last_name": p.last_name,
                     "birth_date": p.birth_date.isoformat(), "class_name": p.class_name} for p in family.pupils],
            account=vars(family.account) if family.account else None), 201

    @app.post("/api/alterations")
    def alter_responses():
        """What ÉduConnect's SAML responses for one account get wrong (features/conformance/)."""
        data = _only(_body(), {"login", "alteration", "victime"})
        login, kind, victim = data.get("login"), data.get("alteration"), data.get("victime")
        if not isinstance(login, str) or not login.strip():
            raise WorldError("login : identifiant ÉduConnect attendu")
        if kind not in ResponseAlterations.KINDS:
            raise WorldError(f"alteration : inconnue ({kind!r}) ; possibles : "
                             f"{', '.join(sorted(ResponseAlterations.KINDS))}")
        attack = kind in WRAPPING_ATTACKS
        if attack != (isinstance(victim, str) and bool(victim.strip())):
            raise WorldError("victime : l'identifiant ÉduConnect du parent que l'attaque met à la place, "
                             "pour une attaque par enveloppement (xsw1 … xsw8, id-confusion) seulement")
        alterations.set(login.strip(), kind, victim.strip() if attack else None)
        return jsonify(login=login.strip(), alteration=kind, victime=victim if attack else None), 201

    @app.delete("/api/alterations/<login>")
    def stop_altering(login: str):
        alterations.clear(login)
        return "", 204

    return app
