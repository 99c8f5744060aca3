"""XML signatures and encryption in-process (python-xmlsec, the bindings to the
library the `xmlsec1` program is built on), plugged into pysaml2 as its crypto backend.

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

Assertions are encrypted as Shibboleth IdP (4 and later) does by default: the data
in AES-128-GCM (authenticated: a CBC ciphertext can be altered undetected, the
padding-oracle attacks of 2011 on XML Encryption), its session key sent in RSA-OAEP
(MGF1, SHA-1 digest: xmlenc's `rsa-oaep-mgf1p`, what every SAML library reads) for
the SP's certificate. Decryption takes only the SP's own key, never one the message
carries.
"""
from __future__ import annotations

from lxml import etree
import xmlsec
from saml2.sigver import (CryptoBackend, RSACrypto, SignatureError, XmlsecError,
                          import_rsa_key_from_file)

DSIG = "http://www.w3.org/2000/09/xmldsig#"
SIGNATURE = f"{{{DSIG}}}Signature"
REFERENCE = f"{{{DSIG}}}Reference"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
ASSERTION, ENCRYPTED_ASSERTION = f"{{{SAML}}}Assertion", f"{{{SAML}}}EncryptedAssertion"
DATA_ENCRYPTION = xmlsec.constants.TransformAes128Gcm
KEY_TRANSPORT = xmlsec.constants.TransformRsaOaep


class InProcessXmlSec(CryptoBackend):
    """pysaml2's CryptoBackend: signing, verifying, decrypting (the IdP encrypts with
    `encrypt_assertion`, outside pysaml2's own encryption path)."""

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

    def decrypt(self, enctext, key_file: str) -> str:
        """`enctext` with every EncryptedData replaced by its plaintext, with this key only
        (XmlsecError, as the command line fails, when it does not open them: pysaml2 tries the next)."""
        try:
            return _decrypt(enctext, key_file)
        except (xmlsec.Error, etree.XMLSyntaxError) as err:
            raise XmlsecError(f"decryption: {err}") from err


def encrypt_assertion(xml: str, cert_pem: str) -> str:
    """The Response `xml` with its Assertion replaced by an EncryptedAssertion that only the
    holder of `cert_pem`'s key can read (the Assertion's own signature goes inside)."""
    root = _parse(xml)
    assertion = root.find(ASSERTION)
    if assertion is None:
        raise ValueError("no Assertion to encrypt")
    # The plaintext is the Assertion serialized alone, with the namespaces it uses declared on
    # it: it is read back out of its context (exclusive c14n does not see where a namespace is
    # declared: the signature holds).
    plaintext = etree.tostring(assertion)
    holder = etree.Element(ENCRYPTED_ASSERTION)
    assertion.addprevious(holder)
    root.remove(assertion)
    template = xmlsec.template.encrypted_data_create(holder, DATA_ENCRYPTION, type=xmlsec.constants.TypeEncElement,
                                                     ns="xenc")
    xmlsec.template.encrypted_data_ensure_cipher_value(template)
    key_info = xmlsec.template.encrypted_data_ensure_key_info(template, ns="ds")
    encrypted_key = xmlsec.template.add_encrypted_key(key_info, KEY_TRANSPORT)
    xmlsec.template.encrypted_data_ensure_cipher_value(encrypted_key)
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_memory(cert_pem.encode(), xmlsec.constants.KeyDataFormatCertPem))
    context = xmlsec.EncryptionContext(manager)
    context.key = xmlsec.Key.generate(xmlsec.constants.KeyDataAes, 128, xmlsec.constants.KeyDataTypeSession)
    holder.append(context.encrypt_binary(template, plaintext))
    return etree.tostring(root, encoding="unicode")


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


def _decrypt(text, key_file: str) -> str:
    root = _parse(text)
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_file(key_file, xmlsec.constants.KeyDataFormatPem))
    found = False
    for data in list(root.iter("{http://www.w3.org/2001/04/xmlenc#}EncryptedData")):
        context = xmlsec.EncryptionContext(manager)
        context.decrypt(data)
        found = True
    if not found:
        raise XmlsecError("nothing encrypted")
    return etree.tostring(root, encoding="unicode")


def use_in_process_crypto(entity, key_file: str | None) -> None:
    """Make a pysaml2 Server or Saml2Client sign and verify in-process (its config's
    `crypto_backend` is "XMLSecurity", so that no `xmlsec1` program is looked for)."""
    entity.sec.crypto = InProcessXmlSec()
    # the Redirect binding's signatures (RSA over the query string), as pysaml2 sets them for xmlsec1
    entity.sec.sec_backend = RSACrypto(import_rsa_key_from_file(key_file)) if key_file else None
