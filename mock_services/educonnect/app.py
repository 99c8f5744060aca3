"""The reference ÉduConnect: a SAML identity provider at Shibboleth's paths, and
the journeys of the parents' guide, one blueprint each (login, activation,
FranceConnect, the school's letter, « Mon compte », recovery, the direction's
console)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from ..clock import Clock
from ..db import Database
from ..faults import Faults
from ..saml.idp import SamlIdp
from ..web.app import create_app
from .account.views import create_account_blueprint
from .activation.views import create_activation_blueprint
from .console.views import create_console_blueprint
from .franceconnect.client import FranceConnectClient
from .franceconnect.views import create_franceconnect_blueprint
from .letters.service import Letters
from .letters.views import create_letter_blueprint
from .login.conformance import ResponseAlterations, SamlJournal
from .login.response import answer_service
from .login.views import chained_logout_url, create_login_blueprint
from .recovery.service import Recovery
from .recovery.views import create_recovery_blueprint
from .shared.authenticator import Authenticator
from .shared.models import Account, Director
from .shared.notify import Notifier

@dataclass
class EduConnect:
    base_url: str
    db: Database
    clock: Clock
    faults: Faults
    idp: SamlIdp
    notifier: Notifier
    franceconnect: FranceConnectClient | None = None  # ÉduConnect as FranceConnect's client
    letters: Letters = field(init=False)
    recovery: Recovery = field(init=False)
    alterations: ResponseAlterations = field(default_factory=ResponseAlterations)  # conformance features
    saml_journal: SamlJournal = field(default_factory=SamlJournal)

    def __post_init__(self) -> None:
        self.letters = Letters(self.db, self.clock, self.faults, self.notifier.send_mail, self.base_url)
        self.recovery = Recovery(self.db, self.clock, self.faults, self.notifier.send_mail, self.base_url)

    @property
    def logout_url(self) -> str:
        """FrEduUrlRetour, chained as the field releases it: ÉduConnect's own SP logout,
        « Mon compte »'s, then the IdP's logout, which ends the session."""
        return chained_logout_url(self.base_url)

    def account_id(self, login: str) -> int:
        return self._id_of(Account, login)

    def login_of(self, account_id: int) -> str:
        with self.db.session() as s:
            return s.get(Account, account_id).login

    def session_of(self, *, director: str | None = None, parent: str | None = None) -> dict:
        """What ÉduConnect's session holds once this director or parent (by login) has logged in."""
        if (director is None) == (parent is None):
            raise ValueError("a director or a parent, not both")
        if director is not None:
            return {"director_id": self._id_of(Director, director)}
        return {"account_id": self.account_id(parent)}

    def _id_of(self, model, login: str) -> int:
        with self.db.session() as s:
            found = s.scalar(select(model.id).where(model.login == login))
        if found is None:
            raise ValueError(f"unknown login {login!r}")
        return found


@dataclass(frozen=True)
class CsrfExempt:
    """The endpoints posted to without a CSRF token. The SAML POST bindings come cross-site from
    services: their signature, not a token, vouches for them."""
    faults: Faults

    def __contains__(self, endpoint: object) -> bool:
        return endpoint in ("login.sso_post", "login.slo_post") or (
            endpoint == "login.sso" and "connexion-sans-csrf" in self.faults)


def create_educonnect_app(ec: EduConnect) -> Flask:
    app = create_app(__name__, Path(__file__).parent / "shared" / "templates", "educonnect_session", "ÉduConnect",
                     csrf_exempt=CsrfExempt(ec.faults), session_owner="account_id",
                     revocable_sessions=lambda: "session-educonnect-par-cookie" not in ec.faults)
    app.jinja_env.globals["fault"] = ec.faults.__contains__
    authenticator = Authenticator(ec.db, ec.clock, ec.faults, ec.letters)
    franceconnect = create_franceconnect_blueprint(ec, partial(answer_service, ec))
    for journey in (
        create_login_blueprint(ec, authenticator, federated_logout=franceconnect.logout),
        create_activation_blueprint(ec),
        franceconnect,
        create_letter_blueprint(ec.letters),
        create_account_blueprint(ec.db, ec.letters, authenticator, ec.recovery, ec.faults,
                                 last_service_of=ec.saml_journal.last_service_of),
        create_recovery_blueprint(ec.recovery),
        create_console_blueprint(ec.db, ec.faults, ec.letters, authenticator),
    ):
        app.register_blueprint(journey)
    return app
