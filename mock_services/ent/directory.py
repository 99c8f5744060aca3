"""The ENT's user directory and its provisioning contract.

Provisioning JSON (the same for the reference ENT and a vendor's hook):
  {"external_id": "CRETEIL-1234567", "civility": "Mme", "first_name": "Léa",
   "last_name": "Martin", "children": [{"first_name": "Tom", "last_name":
   "Martin", "class_name": "CPa", "school_name": "École Jules Ferry"}]}
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..db import Database
from ..passwords import hash_password, verify_password
from .models import EntChild, EntUser


class ProvisioningError(ValueError):
    """Bad provisioning input; the message names the field, in French."""


@dataclass(frozen=True)
class Child:
    first_name: str
    last_name: str
    class_name: str
    school_name: str


@dataclass(frozen=True)
class UserView:
    id: int
    profile: str
    civility: str
    first_name: str
    last_name: str
    children: tuple[Child, ...] = field(default=())

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.civility, self.first_name, self.last_name) if p)


def _view(user: EntUser) -> UserView:
    return UserView(user.id, user.profile, user.civility, user.first_name, user.last_name,
                    tuple(Child(c.first_name, c.last_name, c.class_name, c.school_name) for c in user.children))


def _text(data: dict, key: str, where: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProvisioningError(f"champ « {where}{key} » manquant ou vide")
    return value.strip()


class Directory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def provision_parent(self, data: dict) -> UserView:
        """Create or replace the parent with this external id (idempotent)."""
        if not isinstance(data, dict):
            raise ProvisioningError("le corps doit être un objet JSON")
        external_id = _text(data, "external_id")
        children = data.get("children", [])
        if not isinstance(children, list):
            raise ProvisioningError("champ « children » : une liste est attendue")
        kids = [EntChild(**{k: _text(c if isinstance(c, dict) else {}, k, f"children[{i}].")
                            for k in ("first_name", "last_name", "class_name", "school_name")})
                for i, c in enumerate(children)]
        with self.db.session() as s:
            user = s.scalar(select(EntUser).where(EntUser.external_id == external_id))
            if user is None:
                user = EntUser(external_id=external_id, profile="Relative")
                s.add(user)
            user.civility = str(data.get("civility") or "").strip()
            user.first_name = _text(data, "first_name")
            user.last_name = _text(data, "last_name")
            user.children = kids
            s.flush()
            return _view(user)

    def create_local_user(self, profile: str, first_name: str, last_name: str,
                          login: str, password: str) -> UserView:
        with self.db.session() as s:
            user = EntUser(profile=profile, first_name=first_name, last_name=last_name,
                           login=login, password_hash=hash_password(password))
            s.add(user)
            s.flush()
            return _view(user)

    def find_by_external_id(self, external_id: str) -> UserView | None:
        with self.db.session() as s:
            user = s.scalar(select(EntUser).where(EntUser.external_id == external_id))
            return None if user is None else _view(user)

    def find_by_aaf_id(self, external_id: str) -> UserView | None:
        """The first parent whose key ends with that AAF id, whatever the académie
        (the fault « jointure-sans-academie »)."""
        aaf_id = external_id.rsplit("-", 1)[-1]
        with self.db.session() as s:
            user = s.scalar(select(EntUser).where(EntUser.external_id.endswith(f"-{aaf_id}")).order_by(EntUser.id))
            return None if user is None else _view(user)

    def get(self, user_id: int) -> UserView | None:
        with self.db.session() as s:
            user = s.get(EntUser, user_id)
            return None if user is None else _view(user)

    def local_login(self, login: str, password: str) -> UserView | None:
        with self.db.session() as s:
            user = s.scalar(select(EntUser).where(EntUser.login == login.strip()))
            if user is None or not user.password_hash or not verify_password(user.password_hash, password):
                return None
            return _view(user)
