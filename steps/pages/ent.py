"""Page objects of the ENT: the profile page, the charter, the home page."""
from __future__ import annotations

from playwright.sync_api import Locator, Page

from harness.target import Target


class EntLoginPage:
    """« Vous souhaitez vous connecter en tant que ... »"""

    def __init__(self, page: Page, target: Target) -> None:
        self.page, self.target = page, target

    def open(self) -> None:
        self.page.goto(self.target.login_url)

    @property
    def profile_links(self) -> Locator:
        return self.page.get_by_role("list").get_by_role("link")

    def choose_profile(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).click()


class EntHomePage:
    def __init__(self, page: Page, target: Target) -> None:
        self.page, self.target = page, target

    @property
    def greeting(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def children(self) -> Locator:
        return self.page.get_by_role("list", name="Mes enfants").get_by_role("listitem")

    def log_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se déconnecter").click()
