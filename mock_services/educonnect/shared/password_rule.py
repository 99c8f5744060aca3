"""The password rule ÉduConnect shows when a parent creates a password (our choice;
the real rule is unconfirmed)."""
from __future__ import annotations

import re

RULE = ("Votre mot de passe doit contenir au moins 8 caractères, dont une majuscule, "
        "une minuscule, un chiffre et un caractère spécial.")

_CHECKS = (r".{8,}", r"[A-Z]", r"[a-z]", r"\d", r"[^A-Za-z0-9]")


def is_strong(password: str) -> bool:
    return all(re.search(pattern, password) for pattern in _CHECKS)
