"""The RGAA 4.1 criterion an axe-core rule checks part of, for the common rules.

Short on purpose: a rule is listed only where one criterion clearly covers it; any other rule
shows « — ». An automatic rule never proves a criterion met: it finds some of its failures.
"""
from __future__ import annotations

UNMAPPED = "—"

CRITERIA = {
    # 1 Images
    "image-alt": "1.1", "input-image-alt": "1.1", "area-alt": "1.1", "role-img-alt": "1.1", "svg-img-alt": "1.1",
    # 2 Cadres
    "frame-title": "2.1",
    # 3 Couleurs
    "color-contrast": "3.2",
    # 5 Tableaux
    "td-headers-attr": "5.7", "th-has-data-cells": "5.7",
    # 6 Liens
    "link-name": "6.2",
    # 7 Scripts (ARIA)
    "aria-allowed-attr": "7.1", "aria-required-attr": "7.1", "aria-valid-attr": "7.1",
    "aria-valid-attr-value": "7.1", "aria-roles": "7.1",
    # 8 Éléments obligatoires
    "html-has-lang": "8.3", "html-lang-valid": "8.4", "document-title": "8.5", "valid-lang": "8.7",
    # 9 Structuration
    "page-has-heading-one": "9.1", "heading-order": "9.1", "empty-heading": "9.1",
    "list": "9.3", "listitem": "9.3", "definition-list": "9.3", "dlitem": "9.3",
    # 10 Présentation
    "meta-viewport": "10.4", "aria-hidden-focus": "10.8",
    # 11 Formulaires
    "label": "11.1", "select-name": "11.1", "aria-input-field-name": "11.1",
    "button-name": "11.9", "input-button-name": "11.9", "autocomplete-valid": "11.13",
    # 12 Navigation
    "region": "12.6", "landmark-one-main": "12.6", "bypass": "12.7", "tabindex": "12.8",
}


def criterion(rule: str) -> str:
    """« 11.1 » for axe's `label`; « — » for a rule not in the table."""
    return CRITERIA.get(rule, UNMAPPED)
