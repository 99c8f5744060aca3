"""The control API as an API: strict bodies, errors as JSON in French naming the field,
an OpenAPI document of every route, and every operation fuzzed against that document."""
from pathlib import Path

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mock_services.clock import Clock
from mock_services.control import create_control_app
from mock_services.control.app import MAX_BODY_BYTES
from mock_services.db import Database
from mock_services.educonnect.login.conformance import ResponseAlterations
from mock_services.educonnect.shared.models import Base
from mock_services.educonnect.shared.password_rule import RULE
from mock_services.ent.directory import Directory
from mock_services.ent.models import Base as EntBase
from mock_services.world import World

URLS = {"control": "http://control.localhost:8402"}


def control_app(alterations=None):
    """On in-memory databases (SQLAlchemy keeps one connection per thread; the test client
    calls from this one), feeding the reference ENT's directory as the stack does."""
    clock = Clock()
    ent = Directory(Database(Path(":memory:"), EntBase))
    world = World(Database(Path(":memory:"), Base), clock, ent.provision_parent)
    return create_control_app(world, clock, URLS, alterations)


@pytest.fixture
def api():
    return control_app().test_client()


# -- fuzzing: every operation against the document ------------------------------------

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", control_app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None)
def test_every_operation_answers_as_its_document_says(case):
    """No 5xx, and no status code, content type or body the document does not declare
    (positive and negative examples, wrong methods and content types)."""
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])


# -- the document -----------------------------------------------------------------------

