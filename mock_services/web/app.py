"""What every web app of the reference stack shares: cookies, CSRF, French error pages."""
from __future__ import annotations

import secrets
from collections.abc import Container
from pathlib import Path

import jinja2
from flask import Flask, render_template
from werkzeug.routing import IntegerConverter

from . import csrf
from .sessions import RevocableSessions

SHARED_TEMPLATES = Path(__file__).parent / "templates"

ERROR_TEXTS = {
    400: ("Requête invalide", "La demande n'a pas pu être traitée. Votre session a peut-être expiré : veuillez recommencer."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "La page demandée n'existe pas."),
    405: ("Requête invalide", "Cette page ne peut pas être appelée de cette façon."),
    413: ("Requête trop volumineuse", "Les informations envoyées sont trop volumineuses : veuillez vérifier "
                                      "votre saisie et recommencer."),
    500: ("Erreur technique", "Une erreur technique est survenue. Veuillez réessayer plus tard."),
}


class RowId(IntegerConverter):
    """`<id:name>`: a database row's id, in ASCII digits and within SQLite's INTEGER; any
    other text (a huge number, `٣`) matches no route, hence a 404."""
    regex = r"[0-9]+"

    def __init__(self, map) -> None:
        super().__init__(map, max=2 ** 63 - 1)


def create_app(import_name: str, template_dir: Path, cookie_name: str,
               service_title: str, csrf_exempt: Container[str] = frozenset(), *,
               session_owner: str | None = None, revocable_sessions=lambda: True) -> Flask:
    """A Flask app whose own templates are in `template_dir` (then the stack's shared ones);
    its blueprints may bring theirs. Its sessions end on the server (web/sessions.py);
    `session_owner` names the session value whose sessions end together."""
    app = Flask(import_name, template_folder=str(template_dir))
    app.url_map.converters["id"] = RowId
    app.session_interface = RevocableSessions(session_owner, revocable=revocable_sessions)
    app.jinja_loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(template_dir)),
        jinja2.FileSystemLoader(str(SHARED_TEMPLATES)),
    ])
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        SESSION_COOKIE_NAME=cookie_name,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.jinja_env.globals["service_title"] = service_title
    csrf.protect(app, exempt=csrf_exempt)

    def _error(err):
        code = getattr(err, "code", 500) or 500
        title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
        return render_template("erreur.html", title=title, text=text), code

    for code in ERROR_TEXTS:
        app.register_error_handler(code, _error)

    @app.get("/accessibilite")
    def accessibility_statement():
        """The page the footer's « Accessibilité : non conforme » leads to (layout.html)."""
        return render_template("accessibilite.html")

    return app


def session_cookie(app: Flask, values: dict) -> dict:
    """A browser cookie (Playwright's shape, without its URL) of `app`'s signed session holding
    `values`: what a login leaves, for set-up that is not the login under test."""
    value = app.session_interface.get_signing_serializer(app).dumps(app.session_interface.issue(dict(values)))
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "httpOnly": True, "sameSite": "Lax"}
