"""« Administration des comptes ÉduConnect »: the direction's console (features/console_direction.feature)."""
