"""An XML signature checker independent of the one under test (signxml: pure Python
over lxml and cryptography, where the stack uses libxmlsec1)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from lxml import etree
from signxml import InvalidInput, InvalidSignature, XMLVerifier
from signxml.exceptions import InvalidCertificate, InvalidDigest


def independently_verified(xml: str, cert_pem: str, signature: ET.Element | None = None) -> bool:
    """True when the enveloped `signature` of `xml` (by default the root's own) is valid
    for `cert_pem`, whatever certificate the message itself carries."""
    root = etree.fromstring(xml.encode())
    if signature is not None:  # check the element that this Signature is a child of
        signed_id = signature.find("{http://www.w3.org/2000/09/xmldsig#}SignedInfo/"
                                   "{http://www.w3.org/2000/09/xmldsig#}Reference").get("URI")[1:]
        root = next(e for e in root.iter() if e.get("ID") == signed_id)
        root = etree.fromstring(etree.tostring(root))  # alone, as its own document
    try:
        XMLVerifier().verify(root, x509_cert=cert_pem, id_attribute="ID", ignore_ambiguous_key_info=True)
    except (InvalidSignature, InvalidDigest, InvalidCertificate, InvalidInput):
        return False
    return True
