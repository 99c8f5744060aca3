"""Page objects of ÉduConnect: the profile choice and the login form."""
from __future__ import annotations

import re

from playwright.sync_api import Locator, Page


class EduConnectProfilePage:
    """« Je sélectionne mon profil »"""

    def __init__(self, page: Page) -> None:
        self.page = page

    def profile_button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def choose(self, name: str) -> None:
        self.profile_button(name).click()


class EduConnectLoginPage:
    """« Je me connecte avec mon compte ÉduConnect »"""

    def __init__(self, page: Page) -> None:
        self.page = page

    def field(self, label: str) -> Locator:
        """A field by its label, whether or not the label carries the mandatory star."""
        return self.page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))

    @property
    def franceconnect(self) -> Locator:
        return self.page.get_by_role("region", name="FranceConnect")

    def log_in(self, identifier: str, password: str) -> None:
        self.field("Identifiant").fill(identifier)
        self.field("Mot de passe").fill(password)
        self.submit()

    def submit(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se connecter").click()
