"""Page object of the direction's console (« Administration des comptes ÉduConnect »)."""
from __future__ import annotations

from playwright.sync_api import Locator, Page


COLUMNS = ["Nom", "Prénom", "Élèves", "Portable", "Adresse mail", "État", "Actions"]


class ConsolePage:
    def __init__(self, page: Page, educonnect_url: str) -> None:
        self.page, self.url = page, educonnect_url + "/console"

    def open(self) -> None:
        self.page.goto(self.url)

    def log_in(self, login: str, password: str) -> None:
        self.open()
        self.page.get_by_label("Identifiant", exact=True).fill(login)
        self.page.get_by_label("Mot de passe", exact=True).fill(password)
        self._submit("Se connecter")

    def _submit(self, button: str, scope: Locator | None = None) -> None:
        with self.page.expect_navigation():
            (scope or self.page).get_by_role("button", name=button, exact=True).click()

    @property
    def rows(self) -> Locator:
        """The table's data rows (the header row has column headers, not cells)."""
        return self.page.get_by_role("table").get_by_role("row").filter(has=self.page.get_by_role("cell"))

    def row_of(self, first_name: str, last_name: str) -> Locator:
        return self.rows.filter(has_text=last_name).filter(has_text=first_name)

    def cell(self, first_name: str, last_name: str, column: str) -> Locator:
        return self.row_of(first_name, last_name).get_by_role("cell").nth(COLUMNS.index(column))

    def edit(self, first_name: str, last_name: str, fields: dict[str, str]) -> None:
        """« Modifier »: the school's record of a parent (fields by label)."""
        self.row_of(first_name, last_name).get_by_role("link", name="Modifier").click()
        for label, value in fields.items():
            self.page.get_by_label(label, exact=True).fill(value)
        self._submit("Enregistrer")

    def search(self, nom: str = "", classe: str = "", etat: str = "") -> None:
        search = self.page.get_by_role("search", name="Rechercher un responsable")
        search.get_by_label("Nom", exact=True).fill(nom)
        search.get_by_label("Prénom", exact=True).fill("")
        search.get_by_label("Adresse mail", exact=True).fill("")
        search.get_by_label("Classe", exact=True).select_option(label=classe or "Toutes")
        search.get_by_label("État du compte", exact=True).select_option(label=etat or "Tous")
        self._submit("Rechercher", search)

    def act(self, first_name: str, last_name: str, button: str) -> None:
        self._submit(button, self.row_of(first_name, last_name))

    def reset_password(self, first_name: str, last_name: str) -> None:
        """« Réinitialiser le mot de passe », then « Confirmer la réinitialisation »."""
        self.act(first_name, last_name, "Réinitialiser le mot de passe")
        self.answer_confirmation("Confirmer la réinitialisation")

    def answer_confirmation(self, button: str) -> None:
        self._submit(button)
