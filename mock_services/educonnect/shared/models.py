"""What ÉduConnect knows: schools, pupils and guardians (as the school database
feeds them) and the guardians' ÉduConnect accounts."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class School(Base):
    __tablename__ = "schools"
    uai: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str]
    academie: Mapped[str]  # the académie's BCN code as ÉduConnect releases it: "24" (Créteil), "01" or "1" (Paris)
    city: Mapped[str] = mapped_column(default="")
    services: Mapped[str] = mapped_column(default="")  # the services the school offers, one per line


class Pupil(Base):
    __tablename__ = "pupils"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aaf_id: Mapped[str] = mapped_column(unique=True)
    first_name: Mapped[str]
    last_name: Mapped[str]
    birth_date: Mapped[date] = mapped_column(Date)
    class_name: Mapped[str]
    school_uai: Mapped[str] = mapped_column(ForeignKey("schools.uai"))
    school: Mapped[School] = relationship()


class GuardianPupil(Base):
    __tablename__ = "guardian_pupils"
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"), primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), primary_key=True)


class Guardian(Base):
    """A pupil's legal representative, as the school knows them."""
    __tablename__ = "guardians"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aaf_id: Mapped[str] = mapped_column(unique=True)
    civility: Mapped[str]  # M. or Mme
    first_name: Mapped[str]
    last_name: Mapped[str]
    mobile: Mapped[str | None]  # E.164
    email: Mapped[str | None]
    pupils: Mapped[list[Pupil]] = relationship(secondary="guardian_pupils", order_by="Pupil.id")
    account: Mapped["Account | None"] = relationship(back_populates="guardian")


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("login"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"), unique=True)
    guardian: Mapped[Guardian] = relationship(back_populates="account")
    login: Mapped[str]
    password_hash: Mapped[str]
    mobile: Mapped[str | None]  # the contact the account was activated with (E.164)
    email: Mapped[str | None]
    pupils: Mapped[list[Pupil]] = relationship(secondary="account_pupils", order_by="Pupil.id")
    fr_edu_ct_id: Mapped[str]  # opaque, 96 hex characters
    activated_at: Mapped[datetime] = mapped_column(DateTime)
    other_guardians: Mapped[list[Guardian]] = relationship(secondary="account_guardians", order_by="Guardian.id")

    @property
    def guardians(self) -> list[Guardian]:
        """The school records of this person: their own, then those attached from letters."""
        return [self.guardian, *self.other_guardians]


class AccountGuardian(Base):
    """Another school record of the same person, attached with that school's letter."""
    __tablename__ = "account_guardians"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"), primary_key=True, unique=True)


class LoginThrottle(Base):
    """Consecutive failed logins per identifier, and the lock they lead to."""
    __tablename__ = "login_throttle"
    login: Mapped[str] = mapped_column(String, primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AccountPupil(Base):
    """A child attached to an account (birth date confirmed at activation)."""
    __tablename__ = "account_pupils"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), primary_key=True)


class ActivationCode(Base):
    """A security code sent by SMS or mail; single use, short-lived, few attempts."""
    __tablename__ = "activation_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"))
    channel: Mapped[str]  # sms or mail
    contact: Mapped[str]
    code_hash: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    dead: Mapped[bool] = mapped_column(default=False)


class Letter(Base):
    """The school's letter: an identifier and a provisional password, valid three
    months, usable once (« Mise à disposition de votre compte ÉduConnect »)."""
    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"))
    guardian: Mapped[Guardian] = relationship()
    login: Mapped[str]
    password_hash: Mapped[str]
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    void: Mapped[bool] = mapped_column(default=False)  # replaced by a newer letter


class EmailConfirmation(Base):
    """A link sent to confirm an address before a letter's account is activated."""
    __tablename__ = "email_confirmations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"))
    email: Mapped[str]
    token_hash: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Director(Base):
    """A school director's local account on the console."""
    __tablename__ = "directors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_uai: Mapped[str] = mapped_column(ForeignKey("schools.uai"))
    school: Mapped[School] = relationship()
    login: Mapped[str] = mapped_column(unique=True)
    password_hash: Mapped[str]
    first_name: Mapped[str]
    last_name: Mapped[str]


class AccountToken(Base):
    """A single-use link mailed to a parent: a password reset or a new e-mail address."""
    __tablename__ = "account_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[str]  # reset or email
    token_hash: Mapped[str] = mapped_column(unique=True)
    email: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
