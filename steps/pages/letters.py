"""Page object of the first login with the school's letter."""
from __future__ import annotations

from playwright.sync_api import Page


class LetterFirstLoginPage:
    """« Première connexion »: the mandatory e-mail address."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def give_email(self, address: str) -> None:
        self.page.get_by_label("Adresse mail").fill(address)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Continuer").click()
