"""The school's letter below the pages: validity, single use, mandatory e-mail, attaching."""
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from mock_services.clock import Clock
from mock_services.db import Database
from mock_services.educonnect.shared.authenticator import Authenticator, LoginOutcome
from mock_services.educonnect.shared.errors import DeliveryError, JourneyError
from mock_services.educonnect.letters.service import LETTER_SUBJECT, Letters, the_school
from mock_services.educonnect.shared.models import Base, EmailConfirmation
from mock_services.extract import extract_link
from mock_services.faults import Faults
from mock_services.world import World


class Mailbox:
    def __init__(self):
        self.mails, self.failing = [], False

    def __call__(self, to, subject, text):
        if self.failing:
            raise DeliveryError("smtp down")
        self.mails.append((to, subject, text))


@pytest.fixture
def env(tmp_path):
    clock, mailbox = Clock(), Mailbox()
    db = Database(tmp_path / "ec.sqlite", Base)
    world = World(db, clock, provision_ent=None)
    letters = Letters(db, clock, Faults(), mailbox, "http://educonnect.localhost:1")
    return world, clock, mailbox, letters, Authenticator(db, clock, Faults(), letters)


def confirm_and_activate(letters, mailbox, letter_id, email, password="Rentree-2026!"):
    letters.request_confirmation(letter_id, email)
    token = extract_link(mailbox.mails[-1][2], contains="/courrier/confirmation/").rsplit("/", 1)[1]
    letters.confirm(token)
    return letters.activate(letter_id, email, password)


def test_letter_is_mailed_with_the_guides_subject_and_credentials(env):
    world, _, mailbox, letters, _ = env
    family = world.create_family(activated=False)
    issued = letters.issue(family.guardian.id)
    to, subject, text = mailbox.mails[-1]
    assert (to, subject) == (family.guardian.email, LETTER_SUBJECT)
    assert f"Identifiant : {issued.login}" in text and f"Mot de passe provisoire : {issued.password}" in text


def test_provisional_password_opens_first_login_until_three_months(env):
    world, clock, _, letters, auth = env
    family = world.create_family(activated=False)
    with clock.frozen():
        issued = letters.issue(family.guardian.id)
        assert auth.login(issued.login, issued.password).outcome is LoginOutcome.LETTER
        clock.advance((clock.now() + relativedelta(months=3)) - clock.now() - timedelta(seconds=1))
        assert auth.login(issued.login, issued.password).outcome is LoginOutcome.LETTER
        clock.advance(timedelta(seconds=1))
        assert auth.login(issued.login, issued.password).outcome is LoginOutcome.LETTER_EXPIRED


def test_email_is_mandatory_valid_and_confirmed(env):
    world, _, mailbox, letters, auth = env
    family = world.create_family(activated=False)
    issued = letters.issue(family.guardian.id)
    letter_id = auth.login(issued.login, issued.password).letter_id
    for bad, reason in [("", "email-missing"), ("sans-arobase", "email-invalid"), ("a@b", "email-invalid"),
                        ("lea\r\nBcc: x@exemple.test", "email-invalid"), ("<lea>@exemple.test", "email-invalid"),
                        ("lea@exemple.test\u202e", "email-invalid"), ("a" * 250 + "@exemple.test", "email-invalid")]:
        with pytest.raises(JourneyError, match=reason):
            letters.request_confirmation(letter_id, bad)
    letters.request_confirmation(letter_id, family.guardian.email)
    with pytest.raises(JourneyError, match="email-unconfirmed"):
        letters.activate(letter_id, family.guardian.email, "Rentree-2026!")


def test_provisional_password_works_once(env):
    world, _, mailbox, letters, auth = env
    family = world.create_family(activated=False)
    issued = letters.issue(family.guardian.id)
    letter_id = auth.login(issued.login, issued.password).letter_id
    login, _ = confirm_and_activate(letters, mailbox, letter_id, family.guardian.email)
    assert auth.login(login, "Rentree-2026!").outcome is LoginOutcome.OK
    assert auth.login(issued.login, issued.password).outcome is LoginOutcome.LETTER_USED


def test_confirmation_link_expires(env):
    world, clock, mailbox, letters, auth = env
    family = world.create_family(activated=False)
    issued = letters.issue(family.guardian.id)
    letters.request_confirmation(auth.login(issued.login, issued.password).letter_id, family.guardian.email)
    token = extract_link(mailbox.mails[-1][2], contains="/courrier/confirmation/").rsplit("/", 1)[1]
    clock.advance(timedelta(hours=24))
    with pytest.raises(JourneyError, match="link-expired"):
        letters.confirm(token)


def test_reset_disables_the_old_password_and_keeps_the_identifier(env):
    world, _, mailbox, letters, auth = env
    family = world.create_family()
    issued = letters.issue(family.guardian.id)
    assert issued.login == family.account.login
    assert auth.login(family.account.login, family.account.password).outcome is LoginOutcome.BAD_CREDENTIALS
    letter_id = auth.login(issued.login, issued.password).letter_id
    confirm_and_activate(letters, mailbox, letter_id, family.guardian.email, "Nouveau-2026!")
    assert auth.login(family.account.login, "Nouveau-2026!").outcome is LoginOutcome.OK


def test_a_new_letter_voids_the_previous_one(env):
    world, _, _, letters, auth = env
    family = world.create_family(activated=False)
    first = letters.issue(family.guardian.id)
    letters.issue(family.guardian.id)
    assert auth.login(first.login, first.password).outcome is LoginOutcome.BAD_CREDENTIALS


def test_a_letter_or_a_link_that_cannot_be_mailed_changes_nothing(env):
    world, _, mailbox, letters, auth = env
    family = world.create_family()
    mailbox.failing = True
    with pytest.raises(DeliveryError):
        letters.issue(family.guardian.id)  # a reset: the account's password would die
    assert auth.login(family.account.login, family.account.password).outcome is LoginOutcome.OK
    mailbox.failing = False
    issued = letters.issue(family.guardian.id)
    letter_id = auth.login(issued.login, issued.password).letter_id
    mailbox.failing = True
    with pytest.raises(DeliveryError):
        letters.issue(family.guardian.id)
    assert auth.login(issued.login, issued.password).outcome is LoginOutcome.LETTER
    with pytest.raises(DeliveryError):
        letters.request_confirmation(letter_id, family.guardian.email)
    with letters.db.session() as s:
        assert s.scalars(select(EmailConfirmation)).all() == []


def test_attaching_needs_matching_names(env):
    world, _, _, letters, auth = env
    family = world.create_family()
    record, pupil = world.other_school_record(family)
    stranger = world.create_family(activated=False)
    account_id = auth.login(family.account.login, family.account.password).account_id
    bad = letters.issue(stranger.guardian.id)
    with pytest.raises(JourneyError, match="letter-names-mismatch"):
        letters.attach(account_id, bad.login, bad.password)
    good = letters.issue(record.id)
    assert letters.attach(account_id, good.login, good.password) == [f"{pupil.first_name} {pupil.last_name}"]
    with pytest.raises(JourneyError, match="letter-used"):
        letters.attach(account_id, good.login, good.password)


@pytest.mark.parametrize(("name", "subject"), [
    ("École élémentaire Jules Ferry", "L'École élémentaire Jules Ferry"),
    ("école maternelle des Lilas", "L'école maternelle des Lilas"),
    ("E.E.P.U JULES FERRY", "L'école E.E.P.U JULES FERRY"),  # the guide's letter
])
def test_the_letter_names_the_school_once(name: str, subject: str) -> None:
    assert the_school(name) == subject
