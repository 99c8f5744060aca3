"""Fixtures the steps share: the stack, the target, the world, page objects."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page

from harness.browser import launch_args
from harness.remote_browser import remote, stack_interface
from harness.target import Target, reference_target
from harness.target_mode import FAULTS_ENV, target_run
from mock_services.faults import Faults
from mock_services.world import World

from harness.inbox import Inbox

from .pages.activation import ActivationPages
from .pages.login import EduConnectLoginPage, EduConnectProfilePage
from .pages.ent import EntHomePage, EntLoginPage


@pytest.fixture(scope="session")
def reference_stack(pytestconfig):
    """One reference stack per test process (per xdist worker); in target mode, the
    one started for the target (reference ÉduConnect and mocks, the ENT elsewhere)."""
    run = target_run(pytestconfig)
    if run is not None:
        yield run.stack
        return
    from mock_services.stack import Stack  # pysaml2 and its schemas: imported by the workers only

    faults = Faults.parse(os.environ.get(FAULTS_ENV))
    with Stack.start(faults=faults, interface=stack_interface(pytestconfig)) as stack:
        yield stack


@pytest.fixture(scope="session")
def target(pytestconfig, reference_stack) -> Target:
    run = target_run(pytestconfig)
    return run.target if run is not None else reference_target(reference_stack)


@pytest.fixture(scope="session")
def world(reference_stack) -> World:
    return reference_stack.world


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig):
    if remote(pytestconfig) is not None:
        return browser_type_launch_args  # the server launches Chromium (harness/remote_browser.py)
    ours = launch_args(headless=browser_type_launch_args.get("headless", True))
    return {**browser_type_launch_args, **ours, "args": [*browser_type_launch_args.get("args", []), *ours["args"]]}


@pytest.fixture
def context(context, timeouts):
    """pytest-playwright's browser context, with the suite's timeouts (harness/timeouts.py)."""
    timeouts.watch(context)
    return context


@pytest.fixture
def ent_login(page: Page, target: Target) -> EntLoginPage:
    return EntLoginPage(page, target)


@pytest.fixture
def ent_home(page: Page, target: Target) -> EntHomePage:
    return EntHomePage(page, target)


@pytest.fixture
def educonnect_profile(page: Page) -> EduConnectProfilePage:
    return EduConnectProfilePage(page)


@pytest.fixture
def educonnect_login(page: Page) -> EduConnectLoginPage:
    return EduConnectLoginPage(page)


@pytest.fixture
def activation_pages(page: Page) -> ActivationPages:
    return ActivationPages(page)


@pytest.fixture
def inbox(reference_stack, timeouts) -> Inbox:
    return Inbox(reference_stack.mail_store, reference_stack.sms_store, timeouts)


@pytest.fixture
def sms_gateway(reference_stack):
    """The SMS gateway's fault switches; cleared after the scenario."""
    yield reference_stack.sms_gateway
    reference_stack.sms_gateway.clear()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A French parent's browser: dates are typed and shown the French way."""
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def placeholders() -> dict[str, str]:
    """Values a feature names in braces (« {mon adresse mail} »), filled by earlier steps."""
    return {}


@pytest.fixture
def school_direction(reference_stack):
    """What the school's direction does from its console, as a Python API (for `Soit` steps)."""
    return reference_stack.educonnect.letters
