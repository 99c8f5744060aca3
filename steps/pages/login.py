"""Page objects of ÉduConnect's login page: one page holding the profile choice, FranceConnect,
the choice « Créer/activer un compte EduConnect » / « Se connecter à un compte existant » and the
login form."""
from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

PARENT_PROFILE = "Responsable d'élève"


class EduConnectProfilePage:
    """« Je sélectionne mon profil »: buttons that say which is chosen (pressed)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def profile_button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def choose(self, name: str) -> None:
        self.profile_button(name).click()


class EduConnectLoginPage:
    """« Je me connecte avec mon compte ÉduConnect », and the tabs around it."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def field(self, label: str) -> Locator:
        """A field by its label, whether or not the label carries the mandatory star."""
        return self.page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))

    @property
    def franceconnect(self) -> Locator:
        return self.page.get_by_role("region", name="FranceConnect")

    @property
    def tabs(self) -> Locator:
        return self.page.get_by_role("tab")

    def tab(self, name: str) -> Locator:
        return self.page.get_by_role("tab", name=name, exact=True)

    @property
    def open_panel(self) -> Locator:
        return self.page.get_by_role("tabpanel")

    def log_in(self, identifier: str, password: str, profile: str = PARENT_PROFILE) -> None:
        """Choose the profile (again: it may have been chosen already), fill in the form and send it."""
        EduConnectProfilePage(self.page).choose(profile)
        self.field("Identifiant").fill(identifier)
        self.field("Mot de passe").fill(password)
        self.submit()

    def submit(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se connecter", exact=True).click()
