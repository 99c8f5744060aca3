"""Account authentication: argon2 hashes, a lock after repeated failures, and
the school's letters (a provisional password on the same login form)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from sqlalchemy import select

from ...clock import Clock
from ...db import Database, from_db, to_db
from ...faults import Faults
from ...passwords import hash_password, verify_password
from .models import Account, LoginThrottle

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)


class LoginOutcome(Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad-credentials"
    LOCKED = "locked"
    LETTER = "letter"  # a valid letter's provisional password: first login
    LETTER_EXPIRED = "letter-expired"
    LETTER_USED = "letter-used"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    account_id: int | None = None
    letter_id: int | None = None


class Authenticator:
    def __init__(self, db: Database, clock: Clock, faults: Faults, letters=None) -> None:
        self.db, self.clock, self.faults, self.letters = db, clock, faults, letters

    def login(self, identifier: str, password: str, scope: str = "") -> LoginResult:
        """`scope` keeps separate failure counters (e.g. the console's logins)."""
        login = identifier.strip().lower()
        key = f"{scope}{login}"
        if self.is_locked(key):
            return LoginResult(LoginOutcome.LOCKED)
        result = self._check(login, password)
        if result.outcome is LoginOutcome.BAD_CREDENTIALS:
            return self.record_failure(key)
        if "echecs-jamais-remis-a-zero" not in self.faults:
            self.clear(key)
        return result

    def _check(self, login: str, password: str) -> LoginResult:
        with self.db.session() as s:
            account = s.scalar(select(Account).where(Account.login == login))
            if account is not None and verify_password(account.password_hash, password):
                return LoginResult(LoginOutcome.OK, account.id)
        only_own_password = account is not None and "reinitialisation-console-sans-effet" in self.faults
        if self.letters is not None and not only_own_password:
            outcome, letter_id = self.letters.check(login, password)
            if outcome is not None:
                return LoginResult(LoginOutcome(outcome), letter_id=letter_id)
        if account is None:
            hash_password(password)  # same cost whether or not the identifier exists
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)

    def is_locked(self, key: str) -> bool:
        now = self.clock.now()
        with self.db.session() as s:
            row = s.get(LoginThrottle, key)
            until = from_db(row.locked_until) if row else None
            return until is not None and (now < until or "verrouillage-permanent" in self.faults)

    def record_failure(self, key: str) -> LoginResult:
        """One more failure for `key`; LOCKED once there are too many."""
        now = self.clock.now()
        with self.db.session() as s:
            row = s.get(LoginThrottle, key) or LoginThrottle(login=key, failures=0)
            s.add(row)
            row.failures += 1
            if row.failures >= MAX_FAILED_LOGINS and "verrouillage-absent" not in self.faults:
                row.failures, row.locked_until = 0, to_db(now + LOCK_DURATION)
                return LoginResult(LoginOutcome.LOCKED)
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)

    def clear(self, key: str) -> None:
        with self.db.session() as s:
            row = s.get(LoginThrottle, key)
            if row is not None:
                s.delete(row)
