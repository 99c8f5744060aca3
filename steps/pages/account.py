"""Page objects of « Mon compte » and the téléservices."""
from __future__ import annotations

from playwright.sync_api import Locator, Page


class MyAccountPage:
    """« Mon compte »"""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def children(self) -> Locator:
        return self.page.get_by_role("list", name="Mes enfants").get_by_role("listitem")

    def attach_from_letter(self, login: str, password: str) -> None:
        """« Ajouter des élèves depuis un autre compte »"""
        self.page.get_by_label("Identifiant", exact=True).fill(login)
        self.page.get_by_label("Mot de passe provisoire", exact=True).fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Ajouter").click()


class TeleservicesPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def services_of(self, school_name: str) -> Locator:
        return self.page.get_by_role("list", name=f"Services de {school_name}").get_by_role("listitem")
