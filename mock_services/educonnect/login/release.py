"""The attributes ÉduConnect releases for a guardian (FACTS.md's profile)."""
from __future__ import annotations

from datetime import datetime

from ...world import GuardianInfo


def guardian_attributes(guardians: list[GuardianInfo], fr_edu_ct_id: str, logout_url: str,
                        now: datetime) -> dict[str, list[str]]:
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
    return {
        "FrEduCtId": [fr_edu_ct_id],
        "FrEduCtPersonAffiliation": ["resp1d"],
        "givenName": [guardian.first_name],
        "sn": [guardian.last_name],
        "FrEduCtCivilite": [guardian.civility],
        "FrEduCtRefId": [f"{{AAF}}{academie}|{uai}|{aaf_id}" for academie, uai, aaf_id in refs],
        "FrEduUrlRetour": [logout_url],
        "FrEduCtDateConnexion": [now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}"],
    }
