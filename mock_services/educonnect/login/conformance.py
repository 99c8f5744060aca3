"""What the conformance features ask of the reference ÉduConnect: responses
altered on purpose for one account, and a journal of the SAML sessions it
opened and the single logouts it received, to check an ENT against."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from ...saml.idp import Alteration, LogoutAnswer



def _without_ref_id(attributes: dict[str, list[str]]) -> None:
    attributes.pop("FrEduCtRefId")


def _other_prefixes_first(attributes: dict[str, list[str]]) -> None:
    """Values of other prefixes before the `{AAF}` ones (their content is unconfirmed: opaque here)."""
    fr_edu_ct_id = attributes["FrEduCtId"][0]
    attributes["FrEduCtRefId"] = [f"{{ECT}}{fr_edu_ct_id[:24]}", "{SCONET}0000000", *attributes["FrEduCtRefId"]]


def _four_fields(attributes: dict[str, list[str]]) -> None:
    """Each `{AAF}` value with one field more than the three the contract has."""
    attributes["FrEduCtRefId"] = [v.replace("|", "|ANNEXE|", 1) if v.startswith("{AAF}") else v
                                  for v in attributes["FrEduCtRefId"]]


# What ÉduConnect can get wrong, or unusual, in the attributes it releases (the rest, in the
# SAML response itself, is saml/idp.py's Alteration).
ATTRIBUTE_ALTERATIONS = {
    "without-FrEduCtRefId": _without_ref_id,  # released without the ENT's join attribute
    "other-prefixes-first": _other_prefixes_first,
    "four-fields": _four_fields,
}


def alter_attributes(kind: str, attributes: dict[str, list[str]]) -> None:
    ATTRIBUTE_ALTERATIONS[kind](attributes)


# Attacks on the signed response that put another parent where a naive SP reads
# (saml/attacks.py); a DOCTYPE and the comments are left to the unit tests: what they
# would forge cannot name a parent of the ENT.
WRAPPING_ATTACKS = (*(f"xsw{n}" for n in range(1, 9)), "id-confusion")

# How ÉduConnect signs its LogoutResponse to the ENT's own logout: not at all, or with another key.
LOGOUT_RESPONSE_SIGNINGS = {"unsigned-logout-response": "none", "foreign-logout-response": "foreign"}


@dataclass(frozen=True)
class SamlSession:
    login: str
    sp_entity_id: str
    name_id: str
    session_index: str
    request_signed_with: str | None = None  # the AuthnRequest's signature algorithm; None: unsigned or unsolicited
    solicited: bool = True
    encrypted: bool = False  # the assertion went encrypted
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # what was released, as sent


@dataclass(frozen=True)
class SingleLogout:
    sp_entity_id: str
    name_id: str
    session_indexes: tuple[str, ...]
    signed_with: str | None = None  # the LogoutRequest's signature algorithm


@dataclass(frozen=True)
class Refusal:
    """Something a service sent that ÉduConnect refused: `message` names it in French, `why` and
    `rule` say what was wrong, as a vendor reads it."""
    message: str
    why: str
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.message} : {self.why}" + (f" [{self.rule}]" if self.rule else "")


class ResponseAlterations:
    """Per account login: what every response to a service gets wrong, until cleared."""

    KINDS = frozenset({*(a.value for a in Alteration), *ATTRIBUTE_ALTERATIONS, *WRAPPING_ATTACKS,
                       *LOGOUT_RESPONSE_SIGNINGS})

    def __init__(self) -> None:
        self._by_login: dict[str, tuple[str, str | None]] = {}
        self._lock = threading.Lock()

    def set(self, login: str, kind: str, victim: str | None = None) -> None:
        """`victim`: for a wrapping attack, the login of the parent the forged assertion names."""
        if kind not in self.KINDS:
            raise ValueError(f"unknown alteration {kind!r}; known: {', '.join(sorted(self.KINDS))}")
        if (kind in WRAPPING_ATTACKS) != (victim is not None):
            raise ValueError(f"{kind}: a wrapping attack, and only one, names the parent it forges")
        with self._lock:
            self._by_login[login] = (kind, victim)

    def clear(self, login: str) -> None:
        with self._lock:
            self._by_login.pop(login, None)

    def of(self, login: str) -> str | None:
        with self._lock:
            return self._by_login.get(login, (None, None))[0]

    def victim_of(self, login: str) -> str | None:
        with self._lock:
            return self._by_login.get(login, (None, None))[1]


class SamlJournal:
    """Sessions ÉduConnect opened with services, the LogoutRequests it accepted, the
    sessions ended at its logout address (FrEduUrlRetour's last step), and what it refused."""

    def __init__(self) -> None:
        self._sessions: list[SamlSession] = []
        self._logouts: list[SingleLogout] = []
        self._refusals: list[Refusal] = []
        self._answers: list[LogoutAnswer] = []  # LogoutResponses to ÉduConnect's own LogoutRequests
        self._url_ends: list[tuple[str, int]] = []  # (login, how many sessions had been opened then)
        self._cond = threading.Condition()

    def logout_url_visited(self, login: str) -> None:
        with self._cond:
            self._url_ends.append((login, len(self._sessions)))
            self._cond.notify_all()

    def wait_for_session_end(self, login: str, sp_entity_id: str, timeout: float = 5.0) -> str:
        """How `login`'s last session with `sp_entity_id` ended: "slo" (a LogoutRequest from that
        SP naming it) or "url-retour" (ÉduConnect's logout address, after it was opened)."""
        def ended() -> str | None:
            opened = [i for i, s in enumerate(self._sessions) if s.login == login and s.sp_entity_id == sp_entity_id]
            if not opened:
                return None
            last = self._sessions[opened[-1]]
            if any(lo.sp_entity_id == sp_entity_id and lo.name_id == last.name_id for lo in self._logouts):
                return "slo"
            if any(who == login and count > opened[-1] for who, count in self._url_ends):
                return "url-retour"
            return None

        with self._cond:
            how = self._cond.wait_for(ended, timeout)
            if how is not None:
                return how
            received = [lo for lo in self._logouts if lo.sp_entity_id == sp_entity_id]
        raise TimeoutError(f"{login}'s session with {sp_entity_id} did not end within {timeout:g} s: no accepted "
                           f"LogoutRequest naming it ({len(received)} accepted from that service), no visit to the "
                           "logout address")

    def answered(self, answer: LogoutAnswer) -> None:
        with self._cond:
            self._answers.append(answer)
            self._cond.notify_all()

    def wait_for_logout_answer(self, sp_entity_id: str, request_id: str, timeout: float = 5.0) -> LogoutAnswer:
        """The LogoutResponse `sp_entity_id` sent to ÉduConnect's LogoutRequest `request_id`."""
        def answer() -> LogoutAnswer | None:
            return next((a for a in self._answers if a.sp_entity_id == sp_entity_id
                         and a.in_response_to == request_id), None)

        with self._cond:
            found = self._cond.wait_for(answer, timeout)
        if found is None:
            raise TimeoutError(f"no LogoutResponse from {sp_entity_id} to {request_id} within {timeout:g} s")
        return found

    def refused(self, refusal: Refusal) -> None:
        with self._cond:
            self._refusals.append(refusal)

    def refusal_count(self) -> int:
        with self._cond:
            return len(self._refusals)

    def refusals_since(self, count: int) -> list[Refusal]:
        """What was refused after `refusal_count()` returned `count`."""
        with self._cond:
            return self._refusals[count:]

    def opened(self, session: SamlSession) -> None:
        with self._cond:
            self._sessions.append(session)
            self._cond.notify_all()

    def last_service_of(self, login: str) -> str | None:
        """The entityID of the last service `login` was sent to (« Mon compte »'s way back)."""
        with self._cond:
            return next((s.sp_entity_id for s in reversed(self._sessions) if s.login == login), None)

    def logged_out(self, logout: SingleLogout) -> None:
        with self._cond:
            self._logouts.append(logout)
            self._cond.notify_all()

    def logouts_of(self, login: str, sp_entity_id: str) -> list[SingleLogout]:
        """The LogoutRequests from `sp_entity_id` naming one of `login`'s sessions with it."""
        with self._cond:
            mine = {s.name_id for s in self._sessions if s.login == login and s.sp_entity_id == sp_entity_id}
            return [lo for lo in self._logouts if lo.sp_entity_id == sp_entity_id and lo.name_id in mine]

    def login_of_name_id(self, sp_entity_id: str, name_id: str) -> str | None:
        with self._cond:
            return next((s.login for s in self._sessions if s.sp_entity_id == sp_entity_id and s.name_id == name_id),
                        None)

    def sessions_of(self, login: str, sp_entity_id: str | None = None) -> list[SamlSession]:
        """`login`'s sessions, in order; with `sp_entity_id`, only those with that service."""
        with self._cond:
            return [s for s in self._sessions
                    if s.login == login and sp_entity_id in (None, s.sp_entity_id)]
