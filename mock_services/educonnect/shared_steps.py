"""Steps 3 and 4 of the guide (the security code, the children's birth dates),
shared by « Je n'ai pas de compte » and the first FranceConnect login.

Each view passes its journey's state: `st` (the session's dict for the
journey), `save(**changes)` and `say(reason, channel=None, **details)`.
Templates come from activation/ and post back to the calling blueprint.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from flask import redirect, render_template, request, url_for

from .activation import ActivationError, DeliveryError


def send_code(codes, st: dict, save: Callable, say: Callable, step_on_failure: str):
    """Send a code (« Réessayer » too: the old one dies); on a delivery failure, offer to retry."""
    try:
        code_id = codes.send_code(st["guardian_id"], st["channel"], st["contact"])
    except DeliveryError:
        save(step=step_on_failure)
        return render_template("activation/echec_envoi.html", error=say("delivery-failed")), 503
    save(step="code", code_id=code_id)
    return redirect(url_for(f"{request.blueprint}.code"))


def code_step(codes, st: dict, save: Callable, say: Callable):
    """Step 3: the code received by SMS or mail."""
    if request.method == "GET":
        return render_template("activation/code.html", channel=st["channel"])
    entered = request.form.get("code", "").strip()
    if not entered:
        return render_template("activation/code.html", channel=st["channel"], error=say("code-missing")), 400
    try:
        codes.verify_code(st["code_id"], entered)
    except ActivationError as err:
        return render_template("activation/code.html", channel=st["channel"], error=say(err.reason, **err.details),
                               retry=err.reason in ("code-expired", "code-exhausted")), 400
    save(step="enfants")
    return redirect(url_for(f"{request.blueprint}.children"))


def children_step(codes, st: dict, save: Callable, say: Callable, done: Callable[[list[int]], object]):
    """Step 4: confirm being the legal representative and give each child's birth date.
    A wrong date attaches the others and lets the parent go on (`done(confirmed ids)`)."""
    kids = codes.children(st["guardian_id"])
    if request.method == "GET":
        return render_template("activation/enfants.html", children=kids, errors={}, values={})
    if request.form.get("continuer") and st.get("confirmed") is not None:
        return done(st["confirmed"])
    values = {k.id: request.form.get(f"naissance-{k.id}", "") for k in kids}
    if not request.form.get("representant"):
        return render_template("activation/enfants.html", children=kids, errors={}, values=values,
                               error=say("legal-missing")), 400
    not_mine = {k.id for k in kids if request.form.get(f"pas-representant-{k.id}")}
    answers = {k.id: _parse_date(values[k.id]) for k in kids if k.id not in not_mine}
    confirmed, wrong = codes.check_birth_dates(st["guardian_id"], answers)
    wrong = [pid for pid in wrong if pid not in not_mine]
    save(confirmed=confirmed)
    if wrong:
        return render_template("activation/enfants.html", children=kids, values=values, can_continue=True,
                               errors={pid: say("birth-date-wrong") for pid in wrong}), 400
    return done(confirmed)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
