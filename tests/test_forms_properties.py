"""Every form of ÉduConnect (its console too), the ENT and FranceConnect's mock survives any
input, through HTTP as a browser sends it: never a 5xx; a redirect or a page in French,
whose alerts are the apps' own messages; nothing the parent typed comes back unescaped;
and a refused submission leaves the databases, the mails and the SMS as they were."""
from __future__ import annotations

import re
import socket
from contextlib import contextmanager, nullcontext
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mock_services import passwords
from mock_services.stack import Stack
from mock_services.web.app import ERROR_TEXTS

from form_catalog import EXCLUDED, FORMS, console_page, console_school, shared
from form_inputs import (AS_A_PARENT, EVERY_FIELD, FORGED, OVERSIZED, Attack, attacks, bad_tokens, submission,
                         texts)
from form_messages import is_french_message
from form_pages import alerts, is_french_page, unescaped
from form_world import changed, snapshot

APPS = ("educonnect", "ent", "franceconnect")
BOUNDED = settings(deadline=None, database=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def stack():
    """The stack, hashing passwords at argon2's lowest cost: no property here is about the cost,
    and a login, a letter or an account hashes once or twice per submission."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        with Stack.start() as s:
            yield s


@contextmanager
def undelivered(stack):
    """No mail and no SMS leave ÉduConnect: its SMTP server and SMS gateway refuse connections
    (a bound socket that does not listen)."""
    with socket.socket() as closed, pytest.MonkeyPatch.context() as patch:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        patch.setattr(stack.educonnect.notifier, "smtp_port", port)
        patch.setattr(stack.educonnect.notifier.sms, "url", f"http://127.0.0.1:{port}/sms")
        yield


def shown(browser, answer, sent, undelivered: bool = False) -> bool:
    """Check the answer (and the page a redirect leads to); True if it is a refusal.
    `undelivered`: a 503 may tell that a mail or an SMS could not leave."""
    assert answer.status_code < 500 or (undelivered and answer.status_code == 503), \
        f"{answer.status_code} for {sent}"
    if answer.status_code in (301, 302, 303, 307, 308):
        answer = browser.follow(answer)
        if answer is None or 300 <= answer.status_code < 400:
            return False  # another site's page, or the next step's
        assert answer.status_code < 500, f"{answer.status_code} after the redirect, for {sent}"
        refused = bool(alerts(answer.text)) or answer.status_code >= 400
    else:
        refused = answer.status_code >= 400
        assert not refused or alerts(answer.text), f"{answer.status_code} without a message: {answer.text[:2000]}"
    page = answer.text
    assert is_french_page(page), page[:2000]
    assert all(map(is_french_message, alerts(page))), alerts(page)
    assert not unescaped(page, sent.texts()), unescaped(page, sent.texts())
    return refused


def reach(stack, case):
    """The page that shows the case's form, reached once for every property."""
    return shared(stack, f"reached:{case.id}", lambda: case.reach(stack))


def explicit(examples: list[dict]):
    """Decorate a hypothesis test with these explicit examples (arguments by name), run first."""
    def decorate(test):
        for arguments in reversed(examples):
            test = example(**arguments)(test)
        return test
    return decorate


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.id)
def test_a_form_survives_any_input(stack, case):
    @settings(BOUNDED, max_examples=6)  # and the explicit ones
    @given(attack=attacks)
    @explicit([{"attack": attack} for attack in AS_A_PARENT + OVERSIZED + EVERY_FIELD])
    def submit(attack):
        reached = reach(stack, case)  # each submission from a copy of its browser
        form = reached.browser.form(reached.page, case.endpoint, **reached.args)
        sent = submission(form, reached.known, attack)
        if sent is None:
            return
        browser = reached.browser.copy()
        before = snapshot(stack)
        with undelivered(stack) if attack.undelivered else nullcontext():
            answer = browser.send(form.action, sent)
        if not shown(browser, answer, sent, attack.undelivered):
            return  # accepted
        unexpected = [t for t in changed(before, snapshot(stack)) if t not in case.may_change]
        assert not unexpected, f"a refusal changed {unexpected}"

    submit()


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.id)
def test_a_form_without_its_own_token_is_refused_in_french(stack, case):
    reached = reach(stack, case)  # every submission is refused: it may be sent from the page itself
    form = reached.browser.form(reached.page, case.endpoint, **reached.args)

    @settings(BOUNDED, max_examples=3)  # and the explicit ones
    @given(token=bad_tokens, attack=attacks)
    @explicit([{"token": token, "attack": Attack(0, "")} for token in FORGED])
    def forge(token, attack):
        sent = submission(form, reached.known, attack, token=token)
        if sent is None:
            return
        before = snapshot(stack)
        answer = reached.browser.send(form.action, sent)
        assert answer.status_code == 400, f"{answer.status_code} for {sent}"
        assert alerts(answer.text) == [ERROR_TEXTS[400][1]]
        assert changed(before, snapshot(stack)) == []

    forge()


def test_every_post_route_is_a_tested_form_or_left_out_with_a_reason(stack):
    posts = {(name, rule.endpoint) for name in APPS
             for rule in stack.services[name].app.url_map.iter_rules() if "POST" in rule.methods}
    tested = {(case.app, case.endpoint) for case in FORMS}
    assert posts - tested - EXCLUDED.keys() == set(), "a POST route no property feeds"
    assert (tested | EXCLUDED.keys()) - posts == set(), "a form or an exclusion without its route"
    assert tested & EXCLUDED.keys() == set()


CONSOLE_ID_ROUTES = [("GET", ""), ("POST", ""), ("POST", "/courrier"), ("POST", "/identifiant")]
ids = st.one_of(st.integers(min_value=-2 ** 80, max_value=2 ** 80).map(str),
                st.sampled_from(["99999999999999999999999", str(2 ** 63), str(2 ** 63 - 1), "-1", "0", "1.5", "1e3",
                                 "0x1F", "٣", "０", "9" * 5_000, " 1", "1 "]),
                texts.filter(bool))


@settings(BOUNDED, max_examples=40)
@given(raw=ids, route=st.sampled_from(CONSOLE_ID_ROUTES))
def test_a_console_id_that_names_no_family_of_the_school_is_not_found(stack, raw, route):
    family, _ = console_school(stack)
    reached = shared(stack, "console-ids", lambda: console_page("console.edit")(stack))
    token = reached.browser.form(reached.page, "console.edit", guardian_id=family.guardian.id).token
    if re.fullmatch(f"0*{family.guardian.id}", raw):
        return  # the school's own family
    method, action = route
    url = f"/console/responsables/{quote(raw, safe='')}{action}"
    before = snapshot(stack)
    answer = reached.browser.client.open(url, method=method, data={"csrf_token": token})
    assert answer.status_code == 404, f"{method} {url[:200]}: {answer.status_code}"
    assert alerts(answer.text) == [ERROR_TEXTS[404][1]]
    assert changed(before, snapshot(stack)) == []
