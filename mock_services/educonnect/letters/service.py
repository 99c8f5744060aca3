"""The school's letter (« Mise à disposition de votre compte ÉduConnect
Responsable d'élève »): issuing it, the first login with its provisional
password, the mandatory e-mail confirmed by a link, and attaching a child
from another account's letter."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from ...clock import Clock
from ...db import Database, from_db, to_db
from ...faults import Faults
from ...passwords import hash_password, verify_password
from ..shared.contacts import fold_name, valid_email
from ..shared.errors import DeliveryError, JourneyError
from ..shared.identifiers import make_identifier
from ..shared.models import Account, EmailConfirmation, Guardian, Letter
from ..shared.password_rule import is_strong

LETTER_VALIDITY = relativedelta(months=3)
CONFIRMATION_LIFETIME = timedelta(hours=24)
PROVISIONAL_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

LETTER_SUBJECT = "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
LETTER_HEADER = """\
{civility} {last_name}
{the_school} vous informe que vous disposez d'un compte Éduconnect.
"""
LETTER_ACCOUNT = """
Ce compte unique est personnel. Il simplifie vos accès aux services numériques des écoles et des établissements scolaires et vos démarches en ligne liées à la scolarité de l'ensemble des élèves sous votre responsabilité.

Vous le conservez même en cas de changement d'école ou d'académie.
"""
LETTER_SERVICES = """
Pour l'école, il vous permet d'accéder aux services concernant :
{children}

Pour accéder à vos services, allez à l'adresse internet suivante : {teleservices}

Si vous avez déjà activé un compte ÉduConnect ou si vous utilisez FranceConnect pour d'autres écoles ou établissements, vous pouvez vous connecter et rattacher cet élève à votre compte.
"""
LETTER_ACTIVATION = """
Si vous n'avez pas encore activé de compte, vous pouvez le faire très simplement avec le lien « Je n'ai pas de compte » ou avec FranceConnect en utilisant le numéro de téléphone portable ou l'adresse mail que vous avez fourni à l'école.
"""
LETTER_CREDENTIALS = """
Si non, vous devez indiquer sur la page de connexion ÉduConnect, les identifiant et mot de passe ci-dessous et renseigner obligatoirement une adresse mail valide pour activer un nouveau compte :

Identifiant : {login}
Mot de passe provisoire : {password}
"""

CONFIRMATION_SUBJECT = "ÉduConnect – confirmez votre adresse mail"
CONFIRMATION_TEXT = """\
Bonjour,

