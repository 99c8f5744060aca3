"""The classic attacks on a signed SAML Response (mock_services/saml/attacks.py), each
sent to the reference ENT's SP. Each attacked response must carry the forged user
where a naive SP reads, keep the genuine signed content verifiable somewhere (what
makes the attack an attack), and be refused by SamlSp (a commented value may
instead be read whole: then the SP logs in the signed user, never the forged one)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from lxml import etree

from mock_services.saml.attacks import ATTACKS, DESCRIPTIONS, FORGERY, Forgery
from mock_services.saml.naive import READERS, verifiable
from mock_services.saml.naive import read as naive_read
from mock_services.saml.sp import SpError

from test_saml import ATTRS, idp, keys, login, reencode, response_xml, sp  # noqa: F401 (fixtures)

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
ASSERTION, SUBJECT, NAME_ID = f"{{{SAML}}}Assertion", f"{{{SAML}}}Subject", f"{{{SAML}}}NameID"
ATTRIBUTE_STATEMENT = f"{{{SAML}}}AttributeStatement"
ATTRIBUTE, ATTRIBUTE_VALUE = f"{{{SAML}}}Attribute", f"{{{SAML}}}AttributeValue"
SIGNATURE = f"{{{DS}}}Signature"

NAME = "p.martin01"  # the NameID the IdP signs for the real login
REF_IDS = ATTRS["FrEduCtRefId"]
FORGED = (FORGERY.name_id, list(FORGERY.attributes["FrEduCtRefId"]))



@dataclass(frozen=True)
class Expect:
    forged_for: tuple[str, ...]  # the readers that get the forged user
    intact: tuple[str, ...]      # genuine signed elements whose signature still verifies in the attacked XML
    options: tuple = ()          # passed to the attack
    forged: tuple = FORGED       # what those readers get


WRAPPED = {
    "xsw1": Expect(("child",), ("Response", "Assertion")),
    "xsw2": Expect(("child",), ("Response", "Assertion")),
    "xsw3": Expect(("child", "first"), ("Assertion",)),
    "xsw4": Expect(("child", "first"), ("Assertion",)),
    "xsw5": Expect(("child", "first"), ("Assertion",)),
    "xsw6": Expect(("child", "first"), ("Assertion",)),
    "xsw7": Expect(("first",), ("Assertion",)),
    "xsw8": Expect(("child", "first"), ("Assertion",)),
    "id-confusion": Expect(("child", "first"), ("Response", "Assertion")),
    "doctype": Expect(("child", "first"), ()),
}
COMMENTED = {
    "comment-in-nameid": Expect(READERS, ("Response", "Assertion"), (("cut", -2),), ("p.martin", REF_IDS)),
    "comment-in-attribute": Expect(READERS, ("Response", "Assertion"), (),
                                   (NAME, [v[:-1] for v in REF_IDS])),
}


def test_the_attacks_are_named_and_described():
    assert set(ATTACKS) == set(WRAPPED) | set(COMMENTED)
    assert set(ATTACKS) == {f"xsw{i}" for i in range(1, 9)} | {
        "comment-in-nameid", "comment-in-attribute", "id-confusion", "doctype"}
    for name, attack in ATTACKS.items():
        assert attack.name == name and DESCRIPTIONS[name] == attack.description
        assert attack.description and "\n" not in attack.description and attack.description.isascii()
    # what a test can tell apart: another NameID, another FrEduCtRefId
    assert FORGED[0] != NAME and not set(FORGED[1]) & set(REF_IDS)


def test_the_unattacked_response_is_accepted_and_read_as_the_signed_user(idp, sp, keys):
    rid, _, saml_response = login(idp, sp, name_id=NAME)
    xml = response_xml(saml_response)
    genuine = signed_ids(xml)
    assert verifiable(xml, keys.idp.cert_pem) == set(genuine.values())  # the helpers below are right
    assert verifiable(xml, keys.other.cert_pem) == set()
    assert {reader: naive_read(xml, reader) for reader in READERS} == dict.fromkeys(READERS, (NAME, REF_IDS))
    got = sp.parse_response(saml_response, {rid: "/welcome"})
    assert (got.name_id, got.attributes) == (NAME, ATTRS)


@pytest.mark.parametrize("name", list(WRAPPED))
def test_sp_refuses_the_attack(idp, sp, keys, name):
    expect = WRAPPED[name]
    rid, _, saml_response = login(idp, sp, name_id=NAME)
    xml = response_xml(saml_response)
    attacked = ATTACKS[name](xml, **dict(expect.options))
    assert_meaningful(xml, attacked, expect, keys)
    with pytest.raises(SpError):
        got = sp.parse_response(reencode(attacked), {rid: "/welcome"})
        print(f"{name}: accepted as {got.name_id} {got.attributes.get('FrEduCtRefId')}")


@pytest.mark.parametrize("name", list(COMMENTED))
def test_sp_refuses_a_commented_value_or_reads_it_whole(idp, sp, keys, name):
    expect = COMMENTED[name]
    rid, _, saml_response = login(idp, sp, name_id=NAME)
    xml = response_xml(saml_response)
    attacked = ATTACKS[name](xml, **dict(expect.options))
    assert "<!---->" in attacked
    assert_meaningful(xml, attacked, expect, keys)
    try:
        got = sp.parse_response(reencode(attacked), {rid: "/welcome"})
    except SpError:
        return
    # Accepted: then as the user the IdP signed (the text around the comment joined), never the truncated one.
    assert (got.name_id, got.attributes) == (NAME, ATTRS)


def test_doctype_declares_entities_that_expand_to_the_forged_user(idp, sp):
    _, _, saml_response = login(idp, sp, name_id=NAME)
    attacked = ATTACKS["doctype"](response_xml(saml_response))
    assert attacked.startswith("<!DOCTYPE ") and "<!ENTITY " in attacked
    assert FORGERY.name_id not in attacked.split("]>", 1)[1]  # in the document only by reference


def test_a_custom_forgery_replaces_or_adds_the_attributes_it_names(idp, sp):
    _, _, saml_response = login(idp, sp, {"FrEduCtPersonAffiliation": ["resp1d"]}, name_id=NAME)
    forgery = Forgery("x.autre", {"FrEduCtRefId": ("{AAF}24|0941234A|1", "{AAF}24|0941234A|2"),
                                  "FrEduCtPersonAffiliation": ("resp2d",)})
    attacked = ATTACKS["xsw3"](response_xml(saml_response), forgery=forgery)
    assert naive_read(attacked, "first") == ("x.autre", ["{AAF}24|0941234A|1", "{AAF}24|0941234A|2"])
    assert naive_read(attacked, "first", "FrEduCtPersonAffiliation")[1] == ["resp2d"]


def test_attacks_take_only_a_response_with_an_assertion():
    with pytest.raises(ValueError):
        ATTACKS["xsw1"]('<x:AuthnRequest xmlns:x="urn:oasis:names:tc:SAML:2.0:protocol" ID="a"/>')
    with pytest.raises(ValueError):
        ATTACKS["xsw3"]('<x:Response xmlns:x="urn:oasis:names:tc:SAML:2.0:protocol" ID="r"/>')


# -- helpers ------------------------------------------------------------------------------


def assert_meaningful(xml: str, attacked: str, expect: Expect, keys) -> None:
    """The forged user is where the expected naive readers look (and only there), and the
    genuine elements the attack wraps still carry a valid IdP signature."""
    forged, genuine = expect.forged, (NAME, REF_IDS)
    reads = {reader: naive_read(attacked, reader) for reader in READERS}
    assert {reader for reader, read in reads.items() if read == forged} == set(expect.forged_for), reads
    assert all(read in (forged, genuine) for read in reads.values()), reads
    ids = signed_ids(xml)
    assert verifiable(attacked, keys.idp.cert_pem) == {ids[kind] for kind in expect.intact}


def signed_ids(xml: str) -> dict[str, str]:
    """{"Response": its ID, "Assertion": its ID} of the response the IdP signed."""
    root = etree.fromstring(xml.encode())
    return {"Response": root.get("ID"), "Assertion": root.find(ASSERTION).get("ID")}


@pytest.mark.parametrize("name", list(WRAPPED))
def test_a_naive_sp_is_fooled_where_the_attack_puts_the_forged_user(idp, keys, tmp_path, name):  # noqa: F811
    """The weak ENTs of the conformance proofs (SamlSp's NAIVE_READERS): each wrapping attack
    fools the naive reader it is built for; a doctype changes what was signed, so none is."""
    from mock_services.saml.sp import SamlSp

    expect = WRAPPED[name]
    for reader in READERS:
        weak = SamlSp("http://ent.localhost", keys.sp, tmp_path / reader, idp.metadata_xml(),
                      lax=frozenset({f"naive-{reader}"}))
        idp.add_sp_metadata(weak.metadata_xml())
        rid, _, saml_response = login(idp, weak, name_id=NAME)
        attacked = reencode(ATTACKS[name](response_xml(saml_response)))
        if reader in expect.forged_for and expect.intact:
            got = weak.parse_response(attacked, {rid: "/welcome"})
            assert (got.name_id, got.attributes["FrEduCtRefId"]) == FORGED, (name, reader)
        else:
            try:
                got = weak.parse_response(attacked, {rid: "/welcome"})
            except SpError:
                continue
            assert (got.name_id, got.attributes["FrEduCtRefId"]) == (NAME, REF_IDS), (name, reader)
