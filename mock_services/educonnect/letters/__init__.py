"""The school's letter: the provisional password, the first login, the e-mail confirmed (features/courrier_ecole.feature)."""
