import random
import re

import pytest

from mock_services.educonnect.shared.identifiers import IDENTIFIER_PATTERN, ascii_letters, make_identifier
from mock_services.world import WorldError, normalise_mobile, uai_with_check_letter


def test_identifier_follows_the_guides_format():
    ident = make_identifier("Élodie", "Lefèvre-Dupont", lambda _: False, random.Random(1))
    assert IDENTIFIER_PATTERN.match(ident), ident
    assert ident.startswith("e.lefevredupont")


def test_identifier_avoids_taken_ones_and_grows_when_crowded():
    taken = {f"a.martin{n:02d}" for n in range(10, 100)}
    ident = make_identifier("Anne", "Martin", taken.__contains__, random.Random(2))
    assert ident not in taken and re.fullmatch(r"a\.martin\d{3}", ident)


@pytest.mark.parametrize("writing", ["06 12 34 56 78", "0612345678", "+33612345678", "+33 6 12 34 56 78"])
def test_the_same_mobile_number_in_any_writing(writing):
    assert normalise_mobile(writing) == "+33612345678"


@pytest.mark.parametrize("bad", ["12", "not a number", "01 02"])
def test_an_invalid_mobile_is_refused_with_the_field_named(bad):
    with pytest.raises(WorldError, match="mobile"):
        normalise_mobile(bad)


@pytest.mark.parametrize("digits,uai", [("0000000", "0000000A"), ("0000022", "0000022Z"), ("0000023", "0000023A"),
                                        ("0750680", "0750680G")])
def test_uai_check_letter_is_the_rank_of_the_remainder_mod_23_without_i_o_q(digits, uai):
    assert uai_with_check_letter(digits) == uai


def test_family_is_unique_and_provisioned_in_the_ent(stack):
    a, b = stack.world.create_family(children=2), stack.world.create_family()
    assert (a.guardian.first_name, a.guardian.last_name) != (b.guardian.first_name, b.guardian.last_name)
    assert a.account.login != b.account.login
    user = stack.ent.directory.find_by_external_id(a.guardian.external_id)
    assert user is not None and [c.first_name for c in user.children] == [p.first_name for p in a.pupils]


def test_a_family_can_stay_out_of_the_ent(stack):
    family = stack.world.create_family(in_ent=False)
    assert stack.ent.directory.find_by_external_id(family.guardian.external_id) is None


def test_world_refuses_bad_input_with_the_field_named(stack):
    with pytest.raises(WorldError, match="uai"):
        stack.world.create_school(uai="0254222A")
    with pytest.raises(WorldError, match="pupil_ids"):
        stack.world.create_guardian([])
    with pytest.raises(WorldError, match="school_uai"):
        stack.world.create_pupil("9999999Z")


def test_a_search_by_surname_finds_one_family_even_among_a_hundred(stack):
    """The console searches surnames by substring: no drawn surname may hold another."""
    surnames = [ascii_letters(stack.world.create_family(activated=False).guardian.last_name) for _ in range(100)]
    assert len(set(surnames)) == 100
    assert not [(a, b) for a in surnames for b in surnames if a != b and a in b]
