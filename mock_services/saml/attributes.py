"""ÉduConnect attribute names (FriendlyName <-> OID), NameFormat uri."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from saml2.attribute_converter import AttributeConverter
from saml2.saml import NAME_FORMAT_URI

_EDU = "urn:oid:1.3.6.1.4.1.20326.10.999.1."

OIDS: dict[str, str] = {
    "FrEduUrlRetour": _EDU + "5",
    "FrEduCtDateConnexion": _EDU + "6",
    "FrEduCtPersonAffiliation": _EDU + "7",
    "FrEduCtId": _EDU + "57",
    "FrEduCtRefId": _EDU + "62",  # our choice, unconfirmed (docs/decisions/001-saml.md)
    "FrEduCtEleveINEHash": _EDU + "64",
    "FrEduCtDateNaissance": _EDU + "67",
    "FrEduCtEleveUAI": _EDU + "72",
    "FrEduCtEleveNiveau": _EDU + "73",
    "FrEduCtCivilite": _EDU + "76",  # OID known, FriendlyName ours
    "givenName": "urn:oid:2.5.4.42",
    "sn": "urn:oid:2.5.4.4",
}
FRIENDLY_NAMES: dict[str, str] = {oid: name for name, oid in OIDS.items()}
# What of the table is ours, not seen in the field (FACTS.md): the rest is confirmed.
OURS: dict[str, str] = {
    "FrEduCtRefId": "OID",  # the field's ENT matches it by Name or by FriendlyName « FrEduCtRefId »
    "FrEduCtCivilite": "FriendlyName",  # the field shows the OID …999.1.76 as « civility »
}

NAME_FORMAT = NAME_FORMAT_URI


def converter() -> AttributeConverter:
    """The only converter our entities use (pysaml2 keeps one per NameFormat)."""
    conv = AttributeConverter(NAME_FORMAT_URI)
    conv.from_dict({"identifier": NAME_FORMAT_URI, "to": dict(OIDS), "fro": dict(FRIENDLY_NAMES)})
    return conv


def _values(name: str, values: Iterable[str]) -> list[str]:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name}: values must be a list of str, not a single string")
    out = list(values)
    if not all(isinstance(v, str) for v in out):
        raise TypeError(f"{name}: values must be str")
    return out


def to_identity(attributes: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Validate `{friendly: [values]}` into the identity dict pysaml2's Server expects."""
    unknown = sorted(set(attributes) - set(OIDS))
    if unknown:
        raise ValueError(f"unknown attribute(s): {', '.join(unknown)}")
    return {name: _values(name, vals) for name, vals in attributes.items()}


def from_ava(ava: Mapping[str, list]) -> dict[str, list[str]]:
    """pysaml2's AVA (already keyed by friendly name via `converter()`) -> `{friendly: [str]}`.

    Keys not in the table (pysaml2 dropped them, or they came in as OIDs) are kept
    under their friendly name when the key is a known OID, else dropped.
    """
    out: dict[str, list[str]] = {}
    for key, vals in ava.items():
        name = key if key in OIDS else FRIENDLY_NAMES.get(key)
        if name:
            out[name] = [str(v) for v in vals]
    return out


def by_oid(attributes: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """`{friendly: values}` -> `{oid: values}`."""
    return {OIDS[name]: list(vals) for name, vals in attributes.items()}


def by_friendly_name(attributes: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """`{oid: values}` -> `{friendly: values}`; unknown OIDs are dropped."""
    return {FRIENDLY_NAMES[oid]: list(vals) for oid, vals in attributes.items() if oid in FRIENDLY_NAMES}
