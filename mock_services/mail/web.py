"""The test mailbox over HTTP: a Mailpit-like JSON API and pages for people."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from flask import Flask, abort, jsonify, render_template, request
from markupsafe import Markup, escape

from ..extract import split_links
from ..web.app import create_app
from .store import Mail, MailStore

try:
    from zoneinfo import ZoneInfo
    PARIS = ZoneInfo("Europe/Paris")
except Exception:  # no time zone database: show UTC
    PARIS = timezone.utc


def french_datetime(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")


def linkify(text: str) -> Markup:
    """`text` escaped, with its http(s) URLs as links."""
    return Markup("").join(Markup('<a href="{0}">{0}</a>').format(piece) if is_link else escape(piece)
                           for piece, is_link in split_links(text))


def _summary(mail: Mail) -> dict:
    return {"id": mail.id, "from": mail.sender, "to": list(mail.to), "subject": mail.subject,
            "received_at": mail.received_at.isoformat()}


def create_mail_app(store: MailStore) -> Flask:
    app = create_app(__name__, Path(__file__).parent / "templates", "mail_session", "Messagerie de test")
    app.jinja_env.filters["date_fr"] = french_datetime
    app.jinja_env.filters["linkify"] = linkify

    def not_found(id: int):
        return jsonify(message=f"message {id} inconnu"), 404

    # -- JSON API (Mailpit-like) -------------------------------------------------
    @app.get("/api/v1/messages")
    def api_list():
        mails = store.list(request.args.get("to") or None)[::-1]  # newest first
        return jsonify(total=len(mails), messages=[_summary(m) for m in mails])

    @app.get("/api/v1/message/<int:id>")
    def api_get(id: int):
        mail = store.get(id)
        if mail is None:
            return not_found(id)
        return jsonify(_summary(mail) | {"text": mail.text, "html": mail.html})

    @app.delete("/api/v1/messages")
    def api_delete_all():
        deleted = len(store.list())
        store.delete()
        return jsonify(deleted=deleted)

    @app.delete("/api/v1/message/<int:id>")
    def api_delete(id: int):
        if store.get(id) is None:
            return not_found(id)
        store.delete(id)
        return jsonify(deleted=1)

    # -- pages ---------------------------------------------------------------------
    @app.get("/")
    def inbox():
        to = (request.args.get("to") or "").strip()
        return render_template("boite.html", mails=store.list(to or None)[::-1], to=to)

    @app.get("/message/<int:id>")
    def message(id: int):
        mail = store.get(id)
        if mail is None:
            abort(404)
        return render_template("message.html", mail=mail)

    return app
