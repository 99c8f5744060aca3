"""ÉduConnect as FranceConnect's client: the first login links an identity (features/franceconnect.feature)."""
