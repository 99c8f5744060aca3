"""Synchronizer-token CSRF protection for the reference stack's forms."""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Container

from flask import abort, request, session

FIELD = "csrf_token"


def token() -> str:
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def protect(app, exempt: Container[str] = frozenset()) -> None:
    """Reject every POST without the session's token, except `exempt` endpoints (asked at each request)."""
    app.jinja_env.globals["csrf_token"] = token

    @app.before_request
    def _check():
        if request.method != "POST" or request.endpoint in exempt:
            return None
        expected = session.get(FIELD)
        sent = request.form.get(FIELD, "")
        # as bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500)
        if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
            abort(400, description="csrf")
        return None
