"""What ÉduConnect released to the ENT for the parent's login, attribute by attribute
(read from ÉduConnect's journal of the sessions it opened)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from pytest_bdd import then

from mock_services.world import Family

from .common import fill_in


def _at_connection_time(value: str, stack) -> bool:
    try:
        at = datetime.strptime(value, "%Y-%m-%d %H:%M:%S.%f")
    except ValueError:
        return False
    return len(value) == 23 and abs(stack.clock.now().replace(tzinfo=None) - at) <= timedelta(minutes=1)


# The three values a feature describes rather than spells (their value changes with every login)
SHAPES = {
    "96 caractères hexadécimaux": lambda value, _stack: re.fullmatch(r"[0-9a-f]{96}", value) is not None,
    "l'heure de la connexion, AAAA-MM-JJ hh:mm:ss.mmm": _at_connection_time,
    "une adresse d'ÉduConnect": lambda value, stack: value.startswith(stack.urls["educonnect"] + "/"),
}


@then("ÉduConnect a transmis à l'ENT, pour cette connexion, exactement ces attributs :")
def released_exactly(datatable, reference_stack, target, famille: Family, placeholders: dict[str, str]):
    g, school = famille.guardian, famille.school
    placeholders.update({"AAF": "{AAF}", "mon prénom": g.first_name, "mon nom": g.last_name, "ma civilité": g.civility,
                         "code académie": school.academie_code, "UAI": school.uai, "mon identifiant AAF": g.aaf_id})
    sessions = reference_stack.educonnect.saml_journal.sessions_of(famille.account.login, target.sp_entity_id)
    assert sessions, "ÉduConnect n'a ouvert aucune session avec l'ENT pour ce parent"
    released = dict(sessions[-1].attributes)
    expected = {row[0]: row[1] for row in datatable[1:]}
    assert sorted(released) == sorted(expected), (
        f"ÉduConnect a transmis {sorted(released)}, attendu exactement {sorted(expected)}")
    for name, value in expected.items():
        values = list(released[name])
        shape = SHAPES.get(value)
        if shape is not None:
            assert len(values) == 1 and shape(values[0], reference_stack), f"{name} : {values}, attendu {value}"
        else:
            assert values == [fill_in(value, placeholders)], f"{name} : {values}, attendu {fill_in(value, placeholders)!r}"
