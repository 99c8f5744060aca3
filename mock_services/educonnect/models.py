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
    academie: Mapped[str]  # académie code as in AAF, e.g. CRETEIL
    city: Mapped[str] = mapped_column(default="")


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
    failed_logins: Mapped[int] = mapped_column(default=0)
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
