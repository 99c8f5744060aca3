"""The attribute contract, as the field shows it and the vendor guide states it. The join
key: `{AAF}<BCN académie code>|…|<AAF id>`, the code padded or not, among values of other
prefixes; the reference ENT joins on `<ACADÉMIE>-<id>`."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from mock_services.academies import academies, name_of
from mock_services.educonnect.login.conformance import alter_attributes
from mock_services.educonnect.login.release import guardian_attributes
from mock_services.ent.app import aaf_join_keys
from mock_services.faults import Faults
from mock_services.world import WorldError

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("code, name", [("1", "PARIS"), ("01", "PARIS"), ("24", "CRETEIL"), ("0", "ETRANGER"),
                                        ("70", "NORMANDIE"), (" 25 ", "VERSAILLES")])
def test_codes_map_to_names_padded_or_not(code, name):
    assert name_of(code) == name


@pytest.mark.parametrize("code", ["99", "", "PARIS", "001", "2a", "-1"])
def test_unknown_codes_map_to_nothing(code):
    assert name_of(code) is None


def test_the_table_is_the_field_ents_two_digit_table():
    table = academies()
    assert len(table) == 39 and all(re.fullmatch(r"\d\d", code) for code in table)
    assert name_of("1", padded_only=True) is None and name_of("01", padded_only=True) == "PARIS"


def test_the_world_knows_a_school_by_its_code_and_refuses_an_unknown_one(stack):
    school = stack.world.create_school(academie="1")
    assert (school.academie_code, school.academie) == ("1", "PARIS")
    family = stack.world.create_family(academie="1")
    assert family.guardian.external_id == f"PARIS-{family.guardian.aaf_id}"
    with pytest.raises(WorldError, match="code BCN d'académie inconnu « CRETEIL »"):
        stack.world.create_school(academie="CRETEIL")


def test_released_values_carry_the_code_as_the_school_holds_it(stack):
    family = stack.world.create_family(academie="1")
    released = guardian_attributes([family.guardian], "ab" * 48, "https://educonnect/Logout", datetime(2026, 1, 1))
    assert released["FrEduCtRefId"] == [f"{{AAF}}1|{family.school.uai}|{family.guardian.aaf_id}"]


def values(*refs: str) -> dict[str, list[str]]:
    return {"FrEduCtRefId": list(refs), "FrEduCtId": ["cd" * 48]}


def test_the_ent_keeps_the_three_field_aaf_values_and_maps_their_code():
    attributes = values("{ECT}opaque", "{AAF}1|0750001A|111", "{AAF}24|0940001B|222", "{AAF}99|0940001B|333",
                        "{AAF}24|0940001B", "{AAF}24|x|y|444", "AAF}24|x|555")
    assert aaf_join_keys(attributes, Faults()) == ["PARIS-111", "CRETEIL-222"]


def test_each_join_fault_breaks_exactly_its_rule():
    other_prefix_first = values("{ECT}opaque", "{AAF}24|0940001B|222")
    assert aaf_join_keys(other_prefix_first, Faults(["premiere-valeur-seulement"])) == []
    assert aaf_join_keys(values("{AAF}1|0750001A|111"), Faults(["code-academie-sans-zero-inconnu"])) == []
    assert aaf_join_keys(values("{AAF}01|0750001A|111"), Faults(["code-academie-sans-zero-inconnu"])) == ["PARIS-111"]
    assert aaf_join_keys(values("{AAF}24|x|y|444"), Faults(["nombre-de-champs-ignore"])) == ["CRETEIL-444"]


def test_the_alterations_of_the_join_attribute():
    attributes = values("{AAF}24|0940001B|222")
    alter_attributes("other-prefixes-first", attributes)
    assert [v[:5] for v in attributes["FrEduCtRefId"]] == ["{ECT}", "{SCON", "{AAF}"]
    alter_attributes("four-fields", attributes)
    assert attributes["FrEduCtRefId"][-1] == "{AAF}24|ANNEXE|0940001B|222"
    assert aaf_join_keys(attributes, Faults()) == []


def test_the_vendor_guide_ships_the_table_as_it_is():
    readme = (ROOT / "README.md").read_text("utf-8")
    shown = dict(re.findall(r"^\| `(\d\d)` \| `([A-Z_-]+)` \|$", readme, re.M))
    assert shown == academies()


def test_the_vendor_guide_shows_every_attribute_and_what_is_ours():
    from mock_services.saml.attributes import OIDS, OURS

    readme = (ROOT / "README.md").read_text("utf-8")
    shown = {name: (oid, origin) for name, oid, origin in
             re.findall(r"^\| `(\w+)` \| `(urn:oid:[\d.]+)` \| ([^|]+) \|$", readme, re.M)}
    assert {name: oid for name, (oid, _) in shown.items()} == OIDS
    assert {name for name, (_, origin) in shown.items() if "à nous" in origin} == set(OURS)
