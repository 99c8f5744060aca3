"""A naive service provider's reading of a SAML Response: what the XML Signature
Wrapping attacks (attacks.py) are built to fool, for the weak ENTs of the conformance
proofs (SamlSp with a NAIVE_READERS lax check) and the attacks' own tests.

Its signature check is hand-rolled, as in the SPs "On Breaking SAML" broke: a
Signature counts when its SignedInfo verifies with the IdP's key and its digest
matches some element carrying the referenced ID, anywhere in the document (the
Signature removed from that element if it lies inside). It then reads the user
where a naive SP looks, by `.text`, after expanding internal entities.
"""
from __future__ import annotations

import base64
import copy
import hashlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
ASSERTION, SUBJECT, NAME_ID = f"{{{SAML}}}Assertion", f"{{{SAML}}}Subject", f"{{{SAML}}}NameID"
ATTRIBUTE_STATEMENT, ATTRIBUTE = f"{{{SAML}}}AttributeStatement", f"{{{SAML}}}Attribute"
ATTRIBUTE_VALUE = f"{{{SAML}}}AttributeValue"
SIGNATURE = f"{{{DS}}}Signature"
# Where a naive SP reads the user: the Response's own Assertion child, or the first Assertion in document order.
READERS = ("child", "first")


def parse(xml: str | bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=True, no_network=True, load_dtd=False)
    return etree.fromstring(xml.encode() if isinstance(xml, str) else xml, parser)


def verifiable(xml: str | bytes, cert_pem: str) -> set[str]:
    """IDs X for which some Signature referencing #X verifies with `cert_pem` over some
    element of ID X (enveloped signature, exclusive c14n, as the IdP signs)."""
    root = parse(xml)
    key = x509.load_pem_x509_certificate(cert_pem.encode()).public_key()
    by_id: dict[str, list] = {}
    for element in root.iter(tag=etree.Element):
        if element.get("ID"):
            by_id.setdefault(element.get("ID"), []).append(element)
    ok = set()
    for signature in root.iter(SIGNATURE):
        signed_info = signature.find(f"{{{DS}}}SignedInfo")
        reference = signed_info.find(f"{{{DS}}}Reference") if signed_info is not None else None
        if reference is None:
            continue
        digest = base64.b64decode(reference.findtext(f"{{{DS}}}DigestValue") or "")
        value = base64.b64decode("".join((signature.findtext(f"{{{DS}}}SignatureValue") or "").split()))
        try:
            key.verify(value, c14n(signed_info), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            continue
        target = reference.get("URI", "")[1:]
        for element in by_id.get(target, []):
            if hashlib.sha256(c14n(enveloped(element, signature))).digest() == digest:
                ok.add(target)
    return ok


def read(xml: str | bytes, reader: str, attribute: str = "FrEduCtRefId") -> tuple[str | None, list[str | None]]:
    """(NameID, values of `attribute`) as a naive SP reads them (`reader`: READERS)."""
    root = parse(xml)
    assertion = root.find(ASSERTION) if reader == "child" else next(root.iter(ASSERTION), None)
    if assertion is None:
        return None, []
    return name_id_of(assertion), attribute_values(assertion).get(attribute, [])


def name_id_of(assertion: etree._Element) -> str | None:
    found = assertion.find(f"{SUBJECT}/{NAME_ID}")
    return found.text if found is not None else None


def attribute_values(assertion: etree._Element) -> dict[str, list[str | None]]:
    """The assertion's own attributes (not those of an assertion nested in it), by FriendlyName."""
    return {a.get("FriendlyName"): [v.text for v in a.findall(ATTRIBUTE_VALUE)]
            for a in assertion.findall(f"{ATTRIBUTE_STATEMENT}/{ATTRIBUTE}") if a.get("FriendlyName")}


def enveloped(element, signature):
    """A copy of `element` without `signature` if it lies inside (the text around it kept)."""
    path, node = [], signature
    while node is not None and node is not element:
        parent = node.getparent()
        path.append(parent.index(node) if parent is not None else None)
        node = parent
    clone = copy.deepcopy(element)
    if node is None:  # the signature is not inside the element
        return clone
    inner = clone
    for index in reversed(path):
        inner = inner[index]
    parent, previous = inner.getparent(), inner.getprevious()
    if inner.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + inner.tail
        else:
            parent.text = (parent.text or "") + inner.tail
    parent.remove(inner)
    return clone


def c14n(element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)
