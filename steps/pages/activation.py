"""Page objects of « Je n'ai pas de compte », one method per step of the guide."""
from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Locator, Page

CONTACT_FIELDS = {"par SMS": "Numéro de téléphone portable", "par mail": "Adresse mail"}


class ActivationPages:
    def __init__(self, page: Page) -> None:
        self.page = page

    def _submit(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()

    def give_contact(self, channel: str, value: str) -> None:
        """Step 1: « par SMS » or « par mail », and the number or address."""
        self.page.get_by_role("radio", name=channel, exact=True).check()
        self.page.get_by_label(CONTACT_FIELDS[channel], exact=True).fill(value)
        self._submit("Continuer")

    def give_names(self, last_name: str, first_name: str) -> None:
        """Step 2."""
        self.page.get_by_label("Nom", exact=True).fill(last_name)
        self.page.get_by_label("Prénom", exact=True).fill(first_name)
        self._submit("Continuer")

    def enter_code(self, code: str) -> None:
        """Step 3."""
        self.page.get_by_label("Code de sécurité", exact=True).fill(code)
        self._submit("Valider")

    def confirm_children(self, birth_dates: dict[str, date], legal_representative: bool = True) -> None:
        """Step 4: each child's birth date by first name, and the legal-representative box
        (left unticked if not `legal_representative`)."""
        for first_name, born in birth_dates.items():
            self.page.get_by_label(f"Date de naissance de {first_name}", exact=True).fill(born.isoformat())
        box = self.page.get_by_role("checkbox", name="Je confirme être le représentant légal des élèves ci-dessus")
        box.set_checked(legal_representative)
        self._submit("Valider")

    @property
    def identifier(self) -> Locator:
        """The identifier shown: to be noted at step 5, and again on « Bravo »."""
        return self.page.get_by_text(re.compile(r"^Votre identifiant ÉduConnect : "))

    def read_identifier(self) -> str:
        return self.identifier.inner_text().split(":", 1)[1].strip()

    def create_password(self, password: str) -> None:
        self.page.get_by_label("Mot de passe", exact=True).fill(password)
        self.page.get_by_label("Confirmation du mot de passe", exact=True).fill(password)
        self._submit("Activer mon compte")

    @property
    def attached_children(self) -> Locator:
        return self.page.get_by_role("list", name="Élèves rattachés à votre compte").get_by_role("listitem")

    def click_button(self, name: str) -> None:
        self._submit(name)
