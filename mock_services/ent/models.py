"""What the reference ENT stores: its users (fed by the académie's directory,
AAF), their children, and the SAML requests it has sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class EntUser(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(unique=True)  # AAF join key <ACADÉMIE>-<AAF id>
    profile: Mapped[str]  # Relative, Student, Teacher, HostFamily, Guest
    civility: Mapped[str] = mapped_column(default="")
    first_name: Mapped[str]
    last_name: Mapped[str]
    login: Mapped[str | None] = mapped_column(unique=True)  # local accounts only
    password_hash: Mapped[str | None]
    children: Mapped[list["EntChild"]] = relationship(order_by="EntChild.id", cascade="all, delete-orphan")


class EntChild(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    first_name: Mapped[str]
    last_name: Mapped[str]
    class_name: Mapped[str]
    school_name: Mapped[str]


class SamlRequest(Base):
    """An AuthnRequest the ENT sent and has not yet seen answered."""
    __tablename__ = "saml_requests"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
