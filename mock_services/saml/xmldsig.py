"""XML signatures in-process (python-xmlsec, the bindings to the library the
`xmlsec1` program is built on), plugged into pysaml2 as its crypto backend.

pysaml2 runs `xmlsec1` once per signature and per verification: two to four
subprocesses per SAML login. This backend does the same work in the process,
with the restrictions pysaml2 gives the command line:

- only the node named in the call carries an ID (`--id-attr:ID <node>`), so a
  reference can only point at an element of that type;
- only empty and same-document references are followed
  (`--enabled-reference-uris empty,same-doc`): never a file or a URL;
- the key is the certificate given (`--pubkey-cert-pem`), never one carried in
  the message's KeyInfo (`--enabled-key-data raw-x509-cert`).

It verifies the Signature that is a child of the node whose ID is given (the one
pysaml2 has just checked the shape of), where the command line takes the first
Signature found below that node. A failed verification raises XmlsecError, as
the command line's non-zero exit does, so pysaml2 tries the next certificate.
"""
from __future__ import annotations

from lxml import etree
import xmlsec
from saml2.sigver import CryptoBackend, RSACrypto, SignatureError, XmlsecError, import_rsa_key_from_file

DSIG = "http://www.w3.org/2000/09/xmldsig#"
SIGNATURE = f"{{{DSIG}}}Signature"
REFERENCE = f"{{{DSIG}}}Reference"


class InProcessXmlSec(CryptoBackend):
    """pysaml2's CryptoBackend for signing and verifying (no encryption)."""

    @property
    def version(self) -> str:
        return ".".join(map(str, xmlsec.get_libxmlsec_version()))

    def sign_statement(self, statement, node_name: str, key_file: str, node_id: str | None) -> str:
        try:
            root = _parse(statement)
            signature = _signature_of(_register_ids(root, node_name, node_id), root)
            context = xmlsec.SignatureContext()
            context.key = xmlsec.Key.from_file(key_file, xmlsec.constants.KeyDataFormatPem)
            context.sign(signature)
        except (xmlsec.Error, etree.XMLSyntaxError, XmlsecError) as err:
            raise SignatureError(f"signing {node_name} {node_id}: {err}") from err
        return etree.tostring(root, encoding="unicode")

    def validate_signature(self, signedtext, cert_file: str, cert_type: str, node_name: str,
                           node_id: str | None) -> bool:
        if cert_type != "pem":
            raise XmlsecError(f"certificate type {cert_type!r}: only PEM is accepted")
        try:
            root = _parse(signedtext)
            signature = _signature_of(_register_ids(root, node_name, node_id), root)
            for reference in signature.iter(REFERENCE):
                uri = reference.get("URI")
                if uri is None or not (uri == "" or uri.startswith("#")):
                    raise XmlsecError(f"reference {uri!r} is neither empty nor in this document")
            context = xmlsec.SignatureContext()
            context.set_enabled_key_data([xmlsec.constants.KeyDataRawX509Cert])
            context.key = xmlsec.Key.from_file(cert_file, xmlsec.constants.KeyDataFormatCertPem)
            context.verify(signature)
        except (xmlsec.Error, etree.XMLSyntaxError) as err:
            raise XmlsecError(f"{node_name} {node_id}: {err}") from err
        return True


def _parse(text) -> etree._Element:
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _register_ids(root: etree._Element, node_name: str, node_id: str | None) -> etree._Element | None:
    """Give an ID to each element named `node_name` (`<namespace>:<local name>`);
    the one whose ID is `node_id` (None: no start node)."""
    namespace, _, local = node_name.rpartition(":")
    tag = f"{{{namespace}}}{local}" if namespace else local
    context = xmlsec.SignatureContext()
    start = None
    for element in root.iter(tag):
        if element.get("ID") is not None:
            context.register_id(element, "ID")
            if element.get("ID") == node_id:
                start = element
    if node_id is not None and start is None:
        raise XmlsecError(f"no {node_name} with ID {node_id!r}")
    return start


def _signature_of(start: etree._Element | None, root: etree._Element) -> etree._Element:
    if start is not None:
        signature = start.find(SIGNATURE)
    else:
        signature = next(root.iter(SIGNATURE), None)
    if signature is None:
        raise XmlsecError("no Signature element")
    return signature


def use_in_process_crypto(entity, key_file: str | None) -> None:
    """Make a pysaml2 Server or Saml2Client sign and verify in-process (its config's
    `crypto_backend` is "XMLSecurity", so that no `xmlsec1` program is looked for)."""
    entity.sec.crypto = InProcessXmlSec()
    # the Redirect binding's signatures (RSA over the query string), as pysaml2 sets them for xmlsec1
    entity.sec.sec_backend = RSACrypto(import_rsa_key_from_file(key_file)) if key_file else None
