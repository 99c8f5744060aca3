"""The IdP's deliberate alterations, IdP-initiated logins, and the weak SP
switches the conformance proofs rely on: a strict SP refuses each altered
response, the SP weakened on exactly that check accepts it."""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from datetime import timedelta
from types import SimpleNamespace

import pytest

from mock_services.saml import epoch
from mock_services.saml.idp import Alteration, IdpError, SamlIdp
from mock_services.saml.keys import example_keypair, make_keypair
from mock_services.saml.sp import LAX_CHECKS, SamlSp, SpError

from test_saml import ATTRS, ENT_BASE, IDP_BASE, NS, login, response_xml

# alteration -> the one weakness of an SP that lets it through
WEAKNESS = {
    Alteration.UNSIGNED: "signature",
    Alteration.FOREIGN_KEY: "signing-key",
    Alteration.WRONG_AUDIENCE: "audience",
    Alteration.EXPIRED: "validity",
    Alteration.NOT_YET_VALID: "validity",
    Alteration.EXPIRED_5_MINUTES_AGO: "validity",
    Alteration.CLOCK_5MIN_AHEAD: "validity",
    Alteration.WRONG_IN_RESPONSE_TO: "in-response-to",
    Alteration.WRONG_DESTINATION: "destination",
    Alteration.ENCRYPTED_FOR_ANOTHER_KEY: "example-key",  # not a skipped check: a stray decryption key
}


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    return SimpleNamespace(idp=make_keypair("idp", d), sp=make_keypair("sp", d))


@pytest.fixture
def idp(keys, tmp_path):
    return SamlIdp(IDP_BASE, keys.idp, tmp_path / "idp")


def make_sp(idp, keys, tmp_path, lax=frozenset()) -> SamlSp:
    """An SP weakened in these ways (LAX_CHECKS, or "example-key": it also decrypts with the
    public example key), registered with the IdP."""
    lax = frozenset(lax)
    sp = SamlSp(ENT_BASE, keys.sp, tmp_path / f"sp-{'-'.join(sorted(lax))}", idp.metadata_xml(), lax=lax - {"example-key"},
                also_decrypt_with=(example_keypair(),) if "example-key" in lax else ())
    idp.add_sp_metadata(sp.metadata_xml())
    return sp


# alteration -> what an SP tolerates in a correct one (a clock a few minutes off), and the SP
# options of one too strict to
TOLERATED = {
    Alteration.CLOCK_2S_AHEAD: {"clock_skew": timedelta(0)},
    Alteration.CLOCK_30S_AHEAD: {"clock_skew": timedelta(0)},
    Alteration.CLOCK_1MIN_AHEAD: {"clock_skew": timedelta(seconds=30)},
    Alteration.ISSUED_2_MINUTES_AGO: {"max_response_age": timedelta(seconds=30)},  # + 1 min of skew
}
REFUSED = [a for a in Alteration if a not in TOLERATED]


def test_every_alteration_is_matched_by_a_weakness():
    assert set(WEAKNESS) | set(TOLERATED) == set(Alteration) and not set(WEAKNESS) & set(TOLERATED)
    assert set(WEAKNESS.values()) <= LAX_CHECKS | {"example-key"}


@pytest.mark.parametrize("alteration", REFUSED)
def test_strict_sp_refuses_each_alteration_and_the_matching_weak_sp_accepts_it(idp, keys, tmp_path, alteration):
    strict = make_sp(idp, keys, tmp_path)
    rid, info, _ = login(idp, strict)
    _, altered, _ = idp.build_response(info, ATTRS, alteration=alteration)
    with pytest.raises(SpError):
        strict.parse_response(altered, {rid: "/welcome"})
    weak = make_sp(idp, keys, tmp_path, {WEAKNESS[alteration]})
    assert weak.parse_response(altered, {rid: "/welcome"}).attributes["sn"] == ["DUPONT"]


@pytest.mark.parametrize("alteration", REFUSED)
def test_other_weaknesses_still_refuse_the_alteration(idp, keys, tmp_path, alteration):
    others = LAX_CHECKS - {WEAKNESS[alteration], "replay"}
    if alteration is Alteration.UNSIGNED:
        others -= {"signing-key"}  # a key is irrelevant when nothing is signed
    sp = make_sp(idp, keys, tmp_path, others)
    rid, info, _ = login(idp, sp)
    _, altered, _ = idp.build_response(info, ATTRS, alteration=alteration)
    with pytest.raises(SpError):
        sp.parse_response(altered, {rid: "/welcome"})


