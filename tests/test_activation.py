"""« Je n'ai pas de compte » below the pages: codes, expiry, attempts, delivery."""
from datetime import date, timedelta

import pytest
import responses
from sqlalchemy import func, select

from mock_services.clock import Clock
from mock_services.db import Database
from mock_services.educonnect.activation.service import CODE_LIFETIME, MAX_CODE_ATTEMPTS, Activation
from mock_services.educonnect.shared.errors import DeliveryError, JourneyError
from mock_services.educonnect.shared.models import Account, Base
from mock_services.educonnect.shared.notify import Notifier
from mock_services.educonnect.shared.password_rule import is_strong
from mock_services.faults import Faults
from mock_services.sms.client import SmsGatewayClient
from mock_services.world import World

GATEWAY = "http://127.0.0.1:9/sms/test/jobs"


class Outbox:
    """Captures codes instead of sending them; can be told to fail."""

    def __init__(self):
        self.sent, self.failing = [], False

    def __call__(self, channel, contact, code):
        if self.failing:
            raise DeliveryError("gateway down")
        self.sent.append((channel, contact, code))


@pytest.fixture
def env(tmp_path):
    clock = Clock()
    db = Database(tmp_path / "ec.sqlite", Base)
    world = World(db, clock, provision_ent=None)
    outbox = Outbox()
    return world, clock, db, outbox, Activation(db, clock, Faults(), outbox)


def family(world):
    school = world.create_school()
    kids = [world.create_pupil(school.uai, birth_date=date(2019, 5, 4)),
            world.create_pupil(school.uai, birth_date=date(2021, 1, 2))]
    guardian = world.create_guardian([k.id for k in kids], mobile="06 12 34 56 78", email="Lea.Martin@exemple.test")
    return guardian, kids


def test_contact_matches_in_any_writing_and_unknown_ones_are_refused(env):
    world, *_, activation = env
    family(world)
    assert activation.check_contact("sms", "+33 6 12 34 56 78") == "+33612345678"
    assert activation.check_contact("mail", "lea.martin@EXEMPLE.test") == "lea.martin@exemple.test"
    for channel, value, reason in [("sms", "06 00 00 00 01", "contact-unknown"), ("sms", "12", "mobile-invalid"),
                                   ("mail", "x@", "email-invalid"), ("sms", "", "contact-missing"),
                                   ("fax", "1", "channel-missing")]:
        with pytest.raises(JourneyError) as err:
            activation.check_contact(channel, value)
        assert err.value.reason == reason


def test_names_match_without_case_or_accents(env):
    world, *_, activation = env
    guardian, _ = family(world)
    assert activation.match_guardian("sms", "+33612345678", guardian.last_name.upper(),
                                     guardian.first_name.lower()) == guardian.id
    with pytest.raises(JourneyError, match="names-mismatch"):
        activation.match_guardian("sms", "+33612345678", "Autre", guardian.first_name)


def test_code_is_six_digits_single_use_and_dies_after_thirty_minutes(env):
    world, clock, _, outbox, activation = env
    guardian, _ = family(world)
    with clock.frozen():
        code_id = activation.send_code(guardian.id, "sms", guardian.mobile)
        code = outbox.sent[-1][2]
        assert len(code) == 6 and code.isdigit()
        clock.advance(CODE_LIFETIME - timedelta(seconds=1))
        activation.verify_code(code_id, code)
    with pytest.raises(JourneyError, match="code-expired"):
        activation.verify_code(code_id, code)  # used once already

    code_id = activation.send_code(guardian.id, "sms", guardian.mobile)
    clock.advance(CODE_LIFETIME)
    with pytest.raises(JourneyError, match="code-expired"):
        activation.verify_code(code_id, outbox.sent[-1][2])


def test_a_new_code_kills_the_old_one(env):
    world, _, _, outbox, activation = env
    guardian, _ = family(world)
    old_id = activation.send_code(guardian.id, "sms", guardian.mobile)
    old = outbox.sent[-1][2]
    activation.send_code(guardian.id, "sms", guardian.mobile)
    with pytest.raises(JourneyError, match="code-expired"):
        activation.verify_code(old_id, old)


