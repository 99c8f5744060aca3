"""Logging in from a service: SAML endpoints, the profile choice, the login form (features/connexion_ent.feature)."""
