"""Steps about what any page shows: headings, texts, messages, links."""
from __future__ import annotations

import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from playwright.sync_api import Page, expect
from pytest_bdd import parsers, then, when


def submit(page: Page, button: str) -> None:
    """Click the form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def stand_in_page(title: str) -> str:
    """The page the suite serves in place of a service's while it holds a message back: a
    language, a title, a viewport, a main landmark and a heading, as every page it checks."""
    return (f'<!doctype html><html lang="fr"><head><meta name="viewport" content="width=device-width, '
            f'initial-scale=1"><title>{title}</title></head><body><main><h1>{title}</h1></main></body></html>')


def quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]*)"', text)


# The guide's words for a heading or a link, or what a target profile's `[ent.libelles]` calls them.

@then(parsers.parse('la page demande "{heading}"'))
def page_asks(page: Page, target, heading: str):
    expect(page.get_by_role("heading", name=target.label(heading), exact=True)).to_be_visible()


@then(parsers.parse('la page "{heading}" s\'affiche'))
def page_shown(page: Page, target, heading: str):
    heading_locator = page.get_by_role("heading", name=target.label(heading), exact=True, level=1)
    expect(heading_locator).to_be_visible()
    # a page is more than its title: some text follows it
    expect(page.get_by_role("main").get_by_role("paragraph").first).not_to_be_empty()


@then(parsers.parse('la page affiche "{text}"'))
def page_shows(page: Page, text: str, placeholders: dict):
    expect(page.get_by_text(fill_in(text, placeholders), exact=True)).to_be_visible()


def fill_in(text: str, placeholders: dict[str, str]) -> str:
    """Replace `{name}` with what the scenario knows (a missing name fails loudly)."""
    return re.sub(r"\{([^{}]+)\}", lambda m: placeholders[m.group(1)], text)


@then(parsers.parse('le message "{message}" s\'affiche'))
def message_shown(page: Page, message: str, placeholders: dict):
    expect(page.get_by_text(fill_in(message, placeholders), exact=True)).to_be_visible()


@then(parsers.re(r'la page propose les liens (?P<names>".*")'))
def page_offers_links(page: Page, names: str):
    for name in quoted(names):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()


@when(parsers.parse('je clique sur le lien "{name}"'))
def click_link(page: Page, target, name: str):
    page.get_by_role("link", name=target.label(name), exact=True).click()


@when(parsers.parse("{minutes:d} minutes se sont écoulées"))
def minutes_pass(target, minutes: int):
    target.advance_clock(timedelta(minutes=minutes))


@when(parsers.re(r"(?P<months>\d+) mois(?P<and_a_day> et un jour)? se sont écoulés"))
def months_pass(target, months: str, and_a_day: str | None):
    now = target.now()
    later = now + relativedelta(months=int(months), days=1 if and_a_day else 0)
    target.advance_clock(later - now)
