"""Page objects of FranceConnect: the account chooser, the demonstration identity
provider's login page, the confirmation page and the error page (plus ÉduConnect's
FranceConnect button). They note what FranceConnect sends back to the service."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, Request


class FranceConnectPages:
    def __init__(self, page: Page, service_url: str) -> None:
        """`service_url`: the relying party's origin (ÉduConnect's), whose callbacks are noted."""
        self.page, self.service_url = page, service_url
        self.callbacks: list[str] = []  # the authorization responses the browser brought to the service
        self.authorizations: list[str] = []  # the service's authorization requests
        page.on("request", self._note)

    def _note(self, request: Request) -> None:
        parts = urlsplit(request.url)
        query = parse_qs(parts.query)
        if not request.is_navigation_request() or "state" not in query:
            return
        if request.url.startswith(self.service_url + "/") and ("code" in query or "error" in query):
            self.callbacks.append(request.url)
        elif parts.path.endswith("/authorize") and "client_id" in query:
            self.authorizations.append(request.url)

    def sent_state(self) -> str:
        assert self.authorizations, "le service n'a envoyé aucune demande d'autorisation"
        return parse_qs(urlsplit(self.authorizations[-1]).query)["state"][0]

    def issuer(self) -> str:
        """FranceConnect's issuer: its authorization endpoint is `<issuer>/authorize`."""
        return self.authorizations[-1].split("?")[0].removesuffix("/authorize")

    def last_callback(self) -> dict[str, str]:
        assert self.callbacks, "le navigateur n'a rapporté aucune réponse de FranceConnect au service"
        return {k: v[0] for k, v in parse_qs(urlsplit(self.callbacks[-1]).query).items()}

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
        """The identity provider's « Retour » (the official mock identity provider's word)."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Retour", exact=True).click()

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    @property
    def transmitted(self) -> Locator:
        """The confirmation page's « Données transmises »."""
        return self.page.get_by_role("list", name="Données transmises", exact=True).get_by_role("listitem")

    def click(self, name: str) -> None:
        """« Continuer sur … », « Revenir sur … »."""
        with self.page.expect_navigation():
            self.button(name).click()

    def drop_hidden_fields(self, name: str) -> None:
        """What anyone can do in the developer tools: the hidden fields of `name`'s form removed."""
        self.button(name).evaluate("b => b.form.querySelectorAll('input[type=hidden]').forEach(i => i.remove())")
