"""Page objects of FranceConnect: the account chooser and the demonstration
identity provider's login page (plus ÉduConnect's FranceConnect button)."""
from __future__ import annotations

from playwright.sync_api import Locator, Page


class FranceConnectPages:
    def __init__(self, page: Page) -> None:
        self.page = page

    def start_from_educonnect(self) -> None:
        """ÉduConnect's button, in the FranceConnect block of its login page."""
        self.page.get_by_role("region", name="FranceConnect").get_by_role(
            "link", name="S'identifier avec FranceConnect", exact=True).click()

    @property
    def accounts(self) -> Locator:
        """« Je choisis un compte pour me connecter sur … »: the accounts offered."""
        return self.page.get_by_role("list", name="Comptes pour se connecter").get_by_role("link")

    def choose_account(self, name: str) -> None:
        self.accounts.get_by_text(name, exact=True).click()

    def log_in(self, login: str, password: str) -> None:
        self.page.get_by_label("Identifiant", exact=True).fill(login)
        self.page.get_by_label("Mot de passe", exact=True).fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se connecter", exact=True).click()

    def cancel(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Annuler", exact=True).click()
