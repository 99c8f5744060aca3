"""Linking a FranceConnect identity to an ÉduConnect account, without Flask.

The rule (docs/decisions/002-franceconnect.md): the school holds no birth date
for parents, so names only find candidates: the school's surname equals
FranceConnect's birth name or usage name, and the school's first name is the
first of FranceConnect's given names. The parent then proves to be that
guardian as in « Je n'ai pas de compte »: a code sent to the number or address
the school holds, then the children's birth dates. The link (sub -> account)
is written last; the account is created if the parent had none.
"""
from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select

from ...clock import Clock
from ...db import Database, to_db
from ...faults import Faults
from ..activation.service import Activation
from ..shared.contacts import fold_name, normalise_contact
from ..shared.errors import JourneyError
from .client import FcIdentity
from .models import FranceConnectLink
from ..shared.identifiers import make_identifier
from ..shared.models import Account, AccountGuardian, Guardian, Pupil

NO_PASSWORD = "!franceconnect"  # an account created through FranceConnect has no password (never verifies)


def names_match(school_first: str, school_last: str, identity: FcIdentity) -> bool:
    surnames = {fold_name(identity.family_name), fold_name(identity.preferred_username)} - {""}
    if fold_name(school_last) not in surnames:
        return False
    # the first given name; a school that wrote « Marie-Claire » for « Marie Claire Anne » matches too,
    # but « Marie » is not « Marie-Claire » (one compound given name), nor « Jean » the given_name_array
    # ["Jean Philippe", "Pierre"]
    first = fold_name(school_first)
    given = [fold_name(name) for name in (identity.given_names or identity.given_name.split())]
    return bool(first) and any(first == " ".join(given[:k]) for k in range(1, len(given) + 1))


class FranceConnectLinking:
    def __init__(self, db: Database, clock: Clock, faults: Faults, activation: Activation) -> None:
        self.db, self.clock, self.faults, self.activation = db, clock, faults, activation
        FranceConnectLink.__table__.create(db.engine, checkfirst=True)

    def linked_account(self, sub: str) -> int | None:
        with self.db.session() as s:
            link = s.get(FranceConnectLink, sub)
            return link.account_id if link else None

    def candidates(self, identity: FcIdentity) -> list[int]:
        """Guardians the school knows under FranceConnect's names."""
        with self.db.session() as s:
            return [g.id for g in s.scalars(select(Guardian).order_by(Guardian.id))
                    if names_match(g.first_name, g.last_name, identity)]

    def match_contact(self, candidate_ids: list[int], channel: str, value: str) -> tuple[int, str]:
        """(guardian id, normalised contact) of the candidate the school knows with that contact."""
        contact = normalise_contact(channel, value)
        column = Guardian.mobile if channel == "sms" else Guardian.email
        with self.db.session() as s:
            found = s.scalar(select(Guardian.id).where(Guardian.id.in_(candidate_ids), column == contact)
                             .order_by(Guardian.id))
        if found is None:
            raise JourneyError("contact-unknown", channel=channel)
        return found, contact

    def link(self, sub: str, guardian_id: int, channel: str, contact: str, pupil_ids: list[int]) -> int:
        """Link `sub` to the guardian's account (created if none) and attach the
        confirmed children; returns the account id."""
        with self.db.session() as s:
            guardian = s.get(Guardian, guardian_id)
            account = guardian.account or s.scalar(
                select(Account).join(AccountGuardian, AccountGuardian.account_id == Account.id)
                .where(AccountGuardian.guardian_id == guardian_id))
            pupils = list(s.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids)))) if pupil_ids else []
            if account is None:
                column = Account.mobile if channel == "sms" else Account.email
                if s.scalar(select(Account.id).where(column == contact)) is not None:
                    raise JourneyError("contact-used", channel=channel)
                login = make_identifier(guardian.first_name, guardian.last_name,
                                        lambda c: s.scalar(select(Account.id).where(Account.login == c)) is not None)
                account = Account(guardian=guardian, login=login, password_hash=NO_PASSWORD,
                                  fr_edu_ct_id=secrets.token_hex(48), activated_at=to_db(self.clock.now()),
                                  mobile=contact if channel == "sms" else None,
                                  email=contact if channel == "mail" else None, pupils=pupils)
                s.add(account)
            else:
                account.pupils = [*account.pupils, *(p for p in pupils if p not in account.pupils)]
            s.flush()
            if s.get(FranceConnectLink, sub) is None:
                s.add(FranceConnectLink(sub=sub, account_id=account.id, linked_at=to_db(self.clock.now())))
            return account.id

    # the confirmation reuses « Je n'ai pas de compte »'s code and birth dates
    def send_code(self, guardian_id: int, channel: str, contact: str) -> int:
        return self.activation.send_code(guardian_id, channel, contact)

    def verify_code(self, code_id: int, code: str) -> None:
        self.activation.verify_code(code_id, code)

    def children(self, guardian_id: int):
        return self.activation.children(guardian_id)

    def check_birth_dates(self, guardian_id: int, answers: dict[int, date | None]) -> tuple[list[int], list[int]]:
        return self.activation.check_birth_dates(guardian_id, answers)

