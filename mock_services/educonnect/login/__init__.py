"""Logging in from a service: SAML endpoints, the login flow (a browser check, then the login page), the form (features/connexion_ent.feature)."""
