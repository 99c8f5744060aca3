"""An ENT's SAML metadata, checked when target mode registers it, before any scenario.

Each finding is one French line naming the element and the fix. A fatal one (ÉduConnect
could not answer the ENT at all) stops the run; the others are warnings, shown at the start
of the run and in the report's header: the scenarios that need what is missing will fail."""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from cryptography import x509

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"


@dataclass(frozen=True)
class Finding:
    fatal: bool
    text: str

    def __str__(self) -> str:
        return self.text


def _md(tag: str) -> str:
    return f"{{{MD}}}{tag}"


def check_sp_metadata(xml: str) -> list[Finding]:
    """What is wrong or missing in `xml`, an EntityDescriptor (or EntitiesDescriptor) of one SP."""
    return read_sp_metadata(xml)[1]


def read_sp_metadata(xml: str) -> tuple[str, list[Finding]]:
    """(the SP's entityID, or "" when there is no single SP to name; the findings)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as err:
        return "", [Finding(True, f"XML illisible ({err}) : publiez un document XML bien formé")]
    entities = [root] if root.tag == _md("EntityDescriptor") else root.findall(_md("EntityDescriptor"))
    sps = [(e, d) for e in entities for d in e.findall(_md("SPSSODescriptor"))]
    if len(sps) != 1:
        return "", [Finding(True, f"un seul fournisseur de service (SPSSODescriptor) attendu, {len(sps)} trouvé(s)")]
    entity, sp = sps[0]
    return entity.get("entityID", ""), [*_schema(xml), *_entity_id(entity), *_descriptor(sp)]


def _schema(xml: str) -> list[Finding]:
    from mock_services.saml.schema import first_error  # pysaml2's schemas, offline

    error = first_error(xml)
    if error is not None:
        return [Finding(False, f"le document n'est pas conforme au schéma des métadonnées SAML (élément "
                               f"{error[0]} : {error[1]}) : corrigez-le, ÉduConnect peut le refuser")]
    return []


def _entity_id(entity: ET.Element) -> list[Finding]:
    entity_id = entity.get("entityID", "")
    if not entity_id:
        return [Finding(True, "EntityDescriptor sans entityID : donnez-lui l'URL de vos métadonnées")]
    if not entity_id.startswith(("https://", "http://", "urn:")):
        return [Finding(False, f"entityID « {entity_id} » n'est ni une URL ni une URN : ÉduConnect attend en "
                               "général l'URL des métadonnées de l'ENT")]
    return []


def _descriptor(sp: ET.Element) -> list[Finding]:
    found = []
    if PROTOCOL not in sp.get("protocolSupportEnumeration", "").split():
        found.append(Finding(True, f"SPSSODescriptor : protocolSupportEnumeration doit contenir « {PROTOCOL} »"))
    bindings = {s.get("Binding") for s in sp.findall(_md("AssertionConsumerService"))}
    if POST not in bindings:
        found.append(Finding(True, "AssertionConsumerService : aucune en HTTP-POST, la seule liaison où "
                                   "ÉduConnect envoie ses réponses : ajoutez-en une (Binding « " + POST + " »)"))
    slo = {s.get("Binding") for s in sp.findall(_md("SingleLogoutService"))}
    if REDIRECT not in slo:
        had = f" (seulement {', '.join(sorted(b.rsplit(':', 1)[-1] for b in slo if b))})" if slo else ""
        found.append(Finding(False, f"SingleLogoutService : aucun en HTTP-Redirect{had} ; ÉduConnect reçoit "
                                    "et envoie les messages de déconnexion en HTTP-Redirect : ajoutez-en un (Binding « "
                                    + REDIRECT + " »), ou déconnectez par l'adresse FrEduUrlRetour"))
    found += _keys(sp)
    if sp.get("AuthnRequestsSigned", "false").strip().lower() not in ("true", "1"):
        found.append(Finding(False, "SPSSODescriptor : AuthnRequestsSigned n'est pas « true » ; signer les demandes "
                                    "d'authentification en RSA-SHA256 est recommandé"))
    return found


def _keys(sp: ET.Element) -> list[Finding]:
    found, uses = [], set()
    for key in sp.findall(_md("KeyDescriptor")):
        use = key.get("use") or "both"
        certs = key.findall(f".//{{{DS}}}X509Certificate")
        if not certs:
            found.append(Finding(True, f"KeyDescriptor (use « {use} ») sans X509Certificate : publiez le certificat"))
        for cert in certs:
            try:
                x509.load_der_x509_certificate(base64.b64decode("".join((cert.text or "").split()), validate=True))
            except ValueError as err:
                found.append(Finding(True, f"KeyDescriptor (use « {use} ») : certificat X509 illisible ({err}) : "
                                           "publiez le certificat DER en base64"))
                continue
            uses.add(use)
    if not uses & {"signing", "both"}:
        found.append(Finding(False, "KeyDescriptor : aucune clé de signature (use « signing » ou sans use) ; "
                                    "ÉduConnect ne pourra vérifier ni les demandes signées ni les demandes de "
                                    "déconnexion, qu'il exige signées"))
    if not uses & {"encryption", "both"}:
        found.append(Finding(False, "KeyDescriptor : aucune clé de chiffrement (use « encryption » ou sans use) ; "
                                    "ÉduConnect enverra les assertions en clair, il est recommandé d'en déclarer une"))
    return found
