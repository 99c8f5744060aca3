"""mock_services.saml: reference ÉduConnect IdP <-> reference ENT SP over pysaml2."""
from __future__ import annotations

import base64
import dataclasses
import xml.etree.ElementTree as ET
import zlib
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
import saml2.time_util
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, samlp
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.saml import NameID

from mock_services.saml import CRYPTO_SETTINGS, attributes
from mock_services.saml.idp import IdpError, SamlIdp
from mock_services.saml.keys import make_keypair
from mock_services.saml.sp import SamlSp, SpError
from mock_services.saml.xmldsig import use_in_process_crypto

from xmldsig_check import independently_verified

IDP_BASE = "http://educonnect.localhost:43123"
ENT_BASE = "http://ent.localhost:43124"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
NS = {
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}

FR_EDU_CT_ID = "e6759833fb379e0340322889f2a367a5a5150f1533f80dfe963d21e43e33f7164b76cc802766cdd33c6645e1abfd1875"
ATTRS = {
    "FrEduUrlRetour": ["https://educonnect.education.gouv.fr/Logout"],
    "FrEduCtDateConnexion": ["2021-10-08 11:51:33.437"],
    "FrEduCtPersonAffiliation": ["resp1d"],
    "FrEduCtId": [FR_EDU_CT_ID],
    "FrEduCtRefId": ["{AAF}CRETEIL|0941234A|1234567", "{AAF}CRETEIL|0941234A|7654321"],
    "FrEduCtEleveINEHash": ["5ba682c0fc6a05edf07cd8ed0219258f"],
    "FrEduCtDateNaissance": ["2006-08-18"],
    "FrEduCtEleveUAI": ["0254222C"],
    "FrEduCtEleveNiveau": ["2212"],
    "FrEduCtCivilite": ["Mme"],
    "givenName": ["Hélène"],
    "sn": ["DUPONT"],
}
# Written out literally, not taken from attributes.py: the table is what is under test.
EXPECTED_OIDS = {
    "FrEduUrlRetour": "urn:oid:1.3.6.1.4.1.20326.10.999.1.5",
    "FrEduCtDateConnexion": "urn:oid:1.3.6.1.4.1.20326.10.999.1.6",
    "FrEduCtPersonAffiliation": "urn:oid:1.3.6.1.4.1.20326.10.999.1.7",
    "FrEduCtId": "urn:oid:1.3.6.1.4.1.20326.10.999.1.57",
    "FrEduCtRefId": "urn:oid:1.3.6.1.4.1.20326.10.999.1.62",
    "FrEduCtEleveINEHash": "urn:oid:1.3.6.1.4.1.20326.10.999.1.64",
    "FrEduCtDateNaissance": "urn:oid:1.3.6.1.4.1.20326.10.999.1.67",
    "FrEduCtEleveUAI": "urn:oid:1.3.6.1.4.1.20326.10.999.1.72",
    "FrEduCtEleveNiveau": "urn:oid:1.3.6.1.4.1.20326.10.999.1.73",
    "FrEduCtCivilite": "urn:oid:1.3.6.1.4.1.20326.10.999.1.76",
    "givenName": "urn:oid:2.5.4.42",
    "sn": "urn:oid:2.5.4.4",
}


# -- fixtures and helpers -------------------------------------------------


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    return SimpleNamespace(idp=make_keypair("idp", d), sp=make_keypair("sp", d), other=make_keypair("other", d))


@pytest.fixture
def idp(keys, tmp_path):
    return SamlIdp(IDP_BASE, keys.idp, tmp_path / "idp")


@pytest.fixture
def sp(idp, keys, tmp_path):
    sp = SamlSp(ENT_BASE, keys.sp, tmp_path / "sp", idp.metadata_xml())
    idp.add_sp_metadata(sp.metadata_xml())
    return sp


def query_of(url: str) -> str:
    return urlsplit(url).query


def params_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(query_of(url), keep_blank_values=True).items()}


def inflate(b64: str) -> str:
    return zlib.decompress(base64.b64decode(b64), -15).decode()


