"""Reference ÉduConnect identity provider (Shibboleth-like endpoints) over pysaml2."""
from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from pathlib import Path
from urllib.parse import urlencode

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, samlp
from saml2.assertion import Policy, authn_statement
from saml2.config import IdPConfig
from saml2.mdstore import InMemoryMetaData
from saml2.request import AuthnRequest as _AuthnRequest
from saml2.request import LogoutRequest as _LogoutRequest
from saml2.s_utils import sid
from saml2.saml import NAMEID_FORMAT_TRANSIENT, NameID
from saml2.samlp import STATUS_SUCCESS
from saml2.server import Server
from saml2.sigver import pre_signature_part
from saml2.time_util import instant
from saml2 import class_name

from . import CRYPTO_SETTINGS, binding_uri, epoch, load_config, metadata_xml, now
from .xmldsig import encrypt_assertion, use_in_process_crypto
from .attributes import NAME_FORMAT, to_identity
from .keys import (DIGEST_SHA256, SIG_RSA_SHA256, WITH_SHA1, KeyPair, RedirectSignatureError, example_keypair,
                   make_keypair, parse_redirect_query, redirect_url, verify_redirect)

AUTHN_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

SSO_REDIRECT_PATH = "/idp/profile/SAML2/Redirect/SSO"
SSO_POST_PATH = "/idp/profile/SAML2/POST/SSO"
SLO_REDIRECT_PATH = "/idp/profile/SAML2/Redirect/SLO"
SLO_POST_PATH = "/idp/profile/SAML2/POST/SLO"
UNSOLICITED_PATH = "/idp/profile/SAML2/Unsolicited/SSO"
METADATA_PATH = "/idp/shibboleth"
ELSEWHERE = "https://autre-service.example.fr"  # an SP that is not the recipient


class Alteration(str, Enum):
    """What a conformance scenario asks the IdP to get wrong in one response
    (a correct SP must refuse each; see features/conformance/)."""

    UNSIGNED = "unsigned"                      # neither Response nor Assertion signed
    FOREIGN_KEY = "foreign-key"                # both signed, by a key not in the IdP's metadata
    WRONG_AUDIENCE = "wrong-audience"          # AudienceRestriction names another SP
    EXPIRED = "expired"                        # Conditions and SubjectConfirmationData NotOnOrAfter passed
    NOT_YET_VALID = "not-yet-valid"            # Conditions NotBefore in the future
    WRONG_IN_RESPONSE_TO = "wrong-in-response-to"  # answers a request the SP never sent
    WRONG_DESTINATION = "wrong-destination"    # Destination is another SP's ACS
    ENCRYPTED_FOR_ANOTHER_KEY = "encrypted-for-another-key"  # for a public example key, not the SP's
    EXPIRED_5_MINUTES_AGO = "expired-5-minutes-ago"  # NotOnOrAfter passed 5 minutes ago: beyond any fair tolerance
    CLOCK_5MIN_AHEAD = "clock-5min-ahead"      # every time 5 minutes later: too far for a fair tolerance
    # clocks a little apart, which an SP should tolerate (a recommendation)
    CLOCK_2S_AHEAD = "clock-2s-ahead"          # every time 2 s later: NotBefore (= IssueInstant) just ahead
    CLOCK_30S_AHEAD = "clock-30s-ahead"        # every time 30 s later: NotBefore in the SP's near future
    CLOCK_1MIN_AHEAD = "clock-1min-ahead"      # every time 1 minute later
    ISSUED_2_MINUTES_AGO = "issued-2-minutes-ago"  # every time 2 minutes earlier


@dataclass
class AuthnRequestInfo:
    request_id: str  # "" for an IdP-initiated (unsolicited) login
    sp_entity_id: str
    acs_url: str
    relay_state: str | None
    force_authn: bool = False
    signed_with: str | None = None  # the request's signature algorithm (URI); None: unsigned


