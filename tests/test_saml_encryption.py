"""Encrypted assertions: ÉduConnect encrypts for an SP whose metadata declares an
encryption key (AES-128-GCM, RSA-OAEP), signs and sends clear to one that does not,
and the reference SP reads what was encrypted for it only."""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from mock_services.saml.idp import SamlIdp
from mock_services.saml.keys import example_keypair, make_keypair
from mock_services.saml.sp import SamlSp, SpError

from test_saml import ATTRS, ENT_BASE, IDP_BASE, NS, login, response_xml

XENC = "http://www.w3.org/2001/04/xmlenc#"


@pytest.fixture
def pair(tmp_path):
    idp = SamlIdp(IDP_BASE, make_keypair("idp", tmp_path / "idp-keys"), tmp_path / "idp")

    def sp(encryption: bool, **kwargs) -> SamlSp:
        made = SamlSp(ENT_BASE, make_keypair("sp", tmp_path / "sp-keys"), tmp_path / f"sp-{encryption}",
                      idp.metadata_xml(), encryption=make_keypair("sp-enc", tmp_path / "sp-keys") if encryption
                      else None, **kwargs)
        idp.add_sp_metadata(made.metadata_xml())
        return made

    return idp, sp


def test_an_sp_that_declares_an_encryption_key_gets_the_assertion_encrypted_and_reads_it(pair):
    idp, make = pair
    sp = make(encryption=True)
    assert 'use="encryption"' in sp.metadata_xml()
    rid, info, saml_response = login(idp, sp, name_id="secret-nid")
    xml = response_xml(saml_response)
    root = ET.fromstring(xml)
    assert root.find("saml:Assertion", NS) is None and "secret-nid" not in xml and "DUPONT" not in xml
    methods = [m.get("Algorithm") for m in root.iter(f"{{{XENC}}}EncryptionMethod")]
    assert methods == ["http://www.w3.org/2009/xmlenc11#aes128-gcm", "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"]
    assert root.find("ds:Signature", NS) is not None  # the Response is signed around the encrypted assertion
    assertion = sp.parse_response(saml_response, {rid: "/welcome"})
    assert assertion.name_id == "secret-nid" and assertion.attributes == ATTRS


def test_an_sp_without_an_encryption_key_gets_a_signed_clear_assertion(pair):
    idp, make = pair
    sp = make(encryption=False)
    assert 'use="encryption"' not in sp.metadata_xml() and idp.encryption_cert(sp.entity_id) is None
    rid, _, saml_response = login(idp, sp)
    root = ET.fromstring(response_xml(saml_response))
    assert root.find("saml:EncryptedAssertion", NS) is None
    assert root.find("saml:Assertion/ds:Signature", NS) is not None
    assert sp.parse_response(saml_response, {rid: "/welcome"}).attributes == ATTRS


def test_a_changed_ciphertext_is_refused(pair):
    idp, make = pair
    sp = make(encryption=True)
    rid, _, saml_response = login(idp, sp)
    xml = response_xml(saml_response)
    start = xml.rindex("<xenc:CipherValue>") + len("<xenc:CipherValue>")
    flipped = xml[:start] + ("B" if xml[start] == "A" else "A") + xml[start + 1:]
    with pytest.raises(SpError):
        sp.parse_response(base64.b64encode(flipped.encode()).decode(), {rid: "/welcome"})


def test_only_a_weak_sp_that_kept_the_example_key_reads_an_assertion_encrypted_for_it(pair):
    from mock_services.saml.idp import Alteration

    idp, make = pair
    strict = make(encryption=True)
    rid, info, _ = login(idp, strict)
    _, sealed, _ = idp.build_response(info, ATTRS, alteration=Alteration.ENCRYPTED_FOR_ANOTHER_KEY)
    with pytest.raises(SpError):
        strict.parse_response(sealed, {rid: "/welcome"})
    weak = make(encryption=True, also_decrypt_with=(example_keypair(),))
    assert 'use="encryption"' in weak.metadata_xml() and weak.metadata_xml().count('use="encryption"') == 1
    assert weak.parse_response(sealed, {rid: "/welcome"}).attributes == ATTRS
