"""« Je n'ai pas de compte »: activating an account with the mobile number or
e-mail address the school holds, as the guide's section 1 describes.

Nothing is written to the accounts table until the last step: an abandoned or
failed activation leaves no half-created account.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import select

from ...clock import Clock
from ...db import Database, from_db, to_db
from ...faults import Faults
from ...passwords import hash_password
from ..shared.contacts import fold_name, normalise_contact
from ..shared.errors import DeliveryError, JourneyError
from ..shared.identifiers import identifier_stem, make_identifier
from ..shared.models import Account, ActivationCode, Guardian, GuardianPupil, Pupil
from ..shared.password_rule import is_strong

CODE_LIFETIME = timedelta(minutes=30)
MAX_CODE_ATTEMPTS = 3
CODE_DIGITS = 6


@dataclass(frozen=True)
class Child:
    id: int
    first_name: str
    last_name: str


class Activation:
    def __init__(self, db: Database, clock: Clock, faults: Faults,
                 send: Callable[[str, str, str], None], secret: bytes | None = None) -> None:
        """`send(channel, contact, code)` delivers a code or raises DeliveryError."""
        self.db, self.clock, self.faults, self._send = db, clock, faults, send
        self._secret = secret or secrets.token_bytes(32)

    # -- step 1: the number or address the school holds ---------------------
    def check_contact(self, channel: str, value: str) -> str:
        as_typed = channel == "sms" and "numero-ecrit-tel-quel" in self.faults
        contact = value.strip() if as_typed else normalise_contact(channel, value)
        column = Guardian.mobile if channel == "sms" else Guardian.email
        account_column = Account.mobile if channel == "sms" else Account.email
        with self.db.session() as s:
            if (s.scalar(select(Account.id).where(account_column == contact)) is not None
                    and "numero-deja-utilise-accepte" not in self.faults):
                raise JourneyError("contact-used", channel=channel)
            if s.scalar(select(Guardian.id).where(column == contact)) is None:
                raise JourneyError("contact-unknown", channel=channel)
        return contact


    # -- step 2: surname and first name --------------------------------------
    def match_guardian(self, channel: str, contact: str, last_name: str, first_name: str) -> int:
        if not last_name.strip() or not first_name.strip():
            raise JourneyError("names-missing")
        column = Guardian.mobile if channel == "sms" else Guardian.email
        with self.db.session() as s:
            for guardian in s.scalars(select(Guardian).where(column == contact)):
                compare = (lambda name: name.strip()) if "noms-compares-tels-quels" in self.faults else fold_name
                if ((compare(guardian.last_name), compare(guardian.first_name)) == (compare(last_name), compare(first_name))
                        or "nom-non-verifie" in self.faults):
                    if guardian.account is not None:
                        raise JourneyError("already-activated")
                    return guardian.id
        raise JourneyError("names-mismatch")

    # -- step 3: the security code --------------------------------------------
    def send_code(self, guardian_id: int, channel: str, contact: str) -> int:
        """Send a new code, then kill any earlier one; on a delivery failure nothing changes
        (the earlier code still works). No transaction waits on the gateway, which may be slow."""
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        with self.db.session() as s:
            row = ActivationCode(guardian_id=guardian_id, channel=channel, contact=contact,
                                 code_hash=self._hash(code), created_at=to_db(self.clock.now()))
            s.add(row)
            s.flush()
            code_id = row.id
        try:
            self._send(channel, contact, code)
        except DeliveryError:
            with self.db.session() as s:
                s.delete(s.get(ActivationCode, code_id))
            raise
        with self.db.session() as s:
            for old in s.scalars(select(ActivationCode).where(ActivationCode.guardian_id == guardian_id,
                                                              ActivationCode.dead.is_(False),
                                                              ActivationCode.id != code_id)):
                old.dead = "ancien-code-valable" not in self.faults
        return code_id

    def verify_code(self, code_id: int, code: str) -> None:
        """Accept the code once; a wrong one costs an attempt. The row's changes are
        committed before the refusal is raised."""
        refusal, entered = None, code.strip()
        with self.db.session() as s:
            row = s.get(ActivationCode, code_id)
            if row is not None and "ancien-code-valable" in self.faults:  # looked up by value among the live codes
                row = s.scalar(select(ActivationCode).where(
                    ActivationCode.guardian_id == row.guardian_id, ActivationCode.dead.is_(False),
                    ActivationCode.code_hash == self._hash(entered))) or row
            if row is None or row.dead:
                refusal = JourneyError("code-expired")
            elif (from_db(row.created_at) + (timedelta(minutes=15) if "code-expire-a-15-minutes" in self.faults
                                             else CODE_LIFETIME) <= self.clock.now()
                  and "expiration-code-ignoree" not in self.faults):
                row.dead = True
                refusal = JourneyError("code-expired")
            elif not (hmac.compare_digest(row.code_hash, self._hash(entered))
                      or ("code-non-verifie" in self.faults and entered.isdigit() and len(entered) == CODE_DIGITS)):
                attempts = row.attempts + 1
                if "essais-non-comptes" not in self.faults:
                    row.attempts = attempts
                row.dead = row.attempts >= MAX_CODE_ATTEMPTS
                refusal = (JourneyError("code-exhausted") if row.dead
                           else JourneyError("code-wrong", remaining=MAX_CODE_ATTEMPTS - attempts))
            else:
                row.dead = True  # single use
        if refusal:
            raise refusal

    def _hash(self, code: str) -> str:
        return hmac.new(self._secret, code.encode(), hashlib.sha256).hexdigest()

    # -- step 4: the children and their birth dates -------------------------
    def children(self, guardian_id: int) -> list[Child]:
        with self.db.session() as s:
            return [Child(p.id, p.first_name, p.last_name) for p in s.get(Guardian, guardian_id).pupils]

    def check_birth_dates(self, guardian_id: int, answers: dict[int, date | None]) -> tuple[list[int], list[int]]:
        """(confirmed pupil ids, pupil ids whose date is wrong or missing)."""
        confirmed, wrong = [], []
        with self.db.session() as s:
            for pupil in s.get(Guardian, guardian_id).pupils:
                given = answers.get(pupil.id)
                ok = given == pupil.birth_date or (given is not None and "date-naissance-ignoree" in self.faults)
                (confirmed if ok else wrong).append(pupil.id)
        return confirmed, wrong

    # -- step 5: identifier and password ---------------------------------------
    def propose_identifier(self, guardian_id: int) -> str:
        with self.db.session() as s:
            guardian = s.get(Guardian, guardian_id)

            def taken(candidate: str) -> bool:
                return s.scalar(select(Account.id).where(Account.login == candidate)) is not None

            plain = identifier_stem(guardian.first_name, guardian.last_name)
            if "identifiant-sans-chiffres" in self.faults and not taken(plain):
                return plain
            return make_identifier(guardian.first_name, guardian.last_name, taken)

    def create_account(self, guardian_id: int, identifier: str, password: str, channel: str, contact: str,
                       pupil_ids: list[int]) -> str:
        if not (len(password) >= 8 if "mot-de-passe-longueur-seule" in self.faults else is_strong(password)):
            raise JourneyError("password-weak")
        with self.db.session() as s:
            guardian = s.get(Guardian, guardian_id)
            if guardian.account is not None:
                raise JourneyError("already-activated")
            if "compte-par-famille" in self.faults:  # the children's other parent's account, if any
                pupil_ids_of = [p.id for p in guardian.pupils]
                family = [g.account for g in s.scalars(select(Guardian).join(GuardianPupil).where(
                    GuardianPupil.pupil_id.in_(pupil_ids_of))) if g.account is not None]
                if family:
                    return family[0].login
            account_column = Account.mobile if channel == "sms" else Account.email
            if (s.scalar(select(Account.id).where(account_column == contact)) is not None
                    and "numero-deja-utilise-accepte" not in self.faults):
                raise JourneyError("contact-used", channel=channel)
            if s.scalar(select(Account.id).where(Account.login == identifier)) is not None:
                identifier = make_identifier(guardian.first_name, guardian.last_name,
                                             lambda c: s.scalar(select(Account.id).where(Account.login == c)) is not None)
            pupils = list(s.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))) if pupil_ids else []
            s.add(Account(guardian=guardian, login=identifier, password_hash=hash_password(password),
                          fr_edu_ct_id=secrets.token_hex(48), activated_at=to_db(self.clock.now()),
                          mobile=contact if channel == "sms" else None,
                          email=contact if channel == "mail" else None,
                          pupils=pupils))
        return identifier
