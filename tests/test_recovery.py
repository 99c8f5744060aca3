"""Lost identifier or password, new e-mail address, new password: tokens and links."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from mock_services.clock import Clock
from mock_services.db import Database
from mock_services.educonnect.shared.authenticator import Authenticator, LoginOutcome
from mock_services.educonnect.shared.errors import DeliveryError, JourneyError
from mock_services.educonnect.shared.models import AccountToken, Base
from mock_services.educonnect.recovery.service import EMAIL_CHANGE_LIFETIME, RESET_LIFETIME, Recovery
from mock_services.extract import extract_link
from mock_services.faults import Faults
from mock_services.world import World


class Mailbox(list):
    failing = False

    def __call__(self, to, subject, text):
        if self.failing:
            raise DeliveryError("smtp down")
        self.append((to, subject, text))

    def token(self, path: str) -> str:
        return extract_link(self[-1][2], contains=path).rsplit("/", 1)[1]


@pytest.fixture
def env(tmp_path):
    clock, mailbox = Clock(), Mailbox()
    db = Database(tmp_path / "ec.sqlite", Base)
    world = World(db, clock, provision_ent=None)
    recovery = Recovery(db, clock, Faults(), mailbox, "http://educonnect.localhost:1")
    return world, clock, mailbox, recovery, Authenticator(db, clock, Faults())


def test_identifier_goes_only_to_an_attached_address(env):
    world, _, mailbox, recovery, _ = env
    family = world.create_family()
    recovery.send_identifier(family.guardian.email.upper())
    assert mailbox[-1][0] == family.guardian.email and family.account.login in mailbox[-1][2]
    with pytest.raises(JourneyError, match="email-unknown"):
        recovery.send_identifier("personne@exemple.test")
    assert len(mailbox) == 1


def test_reset_link_needs_identifier_and_attached_address_and_works_once(env):
    world, _, mailbox, recovery, auth = env
    family, other = world.create_family(), world.create_family()
    with pytest.raises(JourneyError, match="email-unknown"):
        recovery.send_reset_link(family.account.login, other.guardian.email)
    recovery.send_reset_link(family.account.login, family.guardian.email)
    token = mailbox.token("/mot-de-passe-oublie/")
    with pytest.raises(JourneyError, match="password-weak"):
        recovery.reset_password(token, "faible")
    recovery.reset_password(token, "Nouveau-2026!")
    assert auth.login(family.account.login, "Nouveau-2026!").outcome is LoginOutcome.OK
    with pytest.raises(JourneyError, match="link-used"):
        recovery.reset_password(token, "Encore-2026!")


def test_reset_link_expires_after_an_hour(env):
    world, clock, mailbox, recovery, _ = env
    family = world.create_family()
    recovery.send_reset_link(family.account.login, family.guardian.email)
    clock.advance(RESET_LIFETIME)
    with pytest.raises(JourneyError, match="link-expired"):
        recovery.check_reset(mailbox.token("/mot-de-passe-oublie/"))


def test_new_email_is_recorded_only_through_its_link(env):
    world, clock, mailbox, recovery, _ = env
    family = world.create_family()
    new = recovery.request_email_change(1, "Nouvelle@Exemple.test")  # the only account: id 1
    assert new == "nouvelle@exemple.test" and mailbox[-1][0] == new
    assert recovery.pending_email(1) == new
    with pytest.raises(JourneyError, match="email-unknown"):
        recovery.send_identifier(new)  # not recorded yet: the old address still rules
    recovery.send_identifier(family.guardian.email)
    with clock.frozen():
        recovery.request_email_change(1, new)
        token = mailbox.token("/compte/adresse-mail/")
        clock.advance(EMAIL_CHANGE_LIFETIME - timedelta(seconds=1))
        assert recovery.confirm_email_change(token) == new
    recovery.send_identifier(new)
    assert mailbox[-1][0] == new


def test_change_password_checks_the_current_one(env):
    world, _, _, recovery, auth = env
    family = world.create_family()
    with pytest.raises(JourneyError, match="password-current-wrong"):
        recovery.change_password(1, "faux", "Nouveau-2026!")
    recovery.change_password(1, family.account.password, "Nouveau-2026!")
    assert auth.login(family.account.login, "Nouveau-2026!").outcome is LoginOutcome.OK


def test_a_link_that_cannot_be_mailed_is_not_kept(env):
    world, _, mailbox, recovery, _ = env
    family = world.create_family()
    mailbox.failing = True
    with pytest.raises(DeliveryError):
        recovery.send_reset_link(family.account.login, family.guardian.email)
    with pytest.raises(DeliveryError):
        recovery.request_email_change(1, "nouvelle@exemple.test")  # the only account: id 1
    with recovery.db.session() as s:
        assert s.scalars(select(AccountToken)).all() == []
