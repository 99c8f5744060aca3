"""The guide's section 2 and « Mon compte »: a lost identifier, a lost password,
a new e-mail address (recorded only once its link is clicked) and a new password."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Callable

from sqlalchemy import delete, select

from ...clock import Clock
from ...db import Database, from_db, to_db
from ...faults import Faults
from ...passwords import hash_password, verify_password
from ..shared.contacts import valid_email
from ..shared.errors import DeliveryError, JourneyError
from ..shared.models import Account, AccountToken
from ..shared.password_rule import is_strong

RESET_LIFETIME = timedelta(hours=1)
EMAIL_CHANGE_LIFETIME = timedelta(hours=24)

IDENTIFIER_SUBJECT = "ÉduConnect – votre identifiant"
IDENTIFIER_TEXT = "Bonjour,\n\nVotre identifiant ÉduConnect est : {login}\n"
RESET_SUBJECT = "ÉduConnect – réinitialisation de votre mot de passe"
RESET_TEXT = ("Bonjour,\n\nPour choisir un nouveau mot de passe ÉduConnect, cliquez sur ce lien (valable 1 heure, "
              "utilisable une seule fois) :\n{link}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n")
EMAIL_SUBJECT = "ÉduConnect – validez votre nouvelle adresse mail"
EMAIL_TEXT = ("Bonjour,\n\nPour enregistrer cette adresse sur votre compte ÉduConnect, cliquez sur ce lien d'activation "
              "(valable 24 heures) :\n{link}\n")


class Recovery:
    def __init__(self, db: Database, clock: Clock, faults: Faults, send_mail: Callable[[str, str, str], None],
                 base_url: str, secret: bytes | None = None) -> None:
        self.db, self.clock, self.faults, self._send_mail, self.base_url = db, clock, faults, send_mail, base_url
        self._secret = secret or secrets.token_bytes(32)

    # -- « Identifiant oublié ? » -----------------------------------------------
    def send_identifier(self, email: str) -> None:
        email = self._email(email)
        with self.db.session() as s:
            account = s.scalar(select(Account).where(Account.email == email))
            login = account.login if account else None
            if account and "identifiant-mail-sans-identifiant" in self.faults:
                login = account.fr_edu_ct_id
        if login is None and "identifiant-envoye-sans-compte" in self.faults:
            self._send_mail(email, IDENTIFIER_SUBJECT, IDENTIFIER_TEXT.format(login="(inconnu)"))
        if login is None:
            raise JourneyError("email-unknown")
        self._send_mail(email, IDENTIFIER_SUBJECT, IDENTIFIER_TEXT.format(login=login))

    # -- « Mot de passe oublié ? » ----------------------------------------------
    def send_reset_link(self, login: str, email: str) -> None:
        email = self._email(email)
        with self.db.session() as s:
            account = s.scalar(select(Account).where(Account.login == login.strip().lower()))
            if "reinitialisation-adresse-d-un-autre-compte" in self.faults:
                # each field checked alone: the identifier exists, and so does an account with that address
                if account is None or s.scalar(select(Account.id).where(Account.email == email)) is None:
                    raise JourneyError("email-unknown")
            elif account is None or account.email != email:
                raise JourneyError("email-unknown")
            account_id = account.id
        self._send_link(account_id, "reset", email, RESET_SUBJECT, RESET_TEXT, "/mot-de-passe-oublie/")

    def check_reset(self, token: str) -> str:
        """The login the link resets (the link stays usable)."""
        with self.db.session() as s:
            return s.get(Account, self._token(s, token, "reset", RESET_LIFETIME).account_id).login

    def reset_password(self, token: str, password: str) -> int:
        """The new password of the link's account; that account's id."""
        if not is_strong(password):
            raise JourneyError("password-weak")
        with self.db.session() as s:
            row = self._token(s, token, "reset", RESET_LIFETIME)
            account = s.get(Account, row.account_id)
            if "reinitialisation-non-enregistree" not in self.faults:
                account.password_hash = hash_password(password)
            if "lien-reinitialisation-reutilisable" not in self.faults:
                row.used_at = to_db(self.clock.now())
            return account.id

    # -- « Mon compte » ---------------------------------------------------------
    def request_email_change(self, account_id: int, new_email: str) -> str:
        new_email = self._email(new_email)
        with self.db.session() as s:
            if s.scalar(select(Account.id).where(Account.email == new_email, Account.id != account_id)) is not None:
                raise JourneyError("email-used")
            if "courriel-modifie-sans-validation" in self.faults:
                s.get(Account, account_id).email = new_email
            if "lien-courriel-remplace-valable" not in self.faults:  # a link for an address replaced since
                s.execute(delete(AccountToken).where(AccountToken.account_id == account_id,
                                                     AccountToken.kind == "email", AccountToken.used_at.is_(None),
                                                     AccountToken.email != new_email))
        self._send_link(account_id, "email", new_email, EMAIL_SUBJECT, EMAIL_TEXT, "/compte/adresse-mail/")
        return new_email

    def pending_email(self, account_id: int) -> str | None:
        """The newest address waiting for its link to be clicked."""
        with self.db.session() as s:
            row = s.scalar(select(AccountToken).where(AccountToken.account_id == account_id,
                                                      AccountToken.kind == "email", AccountToken.used_at.is_(None))
                           .order_by(AccountToken.id.desc()))
            return row.email if row else None

    def confirm_email_change(self, token: str) -> str:
        with self.db.session() as s:
            lifetime = timedelta.max if "validite-lien-courriel-ignoree" in self.faults else EMAIL_CHANGE_LIFETIME
            row = self._token(s, token, "email", lifetime)
            s.get(Account, row.account_id).email = row.email
            row.used_at = to_db(self.clock.now())
            return row.email

    def change_password(self, account_id: int, current: str, new: str) -> None:
        with self.db.session() as s:
            account = s.get(Account, account_id)
            if not verify_password(account.password_hash, current) and "mot-de-passe-actuel-ignore" not in self.faults:
                raise JourneyError("password-current-wrong")
            if not is_strong(new):
                raise JourneyError("password-weak")
            if "mot-de-passe-non-enregistre" not in self.faults:
                account.password_hash = hash_password(new)

    # -- helpers ----------------------------------------------------------------
    def _email(self, email: str) -> str:
        email = (email or "").strip().lower()
        if not email:
            raise JourneyError("email-missing")
        if not valid_email(email):
            raise JourneyError("email-invalid")
        return email

    def _send_link(self, account_id: int, kind: str, email: str, subject: str, text: str, path: str) -> None:
        """Mail a single-use link; a link that cannot be mailed is not kept."""
        token = secrets.token_urlsafe(32)
        with self.db.session() as s:
            row = AccountToken(account_id=account_id, kind=kind, token_hash=self._hash(token), email=email,
                               created_at=to_db(self.clock.now()))
            s.add(row)
            s.flush()
            row_id = row.id
        try:
            self._send_mail(email, subject, text.format(link=f"{self.base_url}{path}{token}"))
        except DeliveryError:
            with self.db.session() as s:
                s.delete(s.get(AccountToken, row_id))
            raise

    def _token(self, s, token: str, kind: str, lifetime: timedelta) -> AccountToken:
        row = s.scalar(select(AccountToken).where(AccountToken.token_hash == self._hash(token),
                                                  AccountToken.kind == kind))
        if row is None:
            raise JourneyError("link-unknown")
        if row.used_at is not None:
            raise JourneyError("link-used")
        if from_db(row.created_at) + lifetime <= self.clock.now() and not (
                kind == "reset" and "expiration-lien-reinitialisation-ignoree" in self.faults):
            raise JourneyError("link-expired")
        return row

    def _hash(self, token: str) -> str:
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()
