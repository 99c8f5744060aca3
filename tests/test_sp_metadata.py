"""harness.sp_metadata: the ENT's metadata checked at registration, one French line per problem
naming the element; fatal ones stop target mode (exit 4), the others are warnings."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.sp_metadata import POST, check_sp_metadata
from mock_services.saml.idp import SamlIdp
from mock_services.saml.keys import make_keypair
from mock_services.saml.sp import SamlSp


def reference_metadata(directory: Path, ent_url: str) -> str:
    """The reference ENT's SP metadata at `ent_url` (signing and encryption keys in `directory`)."""
    keys = SimpleNamespace(idp=make_keypair("idp", directory), sp=make_keypair("sp", directory),
                           enc=make_keypair("enc", directory))
    idp = SamlIdp("http://educonnect.localhost:1", keys.idp, directory / "idp")
    return SamlSp(ent_url, keys.sp, directory / "sp", idp.metadata_xml(), encryption=keys.enc).metadata_xml()


@pytest.fixture(scope="module")
def metadata(tmp_path_factory) -> str:
    return reference_metadata(tmp_path_factory.mktemp("md"), "http://ent.localhost:2")


def texts(xml: str, fatal: bool) -> list[str]:
    return [f.text for f in check_sp_metadata(xml) if f.fatal is fatal]


def only_element(xml: str, tag: str, binding: str) -> str:
    """`xml` with `tag`'s elements all on `binding`."""
    return re.sub(rf'(<(?:\w+:)?{tag}\b[^>]*Binding=")[^"]+(")', rf"\g<1>{binding}\g<2>", xml)


def test_the_reference_ents_metadata_has_nothing_to_say(metadata):
    assert check_sp_metadata(metadata) == []


def test_a_post_only_single_logout_service_is_a_warning_naming_it(metadata):
    xml = only_element(metadata, "SingleLogoutService", POST)
    assert texts(xml, fatal=True) == []
    [warning] = texts(xml, fatal=False)
    assert warning.startswith("SingleLogoutService : aucun en HTTP-Redirect (seulement HTTP-POST)")


def test_no_post_assertion_consumer_service_is_fatal(metadata):
    xml = only_element(metadata, "AssertionConsumerService", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact")
    [fatal] = texts(xml, fatal=True)
    assert fatal.startswith("AssertionConsumerService : aucune en HTTP-POST")


def test_keys_unreadable_is_fatal_and_missing_ones_are_warnings(metadata):
    broken = re.sub(r"(<(?:\w+:)?X509Certificate>)[^<]+", r"\1pas-un-certificat", metadata, count=1)
    assert any(t.startswith("KeyDescriptor (use « signing ») : certificat X509 illisible") for t in
               texts(broken, fatal=True))
    keyless = re.sub(r"<(?:\w+:)?KeyDescriptor\b.*?</(?:\w+:)?KeyDescriptor>", "", metadata, flags=re.S)
    assert texts(keyless, fatal=True) == []
    assert [t.split(" ;")[0] for t in texts(keyless, fatal=False)] == [
        "KeyDescriptor : aucune clé de signature (use « signing » ou sans use)",
        "KeyDescriptor : aucune clé de chiffrement (use « encryption » ou sans use)"]


def test_unsigned_requests_and_a_schema_error_are_warnings(metadata):
    xml = metadata.replace('AuthnRequestsSigned="true"', 'AuthnRequestsSigned="false"')
    assert xml != metadata
    assert [t.split(" ;")[0] for t in texts(xml, fatal=False)] == [
        "SPSSODescriptor : AuthnRequestsSigned n'est pas « true »"]
    invalid = re.sub(r'(<(?:\w+:)?SingleLogoutService\b)', r'\1 Inconnu="1"', metadata, count=1)
    [warning] = texts(invalid, fatal=False)
    assert warning.startswith("le document n'est pas conforme au schéma des métadonnées SAML (élément")


def test_unreadable_xml_several_sps_and_no_entity_id_are_fatal(metadata):
    assert texts("<pas du xml", fatal=True)[0].startswith("XML illisible")
    several = f"<EntitiesDescriptor xmlns='urn:oasis:names:tc:SAML:2.0:metadata'>{metadata.split('?>')[-1]}" \
              f"{metadata.split('?>')[-1]}</EntitiesDescriptor>"
    assert texts(several, fatal=True) == ["un seul fournisseur de service (SPSSODescriptor) attendu, 2 trouvé(s)"]
    nameless = re.sub(r'entityID="[^"]+"', 'entityID=""', metadata, count=1)
    assert "EntityDescriptor sans entityID : donnez-lui l'URL de vos métadonnées" in texts(nameless, fatal=True)