def login(idp, sp, attrs=ATTRS, **build_kwargs):
    """SP request -> IdP parse -> IdP response. Returns (request_id, info, SAMLResponse)."""
    rid, url = sp.authn_request_redirect("/welcome")
    info = idp.parse_authn_request(None, "redirect", query_string=query_of(url))
    acs, saml_response, relay = idp.build_response(info, attrs, **build_kwargs)
    assert (acs, relay) == (sp.acs_url, "/welcome")
    return rid, info, saml_response


def response_xml(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode()


def reencode(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def shift_clock(monkeypatch, seconds: int) -> None:
    """Move the clock pysaml2 (and our wrapper) validate against."""
    base = saml2.time_util.utc_now()
    monkeypatch.setattr(saml2.time_util, "utc_now", lambda: base + seconds)


def plain_client(entity_id, acs_url, idp_metadata, keypair, **sp_extra) -> Saml2Client:
    """A stock pysaml2 SP, configured here and not through SamlSp."""
    conf = SPConfig().load({
        "entityid": entity_id,
        "key_file": str(keypair.key_path),
        "cert_file": str(keypair.cert_path),
        **CRYPTO_SETTINGS,
        "allow_unknown_attributes": True,
        "metadata": {"inline": [idp_metadata]},
        "service": {"sp": {
            "endpoints": {"assertion_consumer_service": [(acs_url, BINDING_HTTP_POST)]},
            "want_response_signed": True,
            "want_assertions_signed": True,
            "allow_unsolicited": False,
            **sp_extra,
        }},
    })
    client = Saml2Client(config=conf)
    use_in_process_crypto(client, str(keypair.key_path))
    return client


# -- keys, attributes, start-up ---------------------------------------------


def test_make_keypair_writes_matching_self_signed_rsa_2048(tmp_path):
    kp = make_keypair("educonnect.localhost", tmp_path)
    assert kp.cert_path.read_text() == kp.cert_pem and kp.key_path.read_text() == kp.key_pem
    key = serialization.load_pem_private_key(kp.key_pem.encode(), None)
    cert = x509.load_pem_x509_certificate(kp.cert_pem.encode())
    assert key.key_size == 2048
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()
    assert cert.subject == cert.issuer and "educonnect.localhost" in cert.subject.rfc4514_string()


def test_attribute_table_and_helpers():
    assert attributes.OIDS == EXPECTED_OIDS
    assert attributes.FRIENDLY_NAMES[EXPECTED_OIDS["FrEduCtRefId"]] == "FrEduCtRefId"
    assert attributes.by_friendly_name(attributes.by_oid(ATTRS)) == ATTRS
    assert attributes.by_friendly_name({"urn:oid:9.9": ["x"]}) == {}
    with pytest.raises(ValueError, match="Nickname"):
        attributes.to_identity({"Nickname": ["x"]})
    with pytest.raises(TypeError):
        attributes.to_identity({"sn": "DUPONT"})  # a bare string, not a list
    conv = attributes.converter()
    built = conv.to_({"FrEduCtRefId": ATTRS["FrEduCtRefId"]})[0]
    assert (built.name, built.name_format, built.friendly_name) == (EXPECTED_OIDS["FrEduCtRefId"], URI, "FrEduCtRefId")


# -- metadata ---------------------------------------------------------------


def test_idp_metadata_names_entity_id_endpoints_and_key(idp, keys):
    root = ET.fromstring(idp.metadata_xml())
    assert root.get("entityID") == IDP_BASE + "/idp" == idp.entity_id
    d = root.find("md:IDPSSODescriptor", NS)
    assert d.get("WantAuthnRequestsSigned") == "true"
    sso = {(e.get("Binding"), e.get("Location")) for e in d.findall("md:SingleSignOnService", NS)}
    assert sso == {
        (BINDING_HTTP_REDIRECT, IDP_BASE + "/idp/profile/SAML2/Redirect/SSO"),
        (BINDING_HTTP_POST, IDP_BASE + "/idp/profile/SAML2/POST/SSO"),
    }
    slo = {(e.get("Binding"), e.get("Location")) for e in d.findall("md:SingleLogoutService", NS)}
    assert slo == {
        (BINDING_HTTP_REDIRECT, IDP_BASE + "/idp/profile/SAML2/Redirect/SLO"),
        (BINDING_HTTP_POST, IDP_BASE + "/idp/profile/SAML2/POST/SLO"),
    }
    assert [e.text for e in d.findall("md:NameIDFormat", NS)] == [TRANSIENT]
    certs = [e.text for e in d.findall("md:KeyDescriptor[@use='signing']//ds:X509Certificate", NS)]
    assert certs == ["".join(keys.idp.cert_pem.splitlines()[1:-1])]
    assert idp.metadata_url == IDP_BASE + "/idp/shibboleth"


def test_sp_metadata_names_entity_id_endpoints_and_key(sp, keys):
    root = ET.fromstring(sp.metadata_xml())
    assert root.get("entityID") == ENT_BASE + "/auth/saml/metadata/idp.xml" == sp.entity_id
    d = root.find("md:SPSSODescriptor", NS)
    assert (d.get("AuthnRequestsSigned"), d.get("WantAssertionsSigned")) == ("true", "true")
    acs = [(e.get("Binding"), e.get("Location")) for e in d.findall("md:AssertionConsumerService", NS)]
    assert acs == [(BINDING_HTTP_POST, ENT_BASE + "/auth/saml/acs")] and sp.acs_url == acs[0][1]
    slo = [(e.get("Binding"), e.get("Location")) for e in d.findall("md:SingleLogoutService", NS)]
    assert slo == [(BINDING_HTTP_REDIRECT, ENT_BASE + "/auth/saml/slo")]
    assert [e.text for e in d.findall("md:NameIDFormat", NS)] == [TRANSIENT]
    certs = [e.text for e in d.findall("md:KeyDescriptor[@use='signing']//ds:X509Certificate", NS)]
    assert certs == ["".join(keys.sp.cert_pem.splitlines()[1:-1])]


# -- SSO happy path -----------------------------------------------------------


def test_authn_request_is_a_signed_entcore_like_redirect(idp, sp):
    rid, url = sp.authn_request_redirect("/welcome")
    assert rid.startswith("ENT_") and len(rid) == 4 + 36
    assert url.startswith(IDP_BASE + "/idp/profile/SAML2/Redirect/SSO?")
    p = params_of(url)
    assert p["SigAlg"] == RSA_SHA256 and p["Signature"] and p["RelayState"] == "/welcome"
    req = ET.fromstring(inflate(p["SAMLRequest"]))
    assert req.get("ID") == rid
    assert req.get("Destination") == IDP_BASE + "/idp/profile/SAML2/Redirect/SSO"
    assert req.get("AssertionConsumerServiceURL") == sp.acs_url
    assert req.get("ProtocolBinding") == BINDING_HTTP_POST
    assert req.find("saml:Issuer", NS).text == sp.entity_id
    assert req.find("samlp:NameIDPolicy", NS).get("Format") == TRANSIENT


def test_round_trip_checked_by_an_independent_pysaml2_client_then_by_samlsp(idp, sp, keys, tmp_path):
    rid, info, saml_response = login(idp, sp, name_id="tr-123", session_index="sess-42")
    assert info.request_id == rid and info.sp_entity_id == sp.entity_id and info.relay_state == "/welcome"

    # 1. A stock pysaml2 SP (allowing unknown attributes, stock attribute maps).
    client = plain_client(sp.entity_id, sp.acs_url, idp.metadata_xml(), keys.sp)
    resp = client.parse_authn_request_response(saml_response, BINDING_HTTP_POST, outstanding={rid: "/welcome"})
    assert resp is not None and resp.in_response_to == rid
    assert resp.response.signature is not None and resp.assertion.signature is not None
    assert resp.response.destination == sp.acs_url
    assert resp.issuer() == idp.entity_id == resp.assertion.issuer.text
    audiences = [a.text for r in resp.assertion.conditions.audience_restriction for a in r.audience]
    assert audiences == [sp.entity_id]
    assert (resp.name_id.text, resp.name_id.format) == ("tr-123", TRANSIENT)
    assert resp.assertion.authn_statement[0].session_index == "sess-42"
    got = {}
    for attr in resp.assertion.attribute_statement[0].attribute:
        assert attr.name_format == URI
        got[attr.friendly_name] = (attr.name, [v.text for v in attr.attribute_value])
    assert got == {name: (EXPECTED_OIDS[name], values) for name, values in ATTRS.items()}

    # 2. Both signatures, RSA-SHA256 / SHA-256, verified by another implementation (signxml)
    #    with the IdP's certificate only.
    xml = response_xml(saml_response)
    root = ET.fromstring(xml)
    sigs = [root.find("ds:Signature", NS), root.find("saml:Assertion/ds:Signature", NS)]
    for sig in sigs:
        assert sig.find(".//ds:SignatureMethod", NS).get("Algorithm") == RSA_SHA256
        assert sig.find(".//ds:DigestMethod", NS).get("Algorithm") == SHA256
        assert independently_verified(xml, keys.idp.cert_pem, sig)
        assert not independently_verified(xml, keys.other.cert_pem, sig)
    confirmation = root.find(".//saml:SubjectConfirmationData", NS)
    assert (confirmation.get("Recipient"), confirmation.get("InResponseTo")) == (sp.acs_url, rid)

    # 3. Our SP.
    assertion = sp.parse_response(saml_response, {rid: "/welcome"})
    assert assertion.attributes == ATTRS
    assert (assertion.name_id, assertion.session_index) == ("tr-123", "sess-42")
    assert (assertion.issuer, assertion.in_response_to) == (idp.entity_id, rid)
    assert assertion.name_id_format == TRANSIENT


def test_sp_registered_at_construction_and_generated_name_id(keys, tmp_path):
    idp0 = SamlIdp(IDP_BASE, keys.idp, tmp_path / "idp0")
    sp = SamlSp(ENT_BASE, keys.sp, tmp_path / "sp", idp0.metadata_xml())
    idp = SamlIdp(IDP_BASE, keys.idp, tmp_path / "idp", sp_metadata=[sp.metadata_xml()])
    rid, _, saml_response = login(idp, sp, {"FrEduCtPersonAffiliation": ["resp1d"]})
    a = sp.parse_response(saml_response, {rid: "/welcome"})
    assert a.attributes == {"FrEduCtPersonAffiliation": ["resp1d"]}
    assert len(a.name_id) == 32 and a.session_index


def test_idp_accepts_decoded_params_without_raw_query(idp, sp):
    rid, url = sp.authn_request_redirect("/a b&c")
    p = params_of(url)
    info = idp.parse_authn_request(p["SAMLRequest"], "redirect", p["RelayState"], p["SigAlg"], p["Signature"])
    assert (info.request_id, info.relay_state) == (rid, "/a b&c")


def test_idp_verifies_the_raw_query_so_foreign_url_encodings_pass(idp, sp, keys):
    """Lower-case %xx and %20 (as other stacks emit) change nothing for the signature over raw octets."""
    _, url = sp.authn_request_redirect("x")
    p = params_of(url)

    def enc(v):
        return quote(v, safe="").replace("%2F", "%2f").replace("%3D", "%3d")

    signed = f"SAMLRequest={enc(p['SAMLRequest'])}&RelayState={enc('/a b')}&SigAlg={enc(RSA_SHA256)}"
    key = serialization.load_pem_private_key(keys.sp.key_pem.encode(), None)
    sig = base64.b64encode(key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    query = signed + "&Signature=" + enc(sig)
    info = idp.parse_authn_request(None, "redirect", query_string=query)
    assert info.relay_state == "/a b"


def test_idp_takes_post_authn_requests_signed_in_sha256_or_sha1_or_unsigned_and_says_which(idp, sp, keys):
    """The field's ENTs sign with RSA-SHA1, or not at all, and work in production (FACTS.md)."""
    client = plain_client(sp.entity_id, sp.acs_url, idp.metadata_xml(), keys.sp)
    rid, signed = client.create_authn_request(idp.sso_post_url, sign=True, sign_alg=RSA_SHA256, digest_alg=SHA256)
    info = idp.parse_authn_request(reencode(str(signed)), "post", relay_state="rs")
    assert (info.request_id, info.acs_url, info.relay_state, info.signed_with) == (rid, sp.acs_url, "rs", RSA_SHA256)
    _, sha1 = client.create_authn_request(idp.sso_post_url, sign=True, sign_alg=RSA_SHA1, digest_alg=SHA1)
    assert idp.parse_authn_request(reencode(str(sha1)), "post").signed_with == RSA_SHA1
    _, unsigned = client.create_authn_request(idp.sso_post_url, sign=False)
    assert idp.parse_authn_request(reencode(str(unsigned)), "post").signed_with is None


def test_idp_takes_an_unsigned_redirect_authn_request_but_not_an_unsigned_logout_request(idp, sp):
    _, url = sp.authn_request_redirect("/welcome")
    p = params_of(url)
    stripped = urlencode({"SAMLRequest": p["SAMLRequest"], "RelayState": p["RelayState"]})
    assert idp.parse_authn_request(None, "redirect", query_string=stripped).signed_with is None
    assert idp.parse_authn_request(p["SAMLRequest"], "redirect", p["RelayState"]).signed_with is None
    assert idp.parse_authn_request(None, "redirect", query_string=query_of(url)).signed_with == RSA_SHA256
    _, logout = sp.logout_request_redirect("nid-1", "idx-1", relay_state="r")
    q = params_of(logout)
    with pytest.raises(IdpError, match="unsigned"):
        idp.parse_logout_request(None, "redirect", query_string=urlencode({"SAMLRequest": q["SAMLRequest"]}))


def test_idp_takes_a_redirect_request_signed_in_sha1_by_the_sps_key_only(idp, sp, keys):
    _, url = sp.authn_request_redirect("/welcome")
    p = params_of(url)

    def enc(v):
        return quote(v, safe="")

    signed = f"SAMLRequest={enc(p['SAMLRequest'])}&RelayState={enc('/w')}&SigAlg={enc(RSA_SHA1)}"
    for keypair, accepted in ((keys.sp, True), (keys.other, False)):
        key = serialization.load_pem_private_key(keypair.key_pem.encode(), None)
        sig = base64.b64encode(key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA1())).decode()
        query = signed + "&Signature=" + enc(sig)
        if accepted:
            assert idp.parse_authn_request(None, "redirect", query_string=query).signed_with == RSA_SHA1
        else:
            with pytest.raises(IdpError, match="does not verify"):
                idp.parse_authn_request(None, "redirect", query_string=query)


# -- IdP rejections -----------------------------------------------------------


def test_idp_rejects_request_from_unknown_sp(idp, keys, tmp_path):
    stranger = SamlSp("http://stranger.localhost", keys.other, tmp_path / "s", idp.metadata_xml())
    _, url = stranger.authn_request_redirect("/")
    with pytest.raises(IdpError, match="unknown SP"):
        idp.parse_authn_request(None, "redirect", query_string=query_of(url))


@pytest.mark.parametrize("what", ["signature", "relay_state", "request", "sigalg"])
def test_idp_rejects_tampered_redirect_request(idp, sp, what):
    _, url = sp.authn_request_redirect("/welcome")
    p = params_of(url)
    if what == "signature":
        raw = bytearray(base64.b64decode(p["Signature"]))
        raw[10] ^= 0x01
        p["Signature"] = base64.b64encode(bytes(raw)).decode()
    elif what == "relay_state":
        p["RelayState"] = "/evil"
    elif what == "request":
        xml = inflate(p["SAMLRequest"]).replace(sp.acs_url, sp.acs_url + "?x")
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        p["SAMLRequest"] = base64.b64encode(c.compress(xml.encode()) + c.flush()).decode()
    else:
        p["SigAlg"] = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    with pytest.raises(IdpError, match="signature"):
        idp.parse_authn_request(None, "redirect", query_string=urlencode(p))


def test_idp_rejects_request_signed_with_a_key_not_in_metadata(idp, sp, keys, tmp_path):
    impostor = SamlSp(ENT_BASE, keys.other, tmp_path / "imp", idp.metadata_xml())  # same entityID, other key
    _, url = impostor.authn_request_redirect("/")
    with pytest.raises(IdpError, match="signature"):
        idp.parse_authn_request(None, "redirect", query_string=query_of(url))


def test_add_sp_metadata_replaces_a_registered_sp(idp, sp, keys, tmp_path):
    rekeyed = SamlSp(ENT_BASE, keys.other, tmp_path / "rekeyed", idp.metadata_xml())
    idp.add_sp_metadata(rekeyed.metadata_xml())
    _, url = rekeyed.authn_request_redirect("/")
    info = idp.parse_authn_request(None, "redirect", query_string=query_of(url))
    assert info.sp_entity_id == ENT_BASE + "/auth/saml/metadata/idp.xml"
    _, old_url = sp.authn_request_redirect("/")
    with pytest.raises(IdpError, match="signature"):
        idp.parse_authn_request(None, "redirect", query_string=query_of(old_url))
    with pytest.raises(IdpError, match="SPSSODescriptor"):
        idp.add_sp_metadata(idp.metadata_xml())


def test_idp_rejects_acs_url_not_in_metadata(idp, sp, keys):
    client = plain_client(sp.entity_id, ENT_BASE + "/elsewhere", idp.metadata_xml(), keys.sp)
    _, info = client.prepare_for_authenticate(entityid=idp.entity_id, relay_state="r", sign=True, sigalg=RSA_SHA256)
    url = dict(info["headers"])["Location"]
    with pytest.raises(IdpError, match="ACS"):
        idp.parse_authn_request(None, "redirect", query_string=query_of(url))


def test_idp_rejects_stale_request(idp, sp, monkeypatch):
    _, url = sp.authn_request_redirect("/")
    shift_clock(monkeypatch, 7 * 60)
    with pytest.raises(IdpError, match="IssueInstant"):
        idp.parse_authn_request(None, "redirect", query_string=query_of(url))


# -- SP rejections ------------------------------------------------------------


def test_sp_rejects_tampered_assertion(idp, sp):
    rid, _, saml_response = login(idp, sp)
    xml = response_xml(saml_response)
    assert xml.count(">resp1d<") == 1
    with pytest.raises(SpError):
        sp.parse_response(reencode(xml.replace(">resp1d<", ">resp2d<")), {rid: "/welcome"})
    assert sp.parse_response(saml_response, {rid: "/welcome"}).attributes["FrEduCtPersonAffiliation"] == ["resp1d"]


@pytest.mark.parametrize("sign_response,sign_assertion", [(False, False), (True, False), (False, True)])
def test_sp_requires_both_response_and_assertion_signatures(idp, sp, sign_response, sign_assertion):
    rid, info, _ = login(idp, sp)
    _, unsigned, _ = idp.build_response(info, ATTRS, sign_response=sign_response, sign_assertion=sign_assertion)
    xml = response_xml(unsigned)
    assert xml.count("<ns2:Signature ") == sign_response + sign_assertion
    with pytest.raises(SpError):
        sp.parse_response(unsigned, {rid: "/welcome"})


def test_sp_rejects_signatures_stripped_from_a_valid_response(idp, sp):
    rid, _, saml_response = login(idp, sp)
    root = ET.fromstring(response_xml(saml_response))
    for parent in (root, root.find("saml:Assertion", NS)):
        parent.remove(parent.find("ds:Signature", NS))
    with pytest.raises(SpError):
        sp.parse_response(reencode(ET.tostring(root, encoding="unicode")), {rid: "/welcome"})


def test_sp_rejects_response_signed_by_another_key(idp, sp, keys, tmp_path):
    rid, info, _ = login(idp, sp)
    rogue = SamlIdp(IDP_BASE, keys.other, tmp_path / "rogue", sp_metadata=[sp.metadata_xml()])
    assert rogue.entity_id == idp.entity_id
    _, forged, _ = rogue.build_response(info, ATTRS)
    with pytest.raises(SpError):
        sp.parse_response(forged, {rid: "/welcome"})


def test_sp_rejects_wrong_issuer(idp, sp, keys, tmp_path):
    rid, info, _ = login(idp, sp)
    other = SamlIdp("http://other-idp.localhost", keys.idp, tmp_path / "o", sp_metadata=[sp.metadata_xml()])
    _, forged, _ = other.build_response(info, ATTRS)
    with pytest.raises(SpError):
        sp.parse_response(forged, {rid: "/welcome"})


def test_sp_rejects_wrong_audience(idp, sp, keys, tmp_path):
    rid, info, _ = login(idp, sp)
    other_sp = SamlSp("http://other-ent.localhost", keys.other, tmp_path / "other", idp.metadata_xml())
    idp.add_sp_metadata(other_sp.metadata_xml())
    # Same request and ACS, but built for the other SP (its Audience).
    _, for_other, _ = idp.build_response(dataclasses.replace(info, sp_entity_id=other_sp.entity_id), ATTRS)
    assert other_sp.entity_id in response_xml(for_other)
    with pytest.raises(SpError, match="[Aa]udience"):
        sp.parse_response(for_other, {rid: "/welcome"})


def test_sp_rejects_wrong_destination(idp, sp):
    rid, info, _ = login(idp, sp)
    _, misrouted, _ = idp.build_response(dataclasses.replace(info, acs_url=ENT_BASE + "/elsewhere"), ATTRS)
    with pytest.raises(SpError):
        sp.parse_response(misrouted, {rid: "/welcome"})


def test_sp_rejects_unknown_in_response_to(idp, sp):
    rid, _, saml_response = login(idp, sp)
    with pytest.raises(SpError):
        sp.parse_response(saml_response, {})
    with pytest.raises(SpError):
        sp.parse_response(saml_response, {"ENT_00000000-0000-0000-0000-000000000000": "/"})
    sp.parse_response(saml_response, {rid: "/welcome"})


def test_sp_rejects_replay_once_caller_consumed_the_request(idp, sp):
    rid, _, saml_response = login(idp, sp)
    outstanding = {rid: "/welcome"}
    sp.parse_response(saml_response, outstanding)
    del outstanding[rid]  # the caller's job, documented on parse_response
    with pytest.raises(SpError, match="InResponseTo|[Uu]nsolicited"):
        sp.parse_response(saml_response, outstanding)


def test_sp_rejects_replay_even_if_caller_forgot_to_consume(idp, sp):
    rid, _, saml_response = login(idp, sp)
    sp.parse_response(saml_response, {rid: "/welcome"})
    with pytest.raises(SpError, match="replay"):
        sp.parse_response(saml_response, {rid: "/welcome"})


def test_sp_rejects_expired_assertion(idp, sp, monkeypatch):
    rid, _, saml_response = login(idp, sp)  # NotOnOrAfter = now + 5 min
    shift_clock(monkeypatch, 6 * 60 + 5)  # past NotOnOrAfter + 1 min skew
    with pytest.raises(SpError, match="Lifetime|NotOnOrAfter|too old|Exceed"):
        sp.parse_response(saml_response, {rid: "/welcome"})


def test_sp_rejects_not_yet_valid_assertion(idp, sp, monkeypatch):
    rid, _, saml_response = login(idp, sp)
    shift_clock(monkeypatch, -5 * 60)
    with pytest.raises(SpError):
        sp.parse_response(saml_response, {rid: "/welcome"})


def test_sp_rejects_responses_older_than_ten_minutes_whatever_their_lifetime(keys, tmp_path, monkeypatch):
    idp = SamlIdp(IDP_BASE, keys.idp, tmp_path / "idp", assertion_lifetime=timedelta(hours=1))
    sp = SamlSp(ENT_BASE, keys.sp, tmp_path / "sp", idp.metadata_xml())
    idp.add_sp_metadata(sp.metadata_xml())
    rid, _, saml_response = login(idp, sp)
    shift_clock(monkeypatch, 11 * 60 + 5)
    with pytest.raises(SpError, match="IssueInstant"):
        sp.parse_response(saml_response, {rid: "/welcome"})
    shift_clock(monkeypatch, -2 * 60)  # 9 min old: fine
    sp.parse_response(saml_response, {rid: "/welcome"})


# -- SLO ----------------------------------------------------------------------


def test_slo_round_trip(idp, sp):
    rid, _, saml_response = login(idp, sp, name_id="tr-9", session_index="sess-9")
    a = sp.parse_response(saml_response, {rid: "/welcome"})

    lid, url = sp.logout_request_redirect(a.name_id, a.session_index, "/bye")
    assert lid.startswith("ENT_") and url.startswith(IDP_BASE + "/idp/profile/SAML2/Redirect/SLO?")
    assert params_of(url)["SigAlg"] == RSA_SHA256
    info = idp.parse_logout_request(None, "redirect", query_string=query_of(url))
    assert (info.request_id, info.sp_entity_id, info.name_id) == (lid, sp.entity_id, "tr-9")
    assert (info.session_indexes, info.relay_state, info.slo_url) == (["sess-9"], "/bye", sp.slo_url)

    back = idp.build_logout_response_redirect(info)
    assert back.startswith(ENT_BASE + "/auth/saml/slo?")
    p = params_of(back)
    assert p["RelayState"] == "/bye" and p["SigAlg"] == RSA_SHA256 and p["Signature"]
    xml = ET.fromstring(inflate(p["SAMLResponse"]))
    assert xml.get("InResponseTo") == lid and xml.get("Destination") == sp.slo_url
    sp.parse_logout_response(None, "redirect", query_string=query_of(back), outstanding={lid})
    with pytest.raises(SpError, match="outstanding"):
        sp.parse_logout_response(None, "redirect", query_string=query_of(back), outstanding=set())


def test_slo_rejects_unsigned_or_tampered_messages(idp, sp):
    lid, url = sp.logout_request_redirect("tr-1", None, "/bye")
    p = params_of(url)
    with pytest.raises(IdpError):
        idp.parse_logout_request(None, "redirect", query_string=urlencode({"SAMLRequest": p["SAMLRequest"]}))
    with pytest.raises(IdpError):
        idp.parse_logout_request(None, "redirect", query_string=urlencode({**p, "RelayState": "/evil"}))

    info = idp.parse_logout_request(None, "redirect", query_string=query_of(url))
    assert info.session_indexes == []
    q = params_of(idp.build_logout_response_redirect(info))
    with pytest.raises(SpError):
        sp.parse_logout_response(None, "redirect", query_string=urlencode({**q, "RelayState": "/evil"}))
    with pytest.raises(SpError):
        sp.parse_logout_response(q["SAMLResponse"], "redirect")  # no query string: cannot check the signature
    with pytest.raises(SpError):
        unsigned = {k: q[k] for k in ("SAMLResponse", "RelayState")}
        sp.parse_logout_response(None, "redirect", query_string=urlencode(unsigned))
    sp.parse_logout_response(None, "redirect", query_string=urlencode(q))


def test_slo_post_binding_requires_enveloped_signatures(idp, sp, keys):
    client = plain_client(sp.entity_id, sp.acs_url, idp.metadata_xml(), keys.sp)
    nid = NameID(format=TRANSIENT, text="tr-2")
    lid, signed = client.create_logout_request(idp.slo_post_url, idp.entity_id, name_id=nid, sign=True,
                                               sign_alg=RSA_SHA256, digest_alg=SHA256)
    info = idp.parse_logout_request(reencode(str(signed)), "post", relay_state="/bye")
    assert (info.request_id, info.name_id, info.relay_state) == (lid, "tr-2", "/bye")
    _, unsigned = client.create_logout_request(idp.slo_post_url, idp.entity_id, name_id=nid, sign=False)
    with pytest.raises(IdpError):
        idp.parse_logout_request(reencode(str(unsigned)), "post")

    def logout_response(sign):
        status = samlp.Status(status_code=samlp.StatusCode(value=samlp.STATUS_SUCCESS))
        server = idp._server  # the pysaml2 Server inside: our IdP only answers SLO by redirect
        return reencode(str(server._status_response(
            samlp.LogoutResponse, server._issuer(), status, sign=sign, in_response_to=lid, destination=sp.slo_url,
        )))

    sp.parse_logout_response(logout_response(True), "post", outstanding={lid})
    with pytest.raises(SpError, match="not signed"):
        sp.parse_logout_response(logout_response(False), "post", outstanding={lid})