@pytest.mark.parametrize("alteration", list(TOLERATED))
def test_the_reference_sp_tolerates_a_clock_a_few_minutes_off_and_a_too_strict_one_does_not(
        idp, keys, tmp_path, alteration):
    sp = make_sp(idp, keys, tmp_path)
    rid, info, _ = login(idp, sp)
    _, shifted, _ = idp.build_response(info, ATTRS, alteration=alteration)
    assert sp.parse_response(shifted, {rid: "/welcome"}).attributes["sn"] == ["DUPONT"]
    strict = SamlSp(ENT_BASE, keys.sp, tmp_path / "too-strict", idp.metadata_xml(), **TOLERATED[alteration])
    with pytest.raises(SpError):
        strict.parse_response(shifted, {rid: "/welcome"})


def test_the_idp_clock_offset_moves_every_time_of_a_response(idp, keys, tmp_path):
    sp = make_sp(idp, keys, tmp_path)
    _, info, plain = login(idp, sp)
    idp.clock_offset = 45
    shifted = ET.fromstring(response_xml(idp.build_response(info, ATTRS)[1]))
    before = ET.fromstring(response_xml(plain))
    for path in ("saml:Assertion/saml:Conditions", "saml:Assertion/saml:AuthnStatement"):
        for name, value in before.find(path, NS).attrib.items():
            if name in ("NotBefore", "NotOnOrAfter", "AuthnInstant"):
                assert epoch(shifted.find(path, NS).get(name)) - epoch(value) in range(44, 48), name
    assert epoch(shifted.get("IssueInstant")) - epoch(before.get("IssueInstant")) in range(44, 48)


def test_alterations_change_what_they_say(idp, keys, tmp_path):
    sp = make_sp(idp, keys, tmp_path)
    _, info, _ = login(idp, sp)

    def root(alteration):
        return ET.fromstring(response_xml(idp.build_response(info, ATTRS, alteration=alteration)[1]))

    assert root(Alteration.UNSIGNED).findall(".//ds:Signature", NS) == []
    assert len(root(Alteration.FOREIGN_KEY).findall(".//ds:Signature", NS)) == 2
    assert root(Alteration.WRONG_AUDIENCE).find(".//saml:Audience", NS).text != sp.entity_id
    assert root(Alteration.WRONG_DESTINATION).get("Destination") != sp.acs_url
    assert root(Alteration.WRONG_IN_RESPONSE_TO).get("InResponseTo") != info.request_id
    expired = root(Alteration.EXPIRED)
    assert expired.find(".//saml:Conditions", NS).get("NotOnOrAfter") < expired.get("IssueInstant")
    early = root(Alteration.NOT_YET_VALID)
    assert early.find(".//saml:Conditions", NS).get("NotBefore") > early.get("IssueInstant")
    sealed = root(Alteration.ENCRYPTED_FOR_ANOTHER_KEY)
    assert sealed.find("saml:Assertion", NS) is None and sealed.find("saml:EncryptedAssertion", NS) is not None


def test_unsolicited_login_is_accepted_without_in_response_to(idp, keys, tmp_path):
    sp = make_sp(idp, keys, tmp_path)
    info = idp.unsolicited_request(sp.entity_id, "/mes-enfants")
    acs, saml_response, relay = idp.build_response(info, ATTRS)
    assert (acs, relay) == (sp.acs_url, "/mes-enfants")
    assert "InResponseTo" not in base64.b64decode(saml_response).decode()
    assertion = sp.parse_response(saml_response, {})
    assert assertion.in_response_to is None
    with pytest.raises(SpError, match="replay"):
        sp.parse_response(saml_response, {})
    weak = make_sp(idp, keys, tmp_path, {"replay"})
    weak.parse_response(saml_response, {})
    weak.parse_response(saml_response, {})


def test_unsolicited_login_needs_a_registered_sp(idp):
    with pytest.raises(IdpError):
        idp.unsolicited_request("http://inconnu.localhost/sp")
    with pytest.raises(IdpError):
        idp.unsolicited_request("")


def test_unknown_lax_check_is_refused(idp, keys, tmp_path):
    with pytest.raises(ValueError):
        make_sp(idp, keys, tmp_path, {"everything"})
