"""The attributes ÉduConnect releases for a guardian (FACTS.md's profile)."""
from __future__ import annotations

from datetime import datetime

from ..world import GuardianInfo


def guardian_attributes(guardian: GuardianInfo, fr_edu_ct_id: str, logout_url: str,
                        now: datetime) -> dict[str, list[str]]:
    """`resp1d`: a guardian of pupils in primary school (the only level the reference models).

    FrEduCtRefId carries one `{AAF}<ACADÉMIE>|<UAI>|<AAF id>` value per school of
    the guardian's children: the ENT keeps the `{AAF}` values and joins on
    `<ACADÉMIE>-<AAF id>`, as entcore does.
    """
    schools = list(dict.fromkeys((p.school.academie, p.school.uai) for p in guardian.pupils))
    return {
        "FrEduCtId": [fr_edu_ct_id],
        "FrEduCtPersonAffiliation": ["resp1d"],
        "givenName": [guardian.first_name],
        "sn": [guardian.last_name],
        "FrEduCtCivilite": [guardian.civility],
        "FrEduCtRefId": [f"{{AAF}}{academie}|{uai}|{guardian.aaf_id}" for academie, uai in schools],
        "FrEduUrlRetour": [logout_url],
        "FrEduCtDateConnexion": [now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}"],
    }
