"""The test SMS gateway: an API shaped like OVH's `POST /sms/{service}/jobs`, per-number
fault injection, and a page listing what it received."""
from __future__ import annotations

import functools
import hmac
import math
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, jsonify, render_template, request

from ..mail.web import french_datetime, linkify
from ..web.app import create_app
from ..world import normalise_mobile
from .store import DELIVERED, UNDELIVERABLE, Sms, SmsStore

FAULT_KINDS = ("error", "slow", "undeliverable")
DEFAULT_SLOW_SECONDS = 30.0
STATUS_LABELS = {DELIVERED: "remis", UNDELIVERABLE: "non distribuable"}

# GSM 03.38: one septet each, or two for the extension table; anything else means UCS-2.
GSM_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
                "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = set("^{}\\[~]|€\f")


def sms_parts(text: str) -> int:
    """How many SMS (hence credits per receiver) a text takes."""
    if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text):
        length = sum(2 if c in GSM_EXTENSION else 1 for c in text)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if length <= single else math.ceil(length / multi)


@dataclass(frozen=True)
class Fault:
    kind: str
    seconds: float | None = None


class GatewayFaults:
    """Faults by E.164 number. Slow answers wait on an event that release_slow(),
    clear() and shutdown() set, so nothing ever hangs a test or the stack's stop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}
        self._release = threading.Event()
        self._closed = False

    def set_fault(self, number: str, fault: str, seconds: float | None = None) -> Fault:
        if fault not in FAULT_KINDS:
            raise ValueError(f"fault : « {fault} » inconnu ; attendu : {', '.join(FAULT_KINDS)}")
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                    or not 0 <= seconds <= 3600):
            raise ValueError("seconds : nombre de secondes entre 0 et 3600 attendu")
        e164 = normalise_mobile(number)
        if e164 is None:
            raise ValueError("number : numéro manquant")
        entry = Fault(fault, (DEFAULT_SLOW_SECONDS if seconds is None else float(seconds)) if fault == "slow" else None)
        with self._lock:
            self._faults[e164] = entry
            if fault == "slow" and self._release.is_set() and not self._closed:
                self._release = threading.Event()  # slow again after a release
        return entry

    def get(self, number: str) -> Fault | None:
        with self._lock:
            return self._faults.get(number)

    def all(self) -> dict[str, Fault]:
        with self._lock:
            return dict(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
        self.release_slow()

    def release_slow(self) -> None:
        """Slow answers go on at once, those waiting and those to come, until a slow
        fault is set again (so a release cannot miss an answer not yet waiting)."""
        with self._lock:
            self._release.set()

    def shutdown(self) -> None:
        """Releases slow answers for good."""
        with self._lock:
            self._closed = True
            self._release.set()

    def delay(self, seconds: float) -> None:
        with self._lock:
            if self._closed:
                return
            event = self._release
        event.wait(seconds)


def _json_sms(sms: Sms) -> dict:
    return {"id": sms.id, "from": sms.sender, "to": sms.to, "text": sms.text, "status": sms.status,
            "received_at": sms.received_at.isoformat()}


def _number_or_none(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return normalise_mobile(value)
    except ValueError:
        return None


def create_sms_app(store: SmsStore, token: str, faults: GatewayFaults | None = None) -> Flask:
    """The app carries `gateway_faults` and `release_slow` for the stack and tests."""
    faults = faults or GatewayFaults()
    app = create_app(__name__, Path(__file__).parent / "templates", "sms_session", "Passerelle SMS de test",
                     csrf_exempt={"sms_jobs", "set_fault"})
    app.jinja_env.filters["date_fr"] = french_datetime
    app.jinja_env.filters["linkify"] = linkify
    app.gateway_faults = faults
    app.release_slow = faults.release_slow
    app.extensions["sms_gateway_faults"] = faults

    def refuse(status: int, message: str):
        return jsonify(message=message), status

    def with_token(view):
        """The view answers only a request bearing the gateway's token."""
        @functools.wraps(view)
        def checked(**kwargs):
            if not hmac.compare_digest(request.headers.get("Authorization", "").encode(), f"Bearer {token}".encode()):
                return refuse(401, "jeton d'accès manquant ou invalide (en-tête Authorization: Bearer …)")
            return view(**kwargs)
        return checked

    # -- the API the services call -----------------------------------------------
    @app.post("/sms/<service>/jobs", endpoint="sms_jobs")
    @with_token
    def jobs(service: str):
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return refuse(400, "corps JSON (objet) attendu")
        message, receivers, sender = data.get("message"), data.get("receivers"), data.get("sender", "")
        if not isinstance(message, str) or not message.strip():
            return refuse(400, "message : texte du SMS manquant ou vide")
        if not isinstance(receivers, list) or not receivers:
            return refuse(400, "receivers : liste non vide de numéros attendue")
        if not isinstance(sender, str):
            return refuse(400, "sender : texte attendu")
        valid, invalid = [], []
        for receiver in receivers:
            number = _number_or_none(receiver)
            if number is None:
                invalid.append(receiver)
            else:
                valid.append(number)
        found = {number: fault for number in valid if (fault := faults.get(number)) is not None}
        slow = [f.seconds for f in found.values() if f.kind == "slow"]
        if slow:
            faults.delay(max(slow))
        if any(f.kind == "error" for f in found.values()):
            return refuse(503, "service SMS momentanément indisponible, veuillez réessayer plus tard")
        ids = [store.add(sender, number, message,
                         UNDELIVERABLE if number in found and found[number].kind == "undeliverable" else DELIVERED).id
               for number in valid]
        return jsonify(ids=ids, validReceivers=valid, invalidReceivers=invalid,
                       totalCreditsRemoved=sms_parts(message) * len(valid))

    # -- fault injection (with the same token) ------------------------------------------
    @app.post("/api/faults", endpoint="set_fault")
    @with_token
    def set_fault():
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return refuse(400, "corps JSON (objet) attendu")
        number = data.get("number")
        if not isinstance(number, str):
            return refuse(400, "number : numéro attendu")
        try:
            fault = faults.set_fault(number, data.get("fault"), data.get("seconds"))
        except ValueError as err:
            return refuse(400, str(err))
        return jsonify(number=normalise_mobile(number), fault=fault.kind, seconds=fault.seconds)

    @app.get("/api/faults")
    @with_token
    def list_faults():
        return jsonify(faults=[{"number": n, "fault": f.kind, "seconds": f.seconds} for n, f in faults.all().items()])

    @app.delete("/api/faults")
    @with_token
    def clear_faults():
        faults.clear()
        return jsonify(faults=[])

    @app.get("/api/messages")
    def api_messages():
        try:
            messages = store.list(request.args.get("to") or None)[::-1]  # newest first
        except ValueError as err:
            return refuse(400, str(err))
        return jsonify(total=len(messages), messages=[_json_sms(s) for s in messages])

    @app.delete("/api/messages")
    def api_delete_messages():
        deleted = len(store.list())
        store.delete()
        return jsonify(deleted=deleted)

    # -- page for people --------------------------------------------------------------
    @app.get("/")
    def received():
        to = (request.args.get("to") or "").strip()
        try:
            messages, error = store.list(to or None)[::-1], None
        except ValueError as err:
            messages, error = [], str(err)
        return render_template("sms_recus.html", messages=messages, to=to, error=error,
                               labels=STATUS_LABELS), 400 if error else 200

    return app
