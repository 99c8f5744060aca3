"""Sessions the server can end. The cookie stays Flask's signed one, but it carries a random
id the server keeps while the session lives: clearing the session (a logout, a fresh login)
ends that id, and so can the server (`end_sessions_of`, after a password reset). A cookie
copied before then opens an empty session."""
from __future__ import annotations

import secrets
import threading

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

SID = "_sid"


class RevocableSessions(SecureCookieSessionInterface):
    def __init__(self, owner_key: str | None = None, *, revocable=lambda: True) -> None:
        """`owner_key`: the session value naming whose session it is (ended together);
        `revocable()`: False to trust every signed cookie, as a stateless app does (a fault)."""
        self._owner_key = owner_key
        self._revocable = revocable
        self._live: dict[str, object] = {}  # session id -> owner (or None)
        self._lock = threading.Lock()

    def open_session(self, app, request) -> SecureCookieSession | None:
        session = super().open_session(app, request)
        if session is None:
            return None
        sid = session.get(SID)
        if sid is not None and self._revocable():
            with self._lock:
                live = sid in self._live
            if not live:
                session = self.session_class()  # ended: nothing of it is read
                sid = None
        session.opened_sid = sid  # type: ignore[attr-defined]
        return session

    def save_session(self, app, session, response) -> None:
        opened = getattr(session, "opened_sid", None)
        if opened is not None and session.get(SID) != opened:
            self._end(opened)  # cleared (logout, fresh login): the old cookie opens nothing more
        if session and SID not in session:
            session[SID] = self._issue()
        if session and self._owner_key:
            with self._lock:
                self._live[session[SID]] = session.get(self._owner_key)
        super().save_session(app, session, response)

    def issue(self, values: dict) -> dict:
        """`values` with a live session id: for a cookie the stack writes itself (set-up)."""
        values = {k: v for k, v in values.items() if k != SID}
        return {**values, SID: self._issue(values.get(self._owner_key) if self._owner_key else None)}

    def end_sessions_of(self, owner: object) -> None:
        """End every session of `owner` (its `owner_key` value), on every browser."""
        with self._lock:
            for sid in [s for s, who in self._live.items() if who == owner]:
                del self._live[sid]

    def _issue(self, owner: object = None) -> str:
        sid = secrets.token_urlsafe(18)
        with self._lock:
            self._live[sid] = owner
        return sid

    def _end(self, sid: str) -> None:
        with self._lock:
            self._live.pop(sid, None)
