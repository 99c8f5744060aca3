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

    def profile_link(self, name: str) -> Locator:
        return self.page.get_by_role("link", name=self.target.label(name), exact=True)

    def choose_profile(self, name: str) -> None:
        self.profile_link(name).click()


class EntHomePage:
    def __init__(self, page: Page, target: Target) -> None:
        self.page, self.target = page, target

    def greeting(self, civility: str, first_name: str, last_name: str) -> Locator:
        return self.page.get_by_text(self.target.greeting(civility, first_name, last_name), exact=True)

    @property
    def children(self) -> Locator:
        return self.page.get_by_role("list", name=self.target.children_list).get_by_role("listitem")

    @property
    def log_out_control(self) -> Locator:
        name = self.target.label("Se déconnecter")
        return self.page.get_by_role("button", name=name).or_(self.page.get_by_role("link", name=name))

    def chooser(self, text: str) -> Locator:
        """The text of the page that asks which account to log in with."""
        return self.page.get_by_text(text, exact=True)

    def account_choice(self, school_name: str) -> Locator:
        """The choice, among the parent's accounts, of the one of that school."""
        return self.page.get_by_role("button", name=school_name).or_(self.page.get_by_role("link", name=school_name))

    def log_out(self) -> None:
        with self.page.expect_navigation():
            self.log_out_control.click()