def test_attempts_are_limited_and_counted_in_the_database(env):
    world, _, _, outbox, activation = env
    guardian, _ = family(world)
    code_id = activation.send_code(guardian.id, "sms", guardian.mobile)
    right = outbox.sent[-1][2]
    wrong = f"{(int(right) + 1) % 10 ** 6:06d}"
    remaining = []
    for _ in range(MAX_CODE_ATTEMPTS - 1):
        with pytest.raises(JourneyError) as err:
            activation.verify_code(code_id, wrong)
        remaining.append(err.value.details["remaining"])
    assert remaining == list(range(MAX_CODE_ATTEMPTS - 1, 0, -1))
    with pytest.raises(JourneyError, match="code-exhausted"):
        activation.verify_code(code_id, wrong)
    with pytest.raises(JourneyError, match="code-expired"):
        activation.verify_code(code_id, right)


def test_a_delivery_failure_keeps_no_code_and_no_account(env):
    world, _, db, outbox, activation = env
    guardian, _ = family(world)
    outbox.failing = True
    with pytest.raises(DeliveryError):
        activation.send_code(guardian.id, "sms", guardian.mobile)
    with db.session() as s:
        from mock_services.educonnect.shared.models import ActivationCode
        assert s.scalar(select(func.count()).select_from(ActivationCode)) == 0
        assert s.scalar(select(func.count()).select_from(Account)) == 0


def test_a_new_code_that_cannot_be_sent_leaves_the_earlier_one_working(env):
    world, _, _, outbox, activation = env
    guardian, _ = family(world)
    code_id = activation.send_code(guardian.id, "sms", guardian.mobile)
    outbox.failing = True
    with pytest.raises(DeliveryError):
        activation.send_code(guardian.id, "sms", guardian.mobile)
    activation.verify_code(code_id, outbox.sent[-1][2])


def test_wrong_birth_date_leaves_that_child_out(env):
    world, *_, activation = env
    guardian, (first, second) = family(world)
    confirmed, wrong = activation.check_birth_dates(guardian.id, {first.id: first.birth_date,
                                                                  second.id: date(2000, 1, 1)})
    assert (confirmed, wrong) == ([first.id], [second.id])


def test_account_creation_refuses_weak_passwords_and_a_used_contact(env):
    world, *_, activation = env
    guardian, kids = family(world)
    ident = activation.propose_identifier(guardian.id)
    with pytest.raises(JourneyError, match="password-weak"):
        activation.create_account(guardian.id, ident, "faible", "sms", "+33612345678", [])
    assert activation.create_account(guardian.id, ident, "Rentree-2026!", "sms", "+33612345678",
                                     [kids[0].id]) == ident
    with pytest.raises(JourneyError, match="contact-used"):
        activation.check_contact("sms", "06 12 34 56 78")


@pytest.mark.parametrize("password,strong", [("Rentree-2026!", True), ("rentree-2026!", False),
                                             ("RENTREE-2026!", False), ("Rentree-deux!", False),
                                             ("Rentree2026", False), ("Re-26!", False)])
def test_password_rule(password, strong):
    assert is_strong(password) is strong


@responses.activate
def test_notifier_turns_a_gateway_failure_into_a_delivery_error():
    responses.post(GATEWAY, json={"message": "panne"}, status=503)
    notifier = Notifier(SmsGatewayClient("http://127.0.0.1:9", "test", "jeton"), "127.0.0.1", 9)
    with pytest.raises(DeliveryError):
        notifier.send_code("sms", "+33612345678", "123456")


@responses.activate
def test_notifier_sends_the_code_in_the_sms_text():
    responses.post(GATEWAY, json={"ids": ["1"], "validReceivers": ["+33612345678"], "invalidReceivers": [],
                                  "totalCreditsRemoved": 1})
    Notifier(SmsGatewayClient("http://127.0.0.1:9", "test", "jeton"), "127.0.0.1", 9).send_code(
        "sms", "+33612345678", "123456")
    body = responses.calls[0].request.body
    assert b"123456" in body and b"+33612345678" in body
