"""The conftest of the small browser projects some tests run with pytester: the
harness's report and evidence plugins, the suite's Chromium, two steps on one page."""

CONFTEST = """\
import pytest
from pathlib import Path
from pytest_bdd import given, parsers, then

from harness.browser import launch_args

pytest_plugins = ["harness.verdicts", "harness.cucumber_report", "harness.html_report", "harness.evidence"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, **launch_args()}


@given(parsers.parse('une page "{title}"'))
def a_page(page, title):
    page.set_content(f"<title>{title}</title><h1>{title}</h1>")


@then(parsers.parse('le titre est "{title}"'))
def the_title(page, title):
    assert page.title() == title
"""
