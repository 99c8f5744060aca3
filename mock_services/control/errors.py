"""The control API's errors: always JSON, in French, naming the fields at fault
({"erreur": …, "champs": [{"champ": …, "message": …}]}), never an HTML page."""
from __future__ import annotations

import re

from flask import Flask, Response, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from ..world import WorldError
from .models import REFUSED, Error, FieldError, NotFound

# pydantic's error types, in French ({…}: the error's context)
FRENCH = {
    "missing": "champ obligatoire",
    "extra_forbidden": "champ inconnu ; champs possibles : {known}",
    "int_type": "nombre entier attendu",
    "float_type": "nombre attendu",
    "finite_number": "nombre fini attendu",
    "string_type": "texte attendu",
    "bool_type": "booléen attendu (true ou false)",
    "list_type": "liste attendue",
    "literal_error": "valeur inconnue ; valeurs possibles : {expected}",
    "date_type": "date AAAA-MM-JJ attendue",
    "date_parsing": "date AAAA-MM-JJ attendue",
    "date_from_datetime_parsing": "date AAAA-MM-JJ attendue",
    "greater_than": "nombre supérieur à {gt} attendu",
    "greater_than_equal": "nombre supérieur ou égal à {ge} attendu",
    "less_than_equal": "nombre inférieur ou égal à {le} attendu",
    "string_too_short": "texte vide",
    "string_too_long": "texte trop long ({max_length} caractères au plus)",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "too_long": "{max_length} éléments au plus",
    "model_type": "le corps de la requête doit être un objet JSON",
    "json_invalid": "le corps de la requête n'est pas du JSON valide",
}
HTTP_FRENCH = {
    400: "requête invalide",
    404: "ressource inconnue",
    405: "méthode non permise ici",
    413: "corps de la requête trop volumineux",
    415: "le corps de la requête doit être du JSON (Content-Type: application/json)",
    500: "erreur interne de l'API de pilotage",  # Flask has logged the exception
}


class InvalidBody(Exception):
    def __init__(self, model: type[BaseModel], error: ValidationError) -> None:
        super().__init__(str(error))
        self.model, self.error = model, error


def _field_name(loc: tuple) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _message(model: type[BaseModel], error: dict) -> str:
    ctx = error.get("ctx", {})
    if error["type"] == REFUSED:
        return ctx["message"]
    ctx = {**{k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()},
           "known": ", ".join(model.model_fields),
           "expected": str(ctx.get("expected", "")).replace(" or ", " ou ")}
    return FRENCH.get(error["type"], "valeur invalide").format(**ctx)


def field_errors(model: type[BaseModel], err: ValidationError) -> tuple[str | None, list[FieldError]]:
    """The body's fault (if the body as a whole is at fault) and each field's, in French."""
    body, fields = None, []
    for error in err.errors(include_url=False):
        message = _message(model, error)
        names = [_field_name(error["loc"])] if error["loc"] else list(error.get("ctx", {}).get("fields", ()))
        if not names:
            body = message
        fields += [FieldError(champ=name, message=message) for name in names]
    return body, fields


def _reply(error: Error, status: int) -> Response:
    return Response(error.model_dump_json(), status, mimetype="application/json")


def _summary(fields: list[FieldError]) -> str:
    """`champ : message ; …`, the fields sharing a message named together."""
    by_message: dict[str, list[str]] = {}
    for f in fields:
        by_message.setdefault(f.message, []).append(f.champ)
    return " ; ".join(f"{', '.join(names)} : {message}" for message, names in by_message.items())


def install(app: Flask, urls: dict[str, str]) -> None:
    """Every error of `app` as JSON in French."""

    @app.errorhandler(InvalidBody)
    def _invalid_body(err: InvalidBody):
        body, fields = field_errors(err.model, err.error)
        return _reply(Error(erreur=body or _summary(fields), champs=fields), 400)

    @app.errorhandler(WorldError)
    def _world_refused(err: WorldError):
        match = re.fullmatch(r"([\w/]+) : (.*)", str(err), re.DOTALL)
        fields = [FieldError(champ=name, message=match[2]) for name in match[1].split("/")] if match else []
        return _reply(Error(erreur=str(err), champs=fields), 400)

    @app.errorhandler(HTTPException)  # also an unexpected exception: Flask makes it a 500
    def _http(err: HTTPException):
        text = HTTP_FRENCH.get(err.code, "requête refusée")
        if err.code == 404:
            return _reply(NotFound(erreur=text, services=urls), 404)
        allowed = getattr(err, "valid_methods", None)
        if err.code == 405 and allowed:
            text = f"{text} : {request.method} ; méthodes permises : {', '.join(allowed)}"
        response = _reply(Error(erreur=text), err.code)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response
