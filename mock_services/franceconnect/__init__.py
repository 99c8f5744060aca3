"""The reference FranceConnect: an OpenID Connect provider imitating FranceConnect v2,
with a provider chooser and a demonstration identity provider."""
from .app import create_franceconnect_app
from .identities import DEMO_IDENTITIES, FAULT_LOGINS, Identity
from .provider import API, PROVIDERS, TAMPERINGS, Client, ErrorPage, FranceConnect, OidcError

__all__ = ["API", "DEMO_IDENTITIES", "FAULT_LOGINS", "PROVIDERS", "TAMPERINGS", "Client", "ErrorPage", "FranceConnect", "Identity",
           "OidcError", "create_franceconnect_app"]