Pour activer votre compte ÉduConnect, confirmez votre adresse mail en cliquant sur ce lien (valable 24 heures) :
{link}

Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.
"""


def the_school(name: str) -> str:
    """The letter's subject, as the guide writes it (« L'école E.E.P.U JULES FERRY ») unless the
    name already says what the school is (« L'École élémentaire Jules Ferry », not « L'école École … »)."""
    return f"L'{name}" if name[:5].lower() in ("école", "ecole") else f"L'école {name}"


@dataclass(frozen=True)
class IssuedLetter:
    login: str
    password: str
    sent_to: str | None
    text: str



class Letters:
    def __init__(self, db: Database, clock: Clock, faults: Faults, send_mail: Callable[[str, str, str], None],
                 base_url: str, secret: bytes | None = None) -> None:
        self.db, self.clock, self.faults, self._send_mail, self.base_url = db, clock, faults, send_mail, base_url
        self._secret = secret or secrets.token_bytes(32)

    @property
    def teleservices_url(self) -> str:
        return self.base_url + "/teleservices"

    # -- the direction issues a letter ---------------------------------------
    def issue(self, guardian_id: int) -> IssuedLetter:
        """A new letter (older ones die). For an activated account this is the
        reset the guide mentions: its password stops working until the parent
        chooses a new one with the provisional password. A letter that cannot be
        mailed changes nothing."""
        password = "".join(secrets.choice(PROVISIONAL_ALPHABET) for _ in range(10))
        with self.db.session() as s:
            guardian = s.get(Guardian, guardian_id)
            account = self.account_of(s, guardian)
            login = account.login if account is not None else make_identifier(
                guardian.first_name, guardian.last_name, lambda c: self._login_taken(s, c))
            letter = Letter(guardian_id=guardian_id, login=login, password_hash=hash_password(password),
                            issued_at=to_db(self.clock.now()))
            s.add(letter)
            s.flush()
            letter_id = letter.id
            text = self._text(guardian, login, password)
            sent_to = guardian.email
        if sent_to:
            subject = "Votre compte ÉduConnect" if "courrier-objet-different" in self.faults else LETTER_SUBJECT
            try:
                self._send_mail(sent_to, subject, text)
            except DeliveryError:
                self._forget(Letter, letter_id)
                raise
        with self.db.session() as s:
            if "courrier-precedent-valable" not in self.faults:
                for old in s.scalars(select(Letter).where(Letter.guardian_id == guardian_id, Letter.void.is_(False),
                                                          Letter.id != letter_id)):
                    old.void = True
            account = self.account_of(s, s.get(Guardian, guardian_id))
            if account is not None:
                account.password_hash = "!reset"  # no password verifies against this
        return IssuedLetter(login, password, sent_to, text)

    def _text(self, guardian: Guardian, login: str, password: str) -> str:
        pupils = guardian.pupils[:1] if "courrier-premier-enfant-seulement" in self.faults else guardian.pupils
        children = "\n".join(f"- {p.first_name} {p.last_name.upper()}, {p.class_name} (en tant que représentant légal)"
                             for p in pupils)
        school = guardian.pupils[0].school.name if guardian.pupils else ""
        teleservices = "/teleservices" if "courrier-adresse-relative" in self.faults else self.teleservices_url
        parts = [LETTER_HEADER.format(civility=guardian.civility, last_name=guardian.last_name.upper(),
                                     the_school=the_school(school))]
        if "courrier-sans-presentation-du-compte" not in self.faults:
            parts.append(LETTER_ACCOUNT)
        parts.append(LETTER_SERVICES.format(children=children, teleservices=teleservices))
        if "courrier-sans-activation-autonome" not in self.faults:
            parts.append(LETTER_ACTIVATION)
        parts.append(LETTER_CREDENTIALS.format(login=login, password=password))
        return "".join(parts)

    def _forget(self, model, row_id: int) -> None:
        """Delete a row written for a mail that could not leave."""
        with self.db.session() as s:
            s.delete(s.get(model, row_id))

    @staticmethod
    def account_of(s, guardian: Guardian) -> Account | None:
        if guardian.account is not None:
            return guardian.account
        return s.scalar(select(Account).where(Account.other_guardians.any(Guardian.id == guardian.id)))

    @staticmethod
    def _login_taken(s, login: str) -> bool:
        return (s.scalar(select(Account.id).where(Account.login == login)) is not None
                or s.scalar(select(Letter.id).where(Letter.login == login, Letter.void.is_(False))) is not None)

    # -- the parent logs in with it -------------------------------------------
    def check(self, login: str, password: str) -> tuple[str | None, int | None]:
        """("letter" | "letter-expired" | "letter-used", id) for a letter's password, else (None, None)."""
        with self.db.session() as s:
            for letter in s.scalars(select(Letter).where(Letter.login == login, Letter.void.is_(False))):
                if verify_password(letter.password_hash, password):
                    if letter.used_at is not None and "mot-de-passe-provisoire-reutilisable" not in self.faults:
                        return "letter-used", letter.id
                    if self._expired(letter) and "validite-courrier-ignoree" not in self.faults:
                        return "letter-expired", letter.id
                    return "letter", letter.id
        return None, None

    def _expired(self, letter: Letter) -> bool:
        validity = relativedelta(months=1) if "courrier-valable-un-mois" in self.faults else LETTER_VALIDITY
        return from_db(letter.issued_at) + validity <= self.clock.now()

    def login_of(self, letter_id: int) -> str:
        with self.db.session() as s:
            return s.get(Letter, letter_id).login

    def request_confirmation(self, letter_id: int, email: str) -> str:
        """Send the confirmation link; returns the normalised address."""
        email = email.strip().lower()
        if not email:
            if "courriel-facultatif" in self.faults:
                return ""
            raise JourneyError("email-missing")
        if not valid_email(email) and "courriel-format-non-verifie" not in self.faults:
            raise JourneyError("email-invalid")
        token = secrets.token_urlsafe(32)
        with self.db.session() as s:
            letter = s.get(Letter, letter_id)
            if (s.scalar(select(Account.id).where(Account.email == email, Account.login != letter.login)) is not None
                    and "second-courrier-second-compte" not in self.faults):
                raise JourneyError("email-used")
            row = EmailConfirmation(letter_id=letter_id, email=email, token_hash=self._hash(token),
                                    created_at=to_db(self.clock.now()))
            s.add(row)
            s.flush()
            row_id = row.id
            if "courrier-consomme-avant-confirmation" in self.faults:
                letter.used_at = to_db(self.clock.now())
        try:
            self._send_mail(email, CONFIRMATION_SUBJECT,
                            CONFIRMATION_TEXT.format(link=f"{self.base_url}/courrier/confirmation/{token}"))
        except DeliveryError:
            self._forget(EmailConfirmation, row_id)
            raise
        return email

    def confirm(self, token: str) -> tuple[int, str]:
        """(letter id, address) for a valid link; the address is then confirmed."""
        with self.db.session() as s:
            row = s.scalar(select(EmailConfirmation).where(EmailConfirmation.token_hash == self._hash(token)))
            if row is None:
                raise JourneyError("link-unknown")
            if from_db(row.created_at) + CONFIRMATION_LIFETIME <= self.clock.now():
                raise JourneyError("link-expired")
            row.confirmed_at = row.confirmed_at or to_db(self.clock.now())
            return row.letter_id, row.email

    def activate(self, letter_id: int, email: str, password: str) -> tuple[str, list[str]]:
        """Create (or, after a reset, restore) the account; the letter is spent.
        Returns the identifier and the children's names."""
        if not is_strong(password):
            raise JourneyError("password-weak")
        with self.db.session() as s:
            letter = s.get(Letter, letter_id)
            if letter.used_at is not None or letter.void:
                raise JourneyError("letter-used")
            confirmed = s.scalar(select(EmailConfirmation).where(
                EmailConfirmation.letter_id == letter_id, EmailConfirmation.email == email,
                EmailConfirmation.confirmed_at.is_not(None)))
            if confirmed is None and not (email == "" and "courriel-facultatif" in self.faults):
                raise JourneyError("email-unconfirmed")
            guardian = letter.guardian
            account = self.account_of(s, guardian)
            if account is None:
                login = letter.login + "1" if "courrier-identifiant-remplace" in self.faults else letter.login
                account = Account(guardian=guardian, login=login, fr_edu_ct_id=secrets.token_hex(48),
                                  activated_at=to_db(self.clock.now()), mobile=None, pupils=list(guardian.pupils))
                s.add(account)
            account.password_hash = hash_password(password)
            account.email = email or account.email
            letter.used_at = to_db(self.clock.now())
            return account.login, [f"{p.first_name} {p.last_name}" for p in account.pupils]

    # -- « Ajouter des élèves depuis un autre compte » -------------------------
    def attach(self, account_id: int, login: str, password: str) -> list[str]:
        """Attach the letter's pupils to the account; the names must match."""
        outcome, letter_id = self.check(login.strip().lower(), password)
        if outcome is None:
            raise JourneyError("letter-bad-credentials")
        if outcome != "letter":
            raise JourneyError(outcome)
        with self.db.session() as s:
            account, letter = s.get(Account, account_id), s.get(Letter, letter_id)
            other = letter.guardian
            if (fold_name(other.last_name), fold_name(other.first_name)) != (
                    fold_name(account.guardian.last_name), fold_name(account.guardian.first_name)
            ) and "noms-second-courrier-ignores" not in self.faults:
                raise JourneyError("letter-names-mismatch")
            if other.id != account.guardian_id and other not in account.other_guardians:
                if other.account is not None:
                    raise JourneyError("letter-other-account")
                account.other_guardians.append(other)
            added = [p for p in other.pupils if p not in account.pupils]
            account.pupils.extend(added)
            letter.used_at = to_db(self.clock.now())
            return [f"{p.first_name} {p.last_name}" for p in added]

    def _hash(self, token: str) -> str:
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()
