"""Steps 3 and 4 of the guide (the security code, the children's birth dates),
shared by « Je n'ai pas de compte » and the first FranceConnect login.

Each view passes its journey's state: `st` (the session's dict for the
journey), `save(**changes)` and `say(reason, channel=None, **details)`.
Templates come from activation/ and post back to the calling blueprint.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from flask import Blueprint, redirect, render_template, request, session, url_for

from .errors import DeliveryError, JourneyError


class Journey:
    """A journey's state in the session under `key`, its steps in `order`.
    `off_track(reached)` answers a request for a step not reached yet."""

    def __init__(self, key: str, order: list[str], off_track: Callable[[str | None], object]) -> None:
        self.key, self.order, self.off_track = key, order, off_track

    def state(self) -> dict:
        return session.get(self.key) or {}

    def save(self, **changes) -> None:
        session[self.key] = {**self.state(), **changes}

    def start(self, **values) -> None:
        session[self.key] = values

    def end(self) -> dict:
        return session.pop(self.key, None) or {}

    def at_least(self, step: str):
        """None if the journey has reached `step`, else where to go instead."""
        reached = self.state().get("step")
        if reached is None or self.order.index(reached) < self.order.index(step):
            return self.off_track(reached)
        return None


def add_code_views(bp: Blueprint, codes, journey: Journey, say: Callable, step_on_failure: str) -> Callable:
    """`/code` and `/code/nouveau` (« Réessayer ») on `bp`; returns the send-code action."""

    def send():
        return send_code(codes, journey.state(), journey.save, say, step_on_failure)

    @bp.route("/code", methods=["GET", "POST"])
    def code():
        return journey.at_least("code") or code_step(codes, journey.state(), journey.save, say)

    @bp.post("/code/nouveau")
    def new_code():
        """« Réessayer »: a fresh code (the old one dies)."""
        return journey.at_least("code") or send()

    return send


def send_code(codes, st: dict, save: Callable, say: Callable, step_on_failure: str):
    """Send a code (« Réessayer » too: the old one dies); on a delivery failure, offer to retry."""
    try:
        code_id = codes.send_code(st["guardian_id"], st["channel"], st["contact"])
    except DeliveryError:
        if "panne-sms-silencieuse" in codes.faults:  # as if it had been sent
            save(step="code", code_id=None)
            return redirect(url_for(f"{request.blueprint}.code"))
        save(step=step_on_failure)
        return render_template("steps/echec_envoi.html", error=say("delivery-failed")), 503
    save(step="code", code_id=code_id)
    return redirect(url_for(f"{request.blueprint}.code"))


def code_step(codes, st: dict, save: Callable, say: Callable):
    """Step 3: the code received by SMS or mail."""
    if request.method == "GET":
        return render_template("steps/code.html", channel=st["channel"])
    entered = request.form.get("code", "").strip()
    if not entered:
        error = None if "code-vide-sans-message" in codes.faults else say("code-missing")
        return render_template("steps/code.html", channel=st["channel"], error=error), 400
    try:
        codes.verify_code(st["code_id"], entered)
    except JourneyError as err:
        return render_template("steps/code.html", channel=st["channel"], error=say(err.reason, **err.details),
                               retry=err.reason in ("code-expired", "code-exhausted")), 400
    save(step="enfants")
    return redirect(url_for(f"{request.blueprint}.children"))


def children_step(codes, st: dict, save: Callable, say: Callable, done: Callable[[list[int]], object]):
    """Step 4: confirm being the legal representative and give each child's birth date.
    A wrong date attaches the others and lets the parent go on (`done(confirmed ids)`)."""
    kids = codes.children(st["guardian_id"])
    if request.method == "GET":
        return render_template("steps/enfants.html", children=kids, errors={}, values={})
    if request.form.get("continuer") and st.get("confirmed") is not None:
        return done(st["confirmed"])
    values = {k.id: request.form.get(f"naissance-{k.id}", "") for k in kids}
    if not request.form.get("representant") and "representant-legal-facultatif" not in codes.faults:
        return render_template("steps/enfants.html", children=kids, errors={}, values=values,
                               error=say("legal-missing")), 400
    not_mine = {k.id for k in kids if request.form.get(f"pas-representant-{k.id}")}
    answers = {k.id: _parse_date(values[k.id]) for k in kids if k.id not in not_mine}
    confirmed, wrong = codes.check_birth_dates(st["guardian_id"], answers)
    wrong = [pid for pid in wrong if pid not in not_mine]
    save(confirmed=confirmed)
    if wrong:
        return render_template("steps/enfants.html", children=kids, values=values, can_continue=True,
                               errors={pid: say("birth-date-wrong") for pid in wrong}), 400
    return done(confirmed)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
