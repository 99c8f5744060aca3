"""mock_services.saml.xmldsig: in-process XML signatures, with the command line's restrictions."""
from __future__ import annotations

import pytest
import xmlsec
from lxml import etree
from saml2.sigver import SignatureError, XmlsecError
from signxml import XMLSigner, methods

from mock_services.saml.keys import make_keypair
from mock_services.saml.xmldsig import InProcessXmlSec

from xmldsig_check import independently_verified

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
RESPONSE, ASSERTION = f"{SAMLP}:Response", f"{SAML}:Assertion"
TEMPLATE = """<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>
<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
<ds:Reference URI="{uri}"><ds:Transforms>
<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>
<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>
</ds:SignedInfo><ds:SignatureValue/>{key_info}</ds:Signature>"""


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    return make_keypair("educonnect", d / "idp"), make_keypair("imposteur", d / "other")


def response(signature_uri: str | None = None, key_info: str = "") -> str:
    """A Response (ID r1) holding an Assertion (ID a1); a Signature template in the
    Response when `signature_uri` is given."""
    template = TEMPLATE.format(uri=signature_uri, key_info=key_info) if signature_uri is not None else ""
    return (f'<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="r1" Version="2.0">'
            f'<saml:Issuer>https://educonnect.example/idp</saml:Issuer>{template}'
            f'<saml:Assertion ID="a1" Version="2.0"><saml:Issuer>https://educonnect.example/idp</saml:Issuer>'
            f'<saml:Subject><saml:NameID>parent-1</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>')


def test_a_signature_made_in_process_is_valid_for_another_implementation_and_only_for_its_key(keys):
    idp, other = keys
    signed = InProcessXmlSec().sign_statement(response("#r1"), RESPONSE, str(idp.key_path), "r1")
    assert independently_verified(signed, idp.cert_pem)
    assert not independently_verified(signed, other.cert_pem)
    assert InProcessXmlSec().validate_signature(signed, str(idp.cert_path), "pem", RESPONSE, "r1") is True


def test_a_signature_made_by_another_implementation_is_verified_in_process(keys, tmp_path):
    idp, other = keys
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    signer.namespaces = {"ds": "http://www.w3.org/2000/09/xmldsig#"}
    root = etree.fromstring(response().encode())
    signed = etree.tostring(signer.sign(root, key=idp.key_pem, cert=idp.cert_pem, reference_uri="r1",
                                        id_attribute="ID")).decode()
    backend = InProcessXmlSec()
    assert backend.validate_signature(signed, str(idp.cert_path), "pem", RESPONSE, "r1")
    with pytest.raises(XmlsecError):
        backend.validate_signature(signed, str(other.cert_path), "pem", RESPONSE, "r1")


def test_a_changed_text_breaks_the_signature(keys):
    idp, _ = keys
    signed = InProcessXmlSec().sign_statement(response("#r1"), RESPONSE, str(idp.key_path), "r1")
    with pytest.raises(XmlsecError):
        InProcessXmlSec().validate_signature(signed.replace("parent-1", "parent-2"), str(idp.cert_path), "pem",
                                             RESPONSE, "r1")


def test_the_certificate_the_message_carries_is_never_trusted(keys):
    """Signed by an impostor who puts its own certificate in KeyInfo (`--enabled-key-data raw-x509-cert`)."""
    idp, other = keys
    body = "".join(line for line in other.cert_pem.splitlines() if "-----" not in line)
    key_info = (f'<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate>'
                f'</ds:X509Data></ds:KeyInfo>')
    forged = InProcessXmlSec().sign_statement(response("#r1", key_info), RESPONSE, str(other.key_path), "r1")
    with pytest.raises(XmlsecError):
        InProcessXmlSec().validate_signature(forged, str(idp.cert_path), "pem", RESPONSE, "r1")


@pytest.mark.parametrize("uri", ["file:///etc/hostname", "http://127.0.0.1:9/doc.xml"])
def test_references_outside_the_document_are_not_followed(keys, uri):
    """`--enabled-reference-uris empty,same-doc`: the check stops before any file or URL is read."""
    idp, _ = keys
    signed = InProcessXmlSec().sign_statement(response("#r1"), RESPONSE, str(idp.key_path), "r1")
    with pytest.raises(XmlsecError, match="neither empty nor in this document"):
        InProcessXmlSec().validate_signature(signed.replace('URI="#r1"', f'URI="{uri}"'), str(idp.cert_path),
                                             "pem", RESPONSE, "r1")


def test_only_the_named_kind_of_node_carries_an_id(keys):
    """A Response's Signature that points at the Assertion (`#a1`) does not resolve when the
    Response is checked (`--id-attr:ID Response`): a1 is not a Response's ID."""
    idp, _ = keys
    backend = InProcessXmlSec()
    with pytest.raises(SignatureError):  # signing already refuses to resolve it
        backend.sign_statement(response("#a1"), RESPONSE, str(idp.key_path), "r1")
    # signed where a1 is an ID (as Assertions), then checked as a Response
    root = etree.fromstring(response("#a1").encode())
    context = xmlsec.SignatureContext()
    context.register_id(root.find(f"{{{SAML}}}Assertion"), "ID")
    context.key = xmlsec.Key.from_file(str(idp.key_path), xmlsec.constants.KeyDataFormatPem)
    context.sign(root.find("{http://www.w3.org/2000/09/xmldsig#}Signature"))
    signed = etree.tostring(root).decode()
    with pytest.raises(XmlsecError):
        backend.validate_signature(signed, str(idp.cert_path), "pem", RESPONSE, "r1")


def test_the_signature_checked_is_the_one_of_the_node_named(keys):
    """An unsigned Response around a signed Assertion: checking the Response finds no
    signature of its own (the command line would have taken the Assertion's)."""
    idp, _ = keys
    xml = response().replace("</saml:Issuer><saml:Subject>",
                             "</saml:Issuer>" + TEMPLATE.format(uri="#a1", key_info="") + "<saml:Subject>")
    signed = InProcessXmlSec().sign_statement(xml, ASSERTION, str(idp.key_path), "a1")
    backend = InProcessXmlSec()
    assert backend.validate_signature(signed, str(idp.cert_path), "pem", ASSERTION, "a1")
    with pytest.raises(XmlsecError, match="no Signature"):
        backend.validate_signature(signed, str(idp.cert_path), "pem", RESPONSE, "r1")


def test_an_unknown_id_or_certificate_type_is_an_error(keys):
    idp, _ = keys
    signed = InProcessXmlSec().sign_statement(response("#r1"), RESPONSE, str(idp.key_path), "r1")
    with pytest.raises(XmlsecError, match="no .*Response with ID 'r2'"):
        InProcessXmlSec().validate_signature(signed, str(idp.cert_path), "pem", RESPONSE, "r2")
    with pytest.raises(XmlsecError, match="only PEM"):
        InProcessXmlSec().validate_signature(signed, str(idp.cert_path), "der", RESPONSE, "r1")
