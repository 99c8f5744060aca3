"""The attributes ÉduConnect releases for a guardian (FACTS.md's profile)."""
from __future__ import annotations

from collections.abc import Container
from datetime import datetime

from ...world import GuardianInfo


def guardian_attributes(guardians: list[GuardianInfo], fr_edu_ct_id: str, logout_url: str,
                        now: datetime, faults: Container[str] = ()) -> dict[str, list[str]]:
    """`resp1d`: a guardian of pupils in primary school (the only level the reference models).

    `guardians` are the school records of one person (their own first, then
    those attached from other schools' letters). FrEduCtRefId carries one
    `{AAF}<BCN académie code>|<UAI>|<AAF id>` value per record and school, the code as
    the school's record holds it ("24"; "1" or "01"): the ENT keeps the `{AAF}` values,
    maps the code to the académie's name and joins on `<ACADÉMIE>-<AAF id>`, as entcore
    does. (The second field's content is unconfirmed in the field; ours is the UAI.)
    """
    guardian = guardians[0]
    refs = list(dict.fromkeys((p.school.academie_code, p.school.uai, g.aaf_id) for g in guardians for p in g.pupils))
    given_name, surname = guardian.first_name, guardian.last_name
    if "prenom-nom-inverses" in faults:
        given_name, surname = surname, given_name
    released = {
        "FrEduCtId": [fr_edu_ct_id],
        "FrEduCtPersonAffiliation": ["resp1d"],
        "givenName": [given_name],
        "sn": [surname],
        "FrEduCtCivilite": [guardian.civility],
        "FrEduCtRefId": [f"{{AAF}}{academie}|{uai}|{aaf_id}" for academie, uai, aaf_id in refs],
        "FrEduUrlRetour": [logout_url],
        "FrEduCtDateConnexion": [now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}"],
    }
    if "attributs-en-trop" in faults:  # a pupil's attribute in a guardian's response: more than the ENT needs
        released["FrEduCtDateNaissance"] = [p.birth_date.isoformat() for g in guardians for p in g.pupils]
    return released