@dataclass
class LogoutRequestInfo:
    request_id: str
    sp_entity_id: str
    name_id: str
    session_indexes: list[str]
    relay_state: str | None
    slo_url: str  # the SP's HTTP-Redirect SLO endpoint, where the LogoutResponse goes
    signed_with: str | None = None  # the request's signature algorithm (URI)


@dataclass(frozen=True)
class LogoutAnswer:
    """A LogoutResponse a service sent back to an IdP-initiated logout."""
    sp_entity_id: str
    in_response_to: str | None
    success: bool
    signed_with: str | None  # the signature algorithm (URI); None: unsigned


class IdpError(Exception):
    """A request the IdP refuses (bad signature, unknown SP, malformed...). `str()` is the
    English detail for logs; `why` says it in French for the vendor, with the `rule` broken."""

    def __init__(self, detail: str, why: str = "", rule: str = "") -> None:
        super().__init__(detail)
        self.why = why or detail
        self.rule = rule


class _Server(Server):
    # Off: otherwise pysaml2 keeps every issued assertion in memory for these queries.
    def support_AssertionIDRequest(self) -> bool:
        return False

    def support_AuthnQuery(self) -> bool:
        return False


class SamlIdp:
    def __init__(
        self,
        base_url: str,
        keypair: KeyPair,
        workdir: Path,
        sp_metadata: Iterable[str] = (),
        *,
        assertion_lifetime: timedelta = timedelta(minutes=5),
        request_max_age: timedelta = timedelta(minutes=5),
        clock_skew: timedelta = timedelta(minutes=1),
    ) -> None:
        base = base_url.rstrip("/")
        self.base_url = base
        self.entity_id = base + "/idp"
        self.sso_redirect_url = base + SSO_REDIRECT_PATH
        self.sso_post_url = base + SSO_POST_PATH
        self.slo_redirect_url = base + SLO_REDIRECT_PATH
        self.slo_post_url = base + SLO_POST_PATH
        self.metadata_url = base + METADATA_PATH
        self._keypair = keypair
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._request_max_age = int(request_max_age.total_seconds())
        self._skew = int(clock_skew.total_seconds())
        self._lock = threading.Lock()
        self._foreign: KeyPair | None = None
        self.clock_offset = 0  # seconds added to every time of a response: a clock ahead (or behind, < 0)
        settings = {
            "entityid": self.entity_id,
            "name": "ÉduConnect (reference)",
            "key_file": str(keypair.key_path),
            "cert_file": str(keypair.cert_path),
            **CRYPTO_SETTINGS,
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "accepted_time_diff": self._skew,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (self.sso_redirect_url, BINDING_HTTP_REDIRECT),
                            (self.sso_post_url, BINDING_HTTP_POST),
                        ],
                        "single_logout_service": [
                            (self.slo_redirect_url, BINDING_HTTP_REDIRECT),
                            (self.slo_post_url, BINDING_HTTP_POST),
                        ],
                    },
                    "want_authn_requests_signed": True,  # also governs LogoutRequests in pysaml2
                    "sign_response": True,
                    "sign_assertion": True,
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                },
            },
        }
        self._config = load_config(IdPConfig(), settings, sp_metadata)
        self._server = _Server(config=self._config)
        use_in_process_crypto(self._server, str(keypair.key_path))
        # mds=None: release what we are given, ignore SPs' RequestedAttribute lists.
        self._policy = Policy(
            {
                "default": {
                    "lifetime": {"seconds": int(assertion_lifetime.total_seconds())},
                    "name_form": NAME_FORMAT,
                    "nameid_format": NAMEID_FORMAT_TRANSIENT,
                }
            },
            mds=None,
        )
        self._metadata_xml: str | None = None

    # -- metadata ---------------------------------------------------------

    def metadata_xml(self) -> str:
        if self._metadata_xml is None:
            self._metadata_xml = metadata_xml(self._config)
            (self.workdir / "metadata.xml").write_text(self._metadata_xml)
        return self._metadata_xml

    def add_sp_metadata(self, xml: str) -> None:
        """Register (or replace) SP(s) described by an EntityDescriptor(s) document."""
        source = InMemoryMetaData(self._config.attribute_converters, xml)
        try:
            source.load()
        except Exception as exc:
            raise IdpError(f"unreadable SP metadata: {exc}") from exc
        entity_ids = set(source.keys())
        if not entity_ids:
            raise IdpError("SP metadata holds no entity")
        for eid in entity_ids:
            if not source[eid].get("spsso_descriptor"):
                raise IdpError(f"{eid} has no SPSSODescriptor")
        store = self._server.metadata
        with self._lock:
            for key, old in list(store.metadata.items()):
                if entity_ids & set(old.keys()):
                    del store.metadata[key]
            store.metadata[f"sp:{sorted(entity_ids)[0]}:{sid()}"] = source

    def known_sp(self, entity_id: str) -> bool:
        try:
            return bool(self._server.metadata[entity_id].get("spsso_descriptor"))
        except KeyError:
            return False

    # -- SSO --------------------------------------------------------------

    def parse_authn_request(
        self,
        saml_request: str,
        binding: str,
        relay_state: str | None = None,
        sig_alg: str | None = None,
        signature: str | None = None,
        query_string: str | None = None,
    ) -> AuthnRequestInfo:
        msg, relay_state, signed_with = self._parse(
            _AuthnRequest, "single_sign_on_service", samlp.authn_request_from_string,
            saml_request, binding, relay_state, sig_alg, signature, query_string, signature_required=False,
        )
        sp = msg.issuer.text.strip()
        if msg.protocol_binding and msg.protocol_binding != BINDING_HTTP_POST:
            raise IdpError(f"unsupported ProtocolBinding {msg.protocol_binding}",
                           f"la demande exige une réponse par {msg.protocol_binding} ; ÉduConnect répond en "
                           "HTTP-POST", "Profiles 4.1.2, 4.1.4.1")
        try:
            # Checks a requested AssertionConsumerServiceURL/Index against metadata.
            _, acs_url = self._server.pick_binding(
                "assertion_consumer_service", [BINDING_HTTP_POST], "spsso", request=msg
            )
        except Exception as exc:
            raise IdpError(f"no registered HTTP-POST ACS for {sp} matching the request",
                           "l'adresse de retour demandée (AssertionConsumerServiceURL ou Index) n'est pas une "
                           "AssertionConsumerService HTTP-POST des métadonnées de l'ENT", "Profiles 4.1.4.1") from exc
        return AuthnRequestInfo(
            request_id=msg.id,
            sp_entity_id=sp,
            acs_url=acs_url,
            relay_state=relay_state,
            force_authn=str(msg.force_authn).lower() in ("true", "1"),
            signed_with=signed_with,
        )

    def unsolicited_request(self, provider_id: str, target: str | None = None) -> AuthnRequestInfo:
        """Shibboleth's IdP-initiated login (ENT tiles): `providerId` is the SP's entityID,
        `target` comes back as RelayState; the response goes to the SP's default POST ACS."""
        if not provider_id or not self.known_sp(provider_id):
            raise IdpError(f"unknown SP {provider_id!r}", f"providerId « {provider_id} » n'est le entityID d'aucun "
                           "service enregistré", "Shibboleth, Unsolicited SSO")
        try:
            _, acs_url = self._server.pick_binding("assertion_consumer_service", [BINDING_HTTP_POST], "spsso",
                                                   entity_id=provider_id)
        except Exception as exc:
            raise IdpError(f"no HTTP-POST ACS for {provider_id}", "les métadonnées de l'ENT ne déclarent aucune "
                           "AssertionConsumerService HTTP-POST", "Profiles 4.1.4.1") from exc
        return AuthnRequestInfo(request_id="", sp_entity_id=provider_id, acs_url=acs_url, relay_state=target or None)

    def build_response(
        self,
        request: AuthnRequestInfo,
        attributes: dict[str, list[str]],
        name_id: str | None = None,
        session_index: str | None = None,
        *,
        sign_response: bool = True,
        sign_assertion: bool = True,
        alteration: Alteration | None = None,
        encrypt: bool = True,
    ) -> tuple[str, str, str | None]:
        """(acs_url, base64 SAMLResponse, relay_state). The sign_* switches and
        `alteration` build what a correct SP must refuse (negative tests)."""
        if not self.known_sp(request.sp_entity_id):
            raise IdpError(f"unknown SP {request.sp_entity_id!r}")
        try:
            identity = to_identity(attributes)
        except (TypeError, ValueError) as exc:
            raise IdpError(str(exc)) from exc
        nid = NameID(
            format=NAMEID_FORMAT_TRANSIENT,
            text=name_id or secrets.token_hex(16),
            name_qualifier=self.entity_id,
            sp_name_qualifier=request.sp_entity_id,
        )
        statement = authn_statement(authn_class=AUTHN_CONTEXT, authn_auth=self.entity_id)
        statement.session_index = session_index or sid()
        # Server._authn_response: create_authn_response() cannot take a prebuilt
        # AuthnStatement, hence no way to choose the SessionIndex.
        response = self._server._authn_response(
            request.request_id or None,
            request.acs_url,
            request.sp_entity_id,
            identity=identity,
            name_id=nid,
            authn_statement=statement,
            policy=self._policy,
            sign_response=False,  # signed below, after any alteration
            sign_assertion=False,
        )
        if not isinstance(response, samlp.Response):
            raise IdpError("pysaml2 produced an error response")
        keypair = self._keypair
        offset = self.clock_offset + CLOCK_SHIFTS.get(alteration, 0)
        if offset:
            _shift_times(response, offset)
        if alteration is not None:
            _alter(response, alteration)
            if alteration is Alteration.UNSIGNED:
                sign_response = sign_assertion = False
            elif alteration is Alteration.FOREIGN_KEY:
                keypair = self._foreign_keypair()
        encrypt_for = self.encryption_cert(request.sp_entity_id) if encrypt else None
        if alteration is Alteration.ENCRYPTED_FOR_ANOTHER_KEY:
            encrypt_for = example_keypair().cert_pem
        xml = self._sign(response, keypair, sign_response, sign_assertion, encrypt_for)
        return request.acs_url, base64.b64encode(xml.encode()).decode(), request.relay_state

    def encryption_cert(self, sp_entity_id: str) -> str | None:
        """The certificate to encrypt assertions for, when the SP's metadata declares one (a
        KeyDescriptor for encryption, or one without `use`): Shibboleth's default."""
        certs = [cert for _, cert in self._server.metadata.certs(sp_entity_id, "spsso", "encryption")]
        if not certs:
            return None
        body = certs[0]
        return "-----BEGIN CERTIFICATE-----\n" + "".join(body.split()) + "\n-----END CERTIFICATE-----\n"

    def _sign(self, response: samlp.Response, keypair: KeyPair, sign_response: bool, sign_assertion: bool,
              encrypt_for: str | None) -> str:
        """Enveloped RSA-SHA256 signatures: the Assertion first; then, if `encrypt_for` (a PEM
        certificate), the signed Assertion encrypted for it; then the Response around it."""
        cert = "".join(line for line in keypair.cert_pem.splitlines() if "-----" not in line)
        assertion = response.assertion
        if sign_assertion:
            assertion.signature = pre_signature_part(assertion.id, cert, 2, sign_alg=SIG_RSA_SHA256,
                                                     digest_alg=DIGEST_SHA256)
        if sign_response:
            response.signature = pre_signature_part(response.id, cert, 1, sign_alg=SIG_RSA_SHA256,
                                                    digest_alg=DIGEST_SHA256)
        xml = response.to_string()
        xml = xml.decode() if isinstance(xml, bytes) else xml
        if sign_assertion:
            xml = self._server.sec.sign_statement(xml, class_name(assertion), key_file=str(keypair.key_path),
                                                  node_id=assertion.id)
        if encrypt_for:
            xml = encrypt_assertion(xml, encrypt_for)
        if sign_response:
            xml = self._server.sec.sign_statement(xml, class_name(response), key_file=str(keypair.key_path),
                                                  node_id=response.id)
        return xml

    def _signing_keypair(self, signing: str) -> KeyPair | None:
        """This IdP's key ("idp"), another one ("foreign", built on first use) or none ("none")."""
        if signing == "idp":
            return self._keypair
        if signing == "foreign":
            return self._foreign_keypair()
        if signing == "none":
            return None
        raise ValueError(f"unknown signing {signing!r}")

    def _foreign_keypair(self) -> KeyPair:
        with self._lock:
            if self._foreign is None:
                self._foreign = make_keypair("imposteur", self.workdir / "foreign-key")
            return self._foreign

    # -- SLO --------------------------------------------------------------

    def parse_logout_request(
        self,
        saml_request: str,
        binding: str,
        relay_state: str | None = None,
        sig_alg: str | None = None,
        signature: str | None = None,
        query_string: str | None = None,
    ) -> LogoutRequestInfo:
        msg, relay_state, signed_with = self._parse(
            _LogoutRequest, "single_logout_service", samlp.logout_request_from_string,
            saml_request, binding, relay_state, sig_alg, signature, query_string, signature_required=True,
        )
        if msg.not_on_or_after and _epoch(msg.not_on_or_after, "NotOnOrAfter") + self._skew <= now():
            raise IdpError("LogoutRequest expired", "la demande de déconnexion est expirée (NotOnOrAfter)",
                           "Core 3.7.1")
        if msg.name_id is None or not msg.name_id.text:
            raise IdpError("LogoutRequest without NameID",
                           "la demande de déconnexion ne nomme personne (pas de NameID)", "Core 3.7.1")
        sp = msg.issuer.text.strip()
        return LogoutRequestInfo(
            request_id=msg.id,
            sp_entity_id=sp,
            name_id=msg.name_id.text.strip(),
            session_indexes=[s.text.strip() for s in msg.session_index if s.text],
            relay_state=relay_state,
            slo_url=self._sp_slo_redirect(sp),
            signed_with=signed_with,
        )

    def build_logout_request_redirect(self, sp: str, name_id: str, session_index: str | None,
                                      signing: str = "idp") -> tuple[str, str]:
        """IdP-initiated single logout: (request ID, HTTP-Redirect URL) of a LogoutRequest for `name_id`'s
        session with `sp`, at its SingleLogoutService. `signing`: "idp" (this IdP's key),
        "foreign" (another key, which the SP must refuse) or "none" (unsigned: refused too)."""
        slo_url = self._sp_slo_redirect(sp)
        nid = NameID(format=NAMEID_FORMAT_TRANSIENT, text=name_id, name_qualifier=self.entity_id,
                     sp_name_qualifier=sp)
        issued = now() + self.clock_offset
        request = samlp.LogoutRequest(
            id=sid(), version="2.0", issue_instant=instant(time_stamp=issued), destination=slo_url,
            issuer=self._server._issuer(), name_id=nid,
            session_index=[samlp.SessionIndex(text=session_index)] if session_index else [],
            not_on_or_after=instant(time_stamp=issued + 5 * 60))
        keypair = self._signing_keypair(signing)
        return request.id, redirect_url(slo_url, "SAMLRequest", str(request), None, keypair)

    def parse_logout_response(self, query_string: str) -> LogoutAnswer:
        """A service's LogoutResponse (HTTP-Redirect) to our LogoutRequest; its signature, when
        there is one, must verify with the service's metadata keys."""
        params = parse_redirect_query(query_string)
        try:
            xml = self._server.unravel(params.get("SAMLResponse", ""), BINDING_HTTP_REDIRECT, "SAMLResponse")
            msg = samlp.logout_response_from_string(xml)
        except Exception as exc:
            raise IdpError(f"undecodable LogoutResponse: {exc}", "réponse de déconnexion illisible",
                           "Bindings 3.4.4.1") from exc
        if msg is None or msg.issuer is None or not msg.issuer.text:
            raise IdpError("LogoutResponse without Issuer", "la réponse de déconnexion n'a pas d'émetteur (Issuer)",
                           "Core 3.2.2")
        sp = msg.issuer.text.strip()
        signed_with = params.get("SigAlg") if params.get("Signature") else None
        if signed_with is not None:
            try:
                verify_redirect(query_string, "SAMLResponse", self._sp_signing_certs(sp), algorithms=WITH_SHA1)
            except RedirectSignatureError as exc:
                raise IdpError(f"bad LogoutResponse signature: {exc}", f"la signature de la réponse de déconnexion "
                               f"(SigAlg {signed_with}) ne se vérifie avec aucune clé des métadonnées de l'ENT",
                               "Bindings 3.4.4.1") from exc
        success = msg.status is not None and msg.status.status_code.value == STATUS_SUCCESS
        return LogoutAnswer(sp, msg.in_response_to, success, signed_with)

    def build_logout_response_redirect(self, info: LogoutRequestInfo, signing: str = "idp") -> str:
        """HTTP-Redirect URL carrying a success LogoutResponse to the SP, signed by this IdP
        (`signing` "idp"), by another key ("foreign") or not at all ("none"), the last two
        for the SP to refuse."""
        status = samlp.Status(status_code=samlp.StatusCode(value=STATUS_SUCCESS))
        response = self._server._status_response(
            samlp.LogoutResponse,
            self._server._issuer(),
            status,
            sign=False,
            in_response_to=info.request_id,
            destination=info.slo_url,
        )
        keypair = self._signing_keypair(signing)
        return redirect_url(info.slo_url, "SAMLResponse", str(response), info.relay_state or None, keypair)

    # -- internals --------------------------------------------------------

    def _sp_slo_redirect(self, sp: str) -> str:
        try:
            _, url = self._server.pick_binding(
                "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=sp
            )
        except Exception as exc:
            raise IdpError(f"{sp} has no HTTP-Redirect SingleLogoutService",
                           "les métadonnées de l'ENT ne déclarent pas de SingleLogoutService en HTTP-Redirect, où "
                           "ÉduConnect envoie sa réponse de déconnexion", "Profiles 4.4.3, 4.4.4") from exc
        return url

    def _sp_signing_certs(self, sp: str) -> list[str]:
        if not self.known_sp(sp):
            raise IdpError(f"unknown SP {sp!r}", f"l'émetteur (Issuer) « {sp} » n'est le entityID d'aucune "
                           "métadonnée enregistrée : l'Issuer des demandes est le entityID des métadonnées",
                           "Metadata 2.3.2")
        certs = [cert for _, cert in self._server.metadata.certs(sp, "spsso", "signing")]
        if not certs:
            raise IdpError(f"no signing certificate in metadata for {sp}",
                           "les métadonnées de l'ENT ne déclarent aucune clé de signature (KeyDescriptor "
                           "use=\"signing\" ou sans use)", "Metadata 2.4.1.1")
        return certs

    def _parse(self, request_cls, service, from_string, saml_request, binding, relay_state, sig_alg,
               signature, query_string, *, signature_required: bool) -> tuple:
        """Decode, authenticate and sanity-check a request; returns (pysaml2 message, relay_state,
        signature algorithm or None). A signature, when there is one, must verify with a key of the
        SP's metadata (RSA-SHA1 accepted, as the field's ENTs sign with it); without one, the request
        is refused unless `signature_required` is False (AuthnRequests, as the field accepts them)."""
        binding = binding_uri(binding)
        if binding == BINDING_HTTP_REDIRECT and query_string is not None:
            params = parse_redirect_query(query_string)
            if saml_request and params.get("SAMLRequest") != saml_request:
                raise IdpError("SAMLRequest differs from the one in query_string", "la requête porte deux SAMLRequest",
                               "Bindings 3.4.4.1")
            saml_request = params.get("SAMLRequest")
            relay_state = params.get("RelayState")
        if not saml_request:
            raise IdpError("no SAMLRequest", "la requête n'a pas de paramètre SAMLRequest", "Bindings 3.4.4")
        try:
            xml = self._server.unravel(saml_request, binding, request_cls.msgtype)
            unverified = from_string(xml)
        except Exception as exc:
            raise IdpError(f"undecodable SAMLRequest: {exc}", "SAMLRequest illisible (DEFLATE puis base64 en "
                           "HTTP-Redirect, base64 en HTTP-POST)", "Bindings 3.4.4.1, 3.5.4") from exc
        if unverified is None or unverified.issuer is None or not unverified.issuer.text:
            raise IdpError("SAMLRequest without Issuer", "la demande n'a pas d'émetteur (Issuer)", "Profiles 4.1.4.1")
        sp = unverified.issuer.text.strip()
        certs = self._sp_signing_certs(sp)

        signed_with = None
        if binding == BINDING_HTTP_REDIRECT:
            if query_string is not None:
                given = parse_redirect_query(query_string)
                sig_alg, signature = given.get("SigAlg"), given.get("Signature")
            if sig_alg is None or signature is None:
                if signature_required:
                    raise IdpError("unsigned redirect request",
                                   "la demande n'est pas signée (ni SigAlg ni Signature) ; ÉduConnect exige la "
                                   "signature des demandes de déconnexion", "Profiles 4.4.4.1")
            else:
                if query_string is None:  # rebuild the query as pysaml2 encodes it; foreign encodings need the raw one
                    query_string = _canonical_query(saml_request, relay_state, sig_alg, signature)
                try:
                    verify_redirect(query_string, "SAMLRequest", certs, algorithms=WITH_SHA1)
                except RedirectSignatureError as exc:
                    raise IdpError(f"bad redirect signature: {exc}", f"la signature (SigAlg {sig_alg}) ne se vérifie "
                                   "avec aucune clé de signature des métadonnées de l'ENT, ou cet algorithme n'est pas "
                                   "pris en charge (RSA-SHA256 attendu, RSA-SHA1 toléré)",
                                   "Bindings 3.4.4.1") from exc
                signed_with = sig_alg
        receivers = self._config.endpoint(service, binding, "idp")
        req = request_cls(self._server.sec, receivers, self._config.attribute_converters, timeslack=self._skew)
        try:
            # POST: an enveloped signature, when there is one (required if signature_required), is
            # checked against the SP's metadata keys.
            req = req.loads(xml, binding, origdoc=saml_request,
                            must=(binding == BINDING_HTTP_POST and signature_required))
            ok = req.verify()
        except Exception as exc:
            raise IdpError(f"rejected {request_cls.msgtype}: {exc}", f"demande refusée à la lecture ({exc}) : "
                           "signature XML qui ne se vérifie pas avec les clés des métadonnées de l'ENT, ou message "
                           "non conforme au schéma", "Core 5, Bindings 3.5.5.2") from exc
        if not ok:
            raise IdpError(f"rejected {request_cls.msgtype}: invalid version or IssueInstant",
                           "version SAML ou IssueInstant invalide", "Core 3.2.1")
        msg = req.message
        if msg.issuer.text.strip() != sp:
            raise IdpError("issuer changed while parsing", "l'émetteur (Issuer) de la demande est ambigu", "Core 3.2.1")
        if not msg.destination or msg.destination not in receivers:
            raise IdpError(f"Destination {msg.destination!r} is not this endpoint",
                           f"Destination « {msg.destination} » n'est pas l'adresse d'ÉduConnect qui a reçu la "
                           f"demande ({', '.join(receivers)})", "Bindings 3.4.5.2, 3.5.5.2")
        issued = _epoch(msg.issue_instant, "IssueInstant")
        if not (now() - self._request_max_age - self._skew <= issued <= now() + self._skew):
            raise IdpError("IssueInstant out of the accepted window", f"IssueInstant ({msg.issue_instant}) est hors de "
                           "la fenêtre acceptée : l'horloge de l'ENT est-elle à l'heure ?", "Core 3.2.1")
        if binding == BINDING_HTTP_POST and msg.signature is not None:
            signed_with = msg.signature.signed_info.signature_method.algorithm
        return msg, relay_state, signed_with


