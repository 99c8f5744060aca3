"""What the conformance features ask of the reference ÉduConnect: responses
altered on purpose for one account, and a journal of the SAML sessions it
opened and the single logouts it received, to check an ENT against."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from ...saml.idp import Alteration



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


@dataclass(frozen=True)
class SamlSession:
    login: str
    sp_entity_id: str
    name_id: str
    session_index: str
    request_signed_with: str | None = None  # the AuthnRequest's signature algorithm; None: unsigned or unsolicited
    solicited: bool = True
    encrypted: bool = False  # the assertion went encrypted


@dataclass(frozen=True)
class SingleLogout:
    sp_entity_id: str
    name_id: str
    session_indexes: tuple[str, ...]
    signed_with: str | None = None  # the LogoutRequest's signature algorithm


class ResponseAlterations:
    """Per account login: what every response to a service gets wrong, until cleared."""

    KINDS = frozenset({*(a.value for a in Alteration), *ATTRIBUTE_ALTERATIONS})

    def __init__(self) -> None:
        self._by_login: dict[str, str] = {}
        self._lock = threading.Lock()

    def set(self, login: str, kind: str) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"unknown alteration {kind!r}; known: {', '.join(sorted(self.KINDS))}")
        with self._lock:
            self._by_login[login] = kind

    def clear(self, login: str) -> None:
        with self._lock:
            self._by_login.pop(login, None)

    def of(self, login: str) -> str | None:
        with self._lock:
            return self._by_login.get(login)


class SamlJournal:
    """Sessions ÉduConnect opened with services, and the LogoutRequests it accepted."""

    def __init__(self) -> None:
        self._sessions: list[SamlSession] = []
        self._logouts: list[SingleLogout] = []
        self._cond = threading.Condition()

    def opened(self, session: SamlSession) -> None:
        with self._cond:
            self._sessions.append(session)
            self._cond.notify_all()

    def logged_out(self, logout: SingleLogout) -> None:
        with self._cond:
            self._logouts.append(logout)
            self._cond.notify_all()

    def sessions_of(self, login: str) -> list[SamlSession]:
        with self._cond:
            return [s for s in self._sessions if s.login == login]

    def wait_for_logout(self, login: str, sp_entity_id: str, timeout: float = 5.0) -> SingleLogout:
        """The first single logout from `sp_entity_id` naming one of `login`'s sessions with it."""
        def find() -> SingleLogout | None:
            mine = {(s.name_id, s.session_index) for s in self._sessions
                    if s.login == login and s.sp_entity_id == sp_entity_id}
            return next((lo for lo in self._logouts if lo.sp_entity_id == sp_entity_id and any(
                name_id == lo.name_id and (not lo.session_indexes or index in lo.session_indexes)
                for name_id, index in mine)), None)

        with self._cond:
            found = self._cond.wait_for(find, timeout)
            if found is not None:
                return found
            opened = sum(1 for s in self._sessions if s.login == login and s.sp_entity_id == sp_entity_id)
            received = [lo for lo in self._logouts if lo.sp_entity_id == sp_entity_id]
        raise TimeoutError(f"no LogoutRequest from {sp_entity_id} for {login}'s sessions within {timeout:g} s "
                           f"({opened} session(s) opened with it; {len(received)} LogoutRequest(s) received from it)")
