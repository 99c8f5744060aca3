"""The control API's operations, each declared once: the declaration registers the Flask
route, validates the body with its request model, answers with its response model, and
describes the operation in the OpenAPI 3.1 document built from the same models."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, request
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from werkzeug.exceptions import UnsupportedMediaType

from .errors import InvalidBody
from .models import Error, NotFound, Request

PATH_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
DESCRIPTIONS = {200: "fait", 201: "créé", 204: "fait (sans contenu)",
                400: "requête invalide : les champs en faute sont nommés", 404: "ressource inconnue",
                413: "corps de la requête trop volumineux", 415: "corps de la requête qui n'est pas du JSON"}


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str  # Flask's form: /api/alterations/<login>
    name: str
    summary: str
    body: type[Request] | None
    status: int
    answer: type[BaseModel] | None  # None: no content

    @property
    def path(self) -> str:
        return PATH_PARAMETER.sub(r"{\1}", self.rule)

    @property
    def errors(self) -> dict[int, type[Error]]:
        errors = {400: Error, 413: Error, 415: Error} if self.body else {}
        return {**errors, 404: NotFound} if PATH_PARAMETER.search(self.rule) else errors


def parse_body(model: type[Request]) -> Request:
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as err:
        raise InvalidBody(model, err) from err


class ControlApi:
    def __init__(self, app: Flask, title: str) -> None:
        self.app, self.title = app, title
        self.operations: list[Operation] = []

    def operation(self, method: str, rule: str, summary: str, *, status: int = 200,
                  answer: type[BaseModel] | None = None, body: type[Request] | None = None) -> Callable:
        """The view gets the validated body (if any) and the path's parameters, and returns an
        `answer` (or nothing, when `answer` is None)."""
        def register(view: Callable) -> Callable:
            def handler(**path) -> Response:
                result = view(parse_body(body), **path) if body else view(**path)
                if answer is None:
                    empty = Response(status=status)
                    del empty.headers["Content-Type"]
                    return empty
                return Response(result.model_dump_json(), status, mimetype="application/json")

            self.app.add_url_rule(rule, view.__name__, handler, methods=[method], provide_automatic_options=False)
            self.operations.append(Operation(method, rule, view.__name__, summary, body, status, answer))
            return view
        return register

    def document(self) -> dict:
        models = {m for op in self.operations for m in (op.body, op.answer, *op.errors.values()) if m}
        refs, schemas = models_json_schema(
            [(m, "validation" if issubclass(m, Request) else "serialization")
             for m in sorted(models, key=lambda m: m.__name__)],
            ref_template="#/components/schemas/{model}")

        def content(model: type[BaseModel]) -> dict:
            mode = "validation" if issubclass(model, Request) else "serialization"
            return {"application/json": {"schema": refs[(model, mode)]}}

        paths: dict[str, dict] = {}
        for op in self.operations:
            responses = {op.status: op.answer, **op.errors}
            entry = {"operationId": op.name, "summary": op.summary,
                     "responses": {str(code): {"description": DESCRIPTIONS[code],
                                               **({"content": content(model)} if model else {})}
                                   for code, model in sorted(responses.items())}}
            parameters = PATH_PARAMETER.findall(op.rule)
            if parameters:
                entry["parameters"] = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                                       for name in parameters]
            if op.body:
                entry["requestBody"] = {"required": True, "content": content(op.body)}
            paths.setdefault(op.path, {})[op.method.lower()] = entry
        return {"openapi": "3.1.0", "info": {"title": self.title, "version": "1"},
                "paths": paths, "components": {"schemas": schemas.get("$defs", {})}}
