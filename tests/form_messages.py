"""Every French message the forms may show a parent in an alert: the apps' own
catalogues, and the few written where they are shown."""
from __future__ import annotations

import re

from mock_services.educonnect.account.views import ACCOUNT_MESSAGES, ATTACH_MESSAGES
from mock_services.educonnect.franceconnect.views import FAILURES
from mock_services.educonnect.letters.views import MESSAGES as LETTER_MESSAGES
from mock_services.educonnect.login.views import MESSAGES as LOGIN_MESSAGES
from mock_services.educonnect.recovery.views import MESSAGES as RECOVERY_MESSAGES
from mock_services.educonnect.shared.messages import MESSAGES as STEP_MESSAGES
from mock_services.ent.app import (
    LOGOUT_RESPONSE_REFUSED,
    REJECTED_RESPONSE,
    UNKNOWN_USER,
)
from mock_services.franceconnect.provider import TECHNICAL
from mock_services.franceconnect.screens import IDP_FAILED, SESSION_EXPIRED, SESSION_INVALID
from mock_services.web.app import ERROR_TEXTS

WRITTEN_IN_VIEWS = (
    "Veuillez sélectionner votre profil.",  # login/views.py
    "Identifiant ou mot de passe incorrect.",  # the console's, the ENT's and FranceConnect's logins
    "Numéro de portable ou date de naissance invalide.",  # console/views.py
    "L'adresse mail saisie n'est pas valide.",  # console/views.py (the steps' own words)
    "L'envoi du courrier à {name} a échoué. Veuillez réessayer.",  # console/views.py
    "Ce compte ne vous a pas été proposé.",  # ent/app.py
)

TEMPLATES = [*LOGIN_MESSAGES.values(), *STEP_MESSAGES.values(), *LETTER_MESSAGES.values(),
             *ACCOUNT_MESSAGES.values(), *ATTACH_MESSAGES.values(), *RECOVERY_MESSAGES.values(),
             *FAILURES.values(), *(text for _, text in ERROR_TEXTS.values()),
             UNKNOWN_USER, REJECTED_RESPONSE, LOGOUT_RESPONSE_REFUSED, SESSION_EXPIRED, SESSION_INVALID, IDP_FAILED, TECHNICAL,
             *WRITTEN_IN_VIEWS]


def _pattern(template: str) -> str:
    """A message with its `{fields}` matching any text."""
    return ".+".join(re.escape(" ".join(piece.split())) for piece in re.split(r"\{[^}]*\}", template))


FRENCH = re.compile("|".join(f"(?:{_pattern(t)})" for t in TEMPLATES))


def is_french_message(text: str) -> bool:
    return FRENCH.fullmatch(" ".join(text.split())) is not None
