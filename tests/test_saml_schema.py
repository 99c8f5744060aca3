"""mock_services/saml/schema.py (libxml2) against the validator pysaml2 ships (xmlschema):
the same verdict on the messages of a real login and on altered copies of them, and a
login whose signed element breaks the schema is refused by the SP."""
from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import saml2
import saml2.sigver

from mock_services.saml import schema
from mock_services.saml.sp import SpError

from test_saml import idp, keys, login, reencode, response_xml, sp  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def pysaml2_schema():
    """pysaml2's own saml2/xml/schema module, loaded from its file under another name."""
    path = Path(saml2.__file__).parent / "xml" / "schema" / "__init__.py"
    spec = importlib.util.spec_from_file_location("pysaml2_own_schema", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def theirs(pysaml2_schema, monkeypatch):
    """pysaml2's validator, whose error messages register the document's prefixes in ElementTree's
    global namespace map (xmlschema's etree_tostring): the map is restored after the test, or every
    later message this process writes would say `samlp:`/`ds:` where the tests read `ns0:`/`ns2:`."""
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))
    return pysaml2_schema


@pytest.fixture
def validated(idp, sp, monkeypatch):  # noqa: F811
    """The documents the SP validates during one login (the Response, then its decrypted Assertion)."""
    seen: list[str] = []

    def record(doc, validator=None):
        seen.append(doc)
        return schema.validate(doc)

    monkeypatch.setattr(saml2.sigver, "validate_doc_with_schema", record)
    rid, _, saml_response = login(idp, sp)
    sp.parse_response(saml_response, {rid: "/welcome"})
    assert [re.match(r"<[\w]+:(\w+)", d).group(1) for d in seen] == ["Response", "Assertion"]
    return seen


def test_pysaml2_uses_this_module_and_never_builds_its_own():
    assert saml2.sigver.validate_doc_with_schema is schema.validate
    assert saml2.sigver.XMLSchemaError is schema.XMLSchemaError


def alterations(doc: str) -> dict[str, str]:
    """Altered copies of a message, each invalid for the SAML schemas."""
    root = re.match(r"<(\w+):(\w+) ", doc)
    prefix, issuer = root.group(1), re.search(r"<(\w+):Issuer", doc).group(1)
    return {
        "élément renommé": doc.replace(f"<{issuer}:Issuer", f"<{issuer}:Isuer", 1)
                              .replace(f"</{issuer}:Issuer>", f"</{issuer}:Isuer>", 1),
        "Issuer en double": doc.replace(f"</{issuer}:Issuer>", f"</{issuer}:Issuer><{issuer}:Issuer>x</{issuer}:Issuer>", 1),
        "sans Version": doc.replace(' Version="2.0"', "", 1),
        "date illisible": doc.replace('IssueInstant="', 'IssueInstant="x', 1),
        "attribut inconnu": doc.replace(' Version="2.0"', ' Version="2.0" Inconnu="1"', 1),
        "sans ID": doc.replace(' ID="', ' XID="', 1),
        "enfant inconnu": doc.replace(f"</{issuer}:Issuer>", f"</{issuer}:Issuer><{issuer}:Intrus/>", 1),
        "enfant d'un autre espace de noms": doc.replace(f"</{issuer}:Issuer>",
                                                        f'</{issuer}:Issuer><x:Intrus xmlns:x="urn:x"/>', 1),
        "racine d'un autre espace de noms": doc.replace(f"<{prefix}:", "<autre:", 1).replace(
            f"xmlns:{prefix}=", f'xmlns:autre="urn:autre" xmlns:{prefix}=', 1),
        "pas du XML": doc[: len(doc) // 2],
    }


def verdict(module, doc: str) -> bool:
    try:
        module.validate(doc)
    except module.XMLSchemaError:
        return False
    return True


def test_both_validators_accept_the_messages_of_a_login(validated, theirs):
    for doc in validated:
        assert verdict(schema, doc) and verdict(theirs, doc)


def test_both_validators_refuse_each_alteration(validated, theirs):
    for doc in validated:
        for what, altered in alterations(doc).items():
            assert (verdict(schema, altered), verdict(theirs, altered)) == (False, False), what


def test_the_error_names_the_document_and_the_reason():
    with pytest.raises(schema.XMLSchemaError) as raised:
        schema.validate('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>')
    assert raised.value.args[0]["doc"].startswith("<samlp:Response")
    assert raised.value.args[0]["error"].startswith("/samlp:Response: ") and "Status" in raised.value.args[0]["error"]


def test_a_response_that_breaks_the_schema_is_refused_by_the_schema_check(idp, sp, monkeypatch):  # noqa: F811
    refused: list[str] = []

    def record(doc, validator=None):
        try:
            schema.validate(doc)
        except schema.XMLSchemaError:
            refused.append(doc)
            raise

    monkeypatch.setattr(saml2.sigver, "validate_doc_with_schema", record)
    rid, _, saml_response = login(idp, sp)
    broken = response_xml(saml_response).replace(' Version="2.0"', ' Version="2.0" Inconnu="1"', 1)
    with pytest.raises(SpError):
        sp.parse_response(reencode(broken), {rid: "/welcome"})
    assert len(refused) == 1 and 'Inconnu="1"' in refused[0]
