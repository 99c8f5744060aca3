"""Account authentication: argon2 hashes and a lock after repeated failures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from sqlalchemy import select

from ..clock import Clock
from ..db import Database, from_db, to_db
from ..faults import Faults
from ..passwords import hash_password, verify_password
from .models import Account

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)


class LoginOutcome(Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad-credentials"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    account_id: int | None = None


class Authenticator:
    def __init__(self, db: Database, clock: Clock, faults: Faults) -> None:
        self.db, self.clock, self.faults = db, clock, faults

    def login(self, identifier: str, password: str) -> LoginResult:
        now = self.clock.now()
        with self.db.session() as s:
            account = s.scalar(select(Account).where(Account.login == identifier.strip().lower()))
            if account is None:
                hash_password(password)  # same cost whether or not the identifier exists
                return LoginResult(LoginOutcome.BAD_CREDENTIALS)
            locked_until = from_db(account.locked_until)
            if locked_until is not None and (now < locked_until or "verrouillage-permanent" in self.faults):
                return LoginResult(LoginOutcome.LOCKED)
            if not verify_password(account.password_hash, password):
                account.failed_logins += 1
                if account.failed_logins >= MAX_FAILED_LOGINS and "verrouillage-absent" not in self.faults:
                    account.locked_until = to_db(now + LOCK_DURATION)
                    account.failed_logins = 0
                    return LoginResult(LoginOutcome.LOCKED)
                return LoginResult(LoginOutcome.BAD_CREDENTIALS)
            account.failed_logins = 0
            account.locked_until = None
            return LoginResult(LoginOutcome.OK, account.id)