CLOCK_SHIFTS = {Alteration.CLOCK_2S_AHEAD: 2, Alteration.CLOCK_30S_AHEAD: 30, Alteration.CLOCK_1MIN_AHEAD: 60,
                Alteration.CLOCK_5MIN_AHEAD: 300, Alteration.ISSUED_2_MINUTES_AGO: -120}


def _shift_times(response: samlp.Response, seconds: int) -> None:
    """Every time the response states, moved by `seconds`: as an IdP whose clock is that far off."""
    def moved(value: str | None) -> str | None:
        return instant(time_stamp=epoch(value) + seconds) if value else value

    assertion = response.assertion
    response.issue_instant = moved(response.issue_instant)
    assertion.issue_instant = moved(assertion.issue_instant)
    if assertion.conditions is not None:
        assertion.conditions.not_before = moved(assertion.conditions.not_before)
        assertion.conditions.not_on_or_after = moved(assertion.conditions.not_on_or_after)
    for confirmation in assertion.subject.subject_confirmation:
        data = confirmation.subject_confirmation_data
        if data is not None:
            data.not_before = moved(data.not_before)
            data.not_on_or_after = moved(data.not_on_or_after)
    for statement in assertion.authn_statement:
        statement.authn_instant = moved(statement.authn_instant)
        statement.session_not_on_or_after = moved(statement.session_not_on_or_after)


