"""« Mon compte »: e-mail, password, children from another letter; the téléservices (features/mon_compte.feature)."""
