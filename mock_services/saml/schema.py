"""SAML schema validation by libxml2 (lxml) in place of pysaml2's `saml2.xml.schema`.

pysaml2 checks every signed element against the SAML schemas before it verifies the
signature (the defence against signature wrapping). Its module does it with `xmlschema`,
in pure Python: building the schemas costs about 2 CPU-seconds in every process that
imports pysaml2 (each xdist worker, each run the tests start, each ENT process), and each
validation 15-50 ms. libxml2 builds the same schemas, from pysaml2's own XSD files, in a
few milliseconds and validates in under a millisecond.

The same namespaces are loaded as pysaml2's validator (its `locations`), from the same
files, with no network; the API is the one `saml2.sigver` imports: `validate(doc)`,
raising `XMLSchemaError` with the document and the error. tests/test_saml_schema.py
checks that both validators give the same verdict on valid and altered messages.
"""
from __future__ import annotations

import sys
import threading
from importlib.resources import files

from lxml import etree

import saml2.data.schemas

# pysaml2's locations (saml2/xml/schema/__init__.py), in an order where each file's
# imports come before it (libxml2 skips an import of a namespace it already has)
NAMESPACE_FILES = (
    ("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
    ("http://www.w3.org/2000/09/xmldsig#", "xmldsig-core-schema.xsd"),
    ("http://www.w3.org/2001/04/xmlenc#", "xenc-schema.xsd"),
    ("http://www.w3.org/2009/xmlenc11#", "xenc-schema-11.xsd"),
    ("http://schemas.xmlsoap.org/soap/envelope/", "envelope.xsd"),
    ("urn:oasis:names:tc:SAML:2.0:assertion", "saml-schema-assertion-2.0.xsd"),
    ("urn:oasis:names:tc:SAML:2.0:protocol", "saml-schema-protocol-2.0.xsd"),
    ("urn:oasis:names:tc:SAML:2.0:metadata", "saml-schema-metadata-2.0.xsd"),
    ("http://eidas.europa.eu/saml-extensions", "eidas-schema-saml-extensions.xsd"),
    ("http://eidas.europa.eu/metadata/servicelist", "eidas-schema-metadata-servicelist.xsd"),
    ("http://eidas.europa.eu/attributes/naturalperson", "eidas-schema-attribute-naturalperson.xsd"),
    ("http://eidas.europa.eu/attributes/legalperson", "eidas-schema-attribute-legalperson.xsd"),
)
# messages: no network, no entities, no DTD
_PARSER = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)


class XMLSchemaError(Exception):
    """The document does not validate (pysaml2's name; its argument: {"doc", "error"})."""


def _schema() -> etree.XMLSchema:
    folder = files(saml2.data.schemas)
    imports = "".join(f'<xs:import namespace="{namespace}" schemaLocation="{folder.joinpath(name).as_uri()}"/>'
                      for namespace, name in NAMESPACE_FILES)
    wrapper = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x-conformite:saml">'
               f"{imports}</xs:schema>")
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), etree.XMLParser(no_network=True)))


_SCHEMA = _schema()
_LOCK = threading.Lock()  # a schema's error log is its own: one validation at a time


def first_error(doc: str | bytes) -> tuple[str, str] | None:
    """None when `doc` is valid against the SAML schemas, else (the element's path, the reason)."""
    try:
        tree = etree.fromstring(doc.encode() if isinstance(doc, str) else doc, _PARSER)
    except etree.XMLSyntaxError as err:
        return "/", str(err)
    with _LOCK:
        if _SCHEMA.validate(tree):
            return None
        error = _SCHEMA.error_log.last_error
        return error.path or "/", error.message


def validate(doc: str | bytes, validator=None) -> None:
    """Raise XMLSchemaError unless `doc` is valid against the SAML schemas (pysaml2's call)."""
    error = first_error(doc)
    if error is not None:
        raise XMLSchemaError({"doc": doc, "error": f"{error[0]}: {error[1]}"})


def install() -> None:
    """Make pysaml2 use this module; before pysaml2's signature module is imported, its own
    (and its 2-second schema build) is never loaded."""
    this = sys.modules[__name__]
    import saml2.xml
    sys.modules["saml2.xml.schema"] = this
    saml2.xml.schema = this
    sigver = sys.modules.get("saml2.sigver")
    if sigver is not None:  # imported before us: rebind the names it took
        sigver.validate_doc_with_schema = validate
        sigver.XMLSchemaError = XMLSchemaError