def _alter(response: samlp.Response, alteration: Alteration) -> None:
    assertion = response.assertion
    conditions = assertion.conditions
    confirmations = [c.subject_confirmation_data for c in assertion.subject.subject_confirmation]
    current = now()
    if alteration is Alteration.WRONG_AUDIENCE:
        for restriction in conditions.audience_restriction:
            for audience in restriction.audience:
                audience.text = ELSEWHERE + "/sp"
    elif alteration in (Alteration.EXPIRED, Alteration.EXPIRED_5_MINUTES_AGO):
        minutes = 10 if alteration is Alteration.EXPIRED else 5
        conditions.not_before = instant(time_stamp=current - 2 * minutes * 60)
        conditions.not_on_or_after = instant(time_stamp=current - minutes * 60)
        for data in confirmations:
            data.not_on_or_after = conditions.not_on_or_after
    elif alteration is Alteration.NOT_YET_VALID:
        conditions.not_before = instant(time_stamp=current + 10 * 60)
        conditions.not_on_or_after = instant(time_stamp=current + 15 * 60)
    elif alteration is Alteration.WRONG_IN_RESPONSE_TO:
        response.in_response_to = "_" + secrets.token_hex(16)
        for data in confirmations:
            data.in_response_to = response.in_response_to
    elif alteration is Alteration.WRONG_DESTINATION:
        response.destination = ELSEWHERE + "/auth/saml/acs"


def _epoch(instant: str, label: str) -> int:
    try:
        return epoch(instant)
    except Exception as exc:
        raise IdpError(f"unreadable {label}", f"{label} illisible", "Core 1.3.3") from exc


def _canonical_query(saml_request: str, relay_state: str | None, sig_alg: str, signature: str) -> str:
    args = {"SAMLRequest": saml_request}
    if relay_state is not None:
        args["RelayState"] = relay_state
    args["SigAlg"] = sig_alg
    args["Signature"] = signature
    return urlencode(args)