def test_the_document_lists_every_route_of_the_app_with_its_responses():
    app = control_app()
    document = app.test_client().get("/api/openapi.json").json
    routed = {(method.lower(), rule.rule.replace("<", "{").replace(">", "}"))
              for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert documented == routed
    assert document["openapi"].startswith("3.1")
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            for code, response in op["responses"].items():
                if code != "204":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.split("/")[-1] in schemas, (method, path, code)
            if method == "post":
                assert {"400", "413", "415"} <= set(op["responses"]), path
                assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    family = schemas["NewFamily"]
    assert family["additionalProperties"] is False
    children = family["properties"]["children"]
    assert (children["type"], children["minimum"], children["maximum"]) == ("integer", 1, 10)
    assert document["paths"]["/api/alterations/{login}"]["delete"]["responses"]["404"]


# -- the French errors ----------------------------------------------------------------------

def refused(response, field):
    """The 400's message for `field`, after checking the error's shape."""
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.json
    messages = {f["champ"]: f["message"] for f in body["champs"]}
    assert field in messages, body
    assert field in body["erreur"] and messages[field] in body["erreur"]
    return messages[field]


@pytest.mark.parametrize("path,body,field,message", [
    ("/api/familles", {"children": "3"}, "children", "nombre entier attendu"),
    ("/api/familles", {"children": 2.0}, "children", "nombre entier attendu"),
    ("/api/familles", {"activated": "true"}, "activated", "booléen attendu (true ou false)"),
    ("/api/familles", {"in_ent": 1}, "in_ent", "booléen attendu (true ou false)"),
    ("/api/responsables", {"pupil_ids": "1"}, "pupil_ids", "liste attendue"),
    ("/api/responsables", {"pupil_ids": ["1"]}, "pupil_ids[0]", "nombre entier attendu"),
    ("/api/comptes", {"guardian_id": True}, "guardian_id", "nombre entier attendu"),
    ("/api/horloge/avancer", {"minutes": "5"}, "minutes", "nombre attendu"),
    ("/api/ecoles", {"services": "cantine"}, "services", "liste attendue"),
    ("/api/ecoles", {"name": 3}, "name", "texte attendu"),
])
def test_a_wrong_type_is_refused_not_converted(api, path, body, field, message):
    assert refused(api.post(path, json=body), field) == message


@pytest.mark.parametrize("path,body,field,message", [
    ("/api/familles", {"children": 0}, "children", "nombre supérieur ou égal à 1 attendu"),
    ("/api/familles", {"children": 11}, "children", "nombre inférieur ou égal à 10 attendu"),
    ("/api/horloge/avancer", {"minutes": -5}, "minutes", "nombre supérieur à 0 attendu"),
    ("/api/horloge/avancer", {"seconds": 10**9}, "seconds", "nombre inférieur ou égal à 31622400 attendu"),
    ("/api/horloge/avancer", {}, "minutes", "une durée positive est attendue (minutes ou seconds)"),
    ("/api/comptes", {"guardian_id": 0}, "guardian_id", "nombre supérieur à 0 attendu"),
    ("/api/comptes", {"guardian_id": 2**63}, "guardian_id", f"nombre inférieur ou égal à {2**63 - 1} attendu"),
    ("/api/responsables", {"pupil_ids": []}, "pupil_ids", "au moins 1 élément(s) attendu(s)"),
    ("/api/responsables", {"pupil_ids": [1, 1]}, "pupil_ids", "identifiants en double"),
    ("/api/familles", {"school_uai": "0941234A"}, "school_uai",
     "UAI invalide : sept chiffres et la lettre de contrôle attendus (par exemple 0941234F)"),
    ("/api/eleves", {"school_uai": "0941234F", "birth_date": "03/05/2019"}, "birth_date",
     "date AAAA-MM-JJ attendue"),
    ("/api/responsables", {"pupil_ids": [1], "mobile": "12"}, "mobile", "numéro invalide (12)"),
    ("/api/responsables", {"pupil_ids": [1], "email": "parent.exemple.test"}, "email", "adresse e-mail invalide"),
    ("/api/responsables", {"pupil_ids": [1], "civility": "Madame"}, "civility",
     "valeur inconnue ; valeurs possibles : 'Mme' ou 'M.'"),
    ("/api/ecoles", {"academie": "99"}, "academie",
     "code BCN d'académie inconnu (par exemple 24 pour Créteil, 1 ou 01 pour Paris)"),
    ("/api/ecoles", {"name": "  "}, "name", "texte vide"),
    ("/api/comptes", {"guardian_id": 1, "password": "motdepasse"}, "password", RULE),
    ("/api/alterations", {"login": "p.martin01", "alteration": "xsw1"}, "victime",
     ("l'identifiant ÉduConnect du parent que l'attaque met à la place, pour une attaque par enveloppement "
      "(xsw1 … xsw8, id-confusion) seulement")),
])
def test_ranges_and_formats_are_the_worlds(api, path, body, field, message):
    assert refused(api.post(path, json=body), field) == message


def test_an_unknown_field_is_named_with_the_known_ones(api):
    assert refused(api.post("/api/familles", json={"enfants": 2}), "enfants") == \
        "champ inconnu ; champs possibles : children, activated, in_ent, school_uai"


def test_every_field_at_fault_is_named_at_once(api):
    body = api.post("/api/alterations", json={"login": 3, "alteration": "tout"}).json
    assert [f["champ"] for f in body["champs"]] == ["login", "alteration"]
    assert body["erreur"].startswith("login : texte attendu ; alteration : valeur inconnue")


def test_the_worlds_refusals_name_the_field(api):
    assert refused(api.post("/api/eleves", json={"school_uai": "0941234F"}), "school_uai") == \
        "école 0941234F inconnue"


@pytest.mark.parametrize("data,content_type,status,message", [
    ('{"children": ', "application/json", 400, "le corps de la requête n'est pas du JSON valide"),
    ("", "application/json", 400, "le corps de la requête n'est pas du JSON valide"),
    ("[1]", "application/json", 400, "le corps de la requête doit être un objet JSON"),
    ('{"children": 2}', "text/plain", 415, "le corps de la requête doit être du JSON (Content-Type: application/json)"),
    ("children=2", "application/x-www-form-urlencoded", 415,
     "le corps de la requête doit être du JSON (Content-Type: application/json)"),
    ("[" * (MAX_BODY_BYTES + 1), "application/json", 413, "corps de la requête trop volumineux"),
])
def test_a_body_that_is_no_json_object_is_refused_in_french(api, data, content_type, status, message):
    r = api.post("/api/familles", data=data, content_type=content_type)
    assert (r.status_code, r.mimetype, r.json) == (status, "application/json", {"erreur": message, "champs": []})


def test_unknown_paths_and_methods_answer_json(api):
    r = api.get("/api/famille")
    assert (r.status_code, r.mimetype) == (404, "application/json")
    assert r.json == {"erreur": "ressource inconnue", "champs": [], "services": URLS}
    r = api.get("/api/familles")
    assert (r.status_code, r.mimetype, r.headers["Allow"]) == (405, "application/json", "POST")
    assert r.json["erreur"] == "méthode non permise ici : GET ; méthodes permises : POST"
    assert api.options("/api/familles").status_code == 405


def test_an_unexpected_failure_is_still_json():
    clock = Clock()
    world = World(Database(Path(":memory:"), Base), clock, provision_ent=None)
    world.create_family = lambda **_: 1 / 0
    r = create_control_app(world, clock, URLS).test_client().post("/api/familles", json={})
    assert (r.status_code, r.mimetype) == (500, "application/json")
    assert r.json == {"erreur": "erreur interne de l'API de pilotage", "champs": []}


# -- what the operations answer -----------------------------------------------------------

def test_a_family_built_call_by_call():
    alterations = ResponseAlterations()
    api = control_app(alterations).test_client()
    school = api.post("/api/ecoles", json={"uai": "0941234F", "name": "École Jean Jaurès", "academie": "01",
                                           "city": "Paris", "services": ["ENT de l'école"]})
    assert (school.status_code, school.json) == (201, {"uai": "0941234F", "name": "École Jean Jaurès",
                                                       "academie_code": "01", "services": ["ENT de l'école"]})
    pupil = api.post("/api/eleves", json={"school_uai": "0941234F", "birth_date": "2019-05-03", "first_name": "Tom",
                                          "last_name": "Martin"}).json
    assert pupil["birth_date"] == "2019-05-03" and pupil["school_uai"] == "0941234F"
    guardian = api.post("/api/responsables", json={"pupil_ids": [pupil["id"]], "civility": "Mme",
                                                   "mobile": "06 12 34 56 78", "email": "Lea@Exemple.test"})
    assert guardian.status_code == 201
    assert guardian.json["mobile"] == "+33612345678" and guardian.json["email"] == "lea@exemple.test"
    assert guardian.json["external_id"].startswith("PARIS-")
    account = api.post("/api/comptes", json={"guardian_id": guardian.json["id"], "password": "Ecole-2024!"})
    assert account.status_code == 201 and account.json["password"] == "Ecole-2024!"
    assert refused(api.post("/api/comptes", json={"guardian_id": guardian.json["id"]}), "guardian_id") == \
        f"le responsable {guardian.json['id']} a déjà un compte"
    director = api.post("/api/directions", json={"school_uai": "0941234F"})
    assert director.status_code == 201 and director.json["login"].startswith("direction.0941234f")
    alteration = {"login": account.json["login"], "alteration": "xsw2", "victime": "p.martin01"}
    assert api.post("/api/alterations", json=alteration).json == alteration
    assert alterations.victim_of(account.json["login"]) == "p.martin01"
    assert api.delete(f"/api/alterations/{account.json['login']}").status_code == 204
    assert alterations.of(account.json["login"]) is None
    moved = api.post("/api/horloge/avancer", json={"minutes": 1.5, "seconds": 30}).json
    assert moved["decalage_secondes"] == 120
