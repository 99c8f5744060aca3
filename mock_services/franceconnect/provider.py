"""The reference FranceConnect (v2): an OpenID Connect provider, without Flask.

Authorization code flow only, `acr_values=eidas1`, `state` and `nonce`
required and echoed, ES256 signatures (ID token and userinfo), pairwise `sub`,
client authentication `client_secret_post`. Lifetimes follow the real service
and read the virtual clock: code 30 s, access and ID token 60 s, session 1800 s.
Requests are judged as FranceConnect's sources judge them (france-connect/sources,
back/apps/core-fcp and back/instances/core-fcp-low): a malformed request, an
unknown client or redirect_uri get FranceConnect's error page with its code
(ErrorPage), the rest go back to the client's redirect_uri with error,
error_description, state and iss (AuthorizationError).
State lives in memory: the mock keeps no data worth a database.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from urllib.parse import urlsplit

from authlib.oidc.core.util import create_half_hash
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from ..clock import Clock
from ..faults import Faults
from .identities import DEMO_IDENTITIES, FRANCE, GENDERS, NOT_JSON, Identity, invalid_claims

API = "/api/v2"
ACR = "eidas1"
ACR_KNOWN = ("eidas1", "eidas2", "eidas3")  # what is not among them is ignored
AMR = ["fc", "pwd"]  # the demonstration provider's; only when asked for through `claims`
NONCE_MIN_LENGTH = 22
CODE_LIFETIME = timedelta(seconds=30)
TOKEN_LIFETIME = timedelta(seconds=60)
SESSION_LIFETIME = timedelta(seconds=1800)
SIGNING_ALG = "ES256"

# the accounts people already have; all of them lead to the demonstration login page
PROVIDERS = {
    "impots-gouv": "impots.gouv.fr",
    "ameli": "ameli.fr",
    "identite-numerique-la-poste": "l'Identité Numérique La Poste",
    "msa": "MSA",
    "alicem": "Alicem",
    "demonstration": "Démonstration",
}

CLAIMS = ("given_name", "given_name_array", "family_name", "birthdate", "gender", "birthplace", "birthcountry",
          "email", "preferred_username", "idp_birthdate", "idp_id")
# back/libs/scopes/src/data/fcp-low/fcp-low.scopes.ts; a scope not here is ignored
SCOPES = {
    "openid": (),
    **{claim: (claim,) for claim in CLAIMS if claim != "given_name_array"},
    "given_name": ("given_name", "given_name_array"),
    "profile": ("given_name", "given_name_array", "family_name", "birthdate", "gender", "preferred_username"),
    "birth": ("birthplace", "birthcountry"),
    "identite_pivot": ("given_name", "given_name_array", "family_name", "birthdate", "gender", "birthplace",
                       "birthcountry"),
}
PROMPTS = {"login", "consent"}  # « none », « select_account » or an empty prompt: error page Y030007
# FranceConnect's error page: its codes and what it says (back/_doc/erreurs.md)
TECHNICAL = "Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous."
SP_COMMUNICATION = ("Une erreur de communication avec le fournisseur de service est survenue. "
                    "Veuillez réessayer ultérieurement.")
# what « Revenir sur … » sends (back-button.ejs; the error page's exception gives server_error)
BACK_TO_SERVICE = {
    "access_denied": "User auth aborted",
    "server_error": "authentication aborted due to a technical error on the authorization server",
}
TAMPERINGS = {
    "nonce": "the ID token carries another nonce than the one asked for",
    "state": "the callback carries another state than the one sent",
    "cle": "the ID token and userinfo are signed with a key that is not in the JWKS",
}


class OidcError(Exception):
    """An error answered to the caller directly (no redirect): a bad client,
    a bad redirect_uri, a bad token request."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.error, self.description, self.status = error, description, status

    def as_json(self) -> dict:
        return {"error": self.error, "error_description": self.description}


class ErrorPage(Exception):
    """FranceConnect's own error page (« Une erreur s’est produite », « Erreur Y030007 »):
    nothing goes back to the client, unless the person clicks « Revenir sur … » (screens.py)."""

    def __init__(self, code: str | None, message: str = TECHNICAL, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


class AuthorizationError(OidcError):
    """An authorization error sent back to the client's redirect_uri (303)."""

    def __init__(self, error: str, description: str, url: str) -> None:
        super().__init__(error, description)
        self.url = url


def _with_query(url: str, params: dict) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    name: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...]
    scopes: frozenset[str] = frozenset(SCOPES)  # what it may ask for (« habilitations »)
    claims: frozenset[str] = frozenset({"amr"})  # what it may ask for through `claims`


@dataclass(frozen=True)
class AuthRequest:
    client_id: str
    redirect_uri: str
    state: str
    nonce: str
    scopes: tuple[str, ...]
    prompt: tuple[str, ...] = ()
    idp_hint: str | None = None
    claims: dict | None = None

    @property
    def wants_amr(self) -> bool:
        return "amr" in ((self.claims or {}).get("id_token") or {})


@dataclass
class FcSession:
    sid: str
    login: str
    provider: str
    auth_time: datetime
    clients: set[str] = field(default_factory=set)


@dataclass
class _Interaction:
    request: AuthRequest
    created_at: datetime
    sid: str | None = None  # the FranceConnect session once the person is known (confirmation page)


@dataclass
class _Code:
    request: AuthRequest
    sid: str
    issued_at: datetime
    used: bool = False
    access_token: str | None = None  # revoked if the code is presented again


@dataclass
class _AccessToken:
    client_id: str
    sid: str
    login: str
    provider: str
    scopes: tuple[str, ...]
    issued_at: datetime


class FranceConnect:
    def __init__(self, base_url: str, clock: Clock, faults: Faults | None = None, slow_seconds: float = 10.0) -> None:
        self.base_url, self.clock, self.slow_seconds = base_url, clock, slow_seconds
        self.faults = faults if faults is not None else Faults()
        self.issuer = base_url + API
        self._key = ECKey.generate_key("P-256", auto_kid=True)
        # same kid, not published: what a leaked or rotated-out key looks like
        self._rogue_key = ECKey.generate_key("P-256", parameters={"kid": self._key.kid})
        self._secret = secrets.token_bytes(32)
        self._lock = threading.RLock()
        self._clients: dict[str, Client] = {}
        self._identities: dict[str, Identity] = {i.login: i for i in DEMO_IDENTITIES}
        self._interactions: dict[str, _Interaction] = {}
        self._sessions: dict[str, FcSession] = {}
        self._codes: dict[str, _Code] = {}
        self._tokens: dict[str, _AccessToken] = {}
        self._tampers: dict[str, set[str]] = {}
        self._release = threading.Event()

    # -- registries (Python API for the stack, steps and tests) ---------------
    def register_client(self, name: str, redirect_uris: list[str], post_logout_redirect_uris: list[str],
                        client_id: str | None = None, client_secret: str | None = None,
                        scopes: list[str] | None = None, claims: list[str] | None = None) -> Client:
        """A service provider, as FranceConnect's partners' portal registers one; `scopes`:
        those it may ask for (all by default); `claims`: those it may ask for through the
        `claims` parameter (["amr"] by default)."""
        unknown = set(scopes or ()) - set(SCOPES)
        if unknown:
            raise ValueError(f"scopes : inconnus : {', '.join(sorted(unknown))}")
        if not redirect_uris or not all(_is_url(uri) for uri in [*redirect_uris, *post_logout_redirect_uris]):
            raise ValueError("redirect_uris : au moins une URL http(s) ; post_logout_redirect_uris : des URL")
        client = Client(client_id or secrets.token_hex(32), client_secret or secrets.token_hex(32), name,
                        tuple(redirect_uris), tuple(post_logout_redirect_uris),
                        frozenset(scopes) if scopes is not None else frozenset(SCOPES),
                        frozenset(claims) if claims is not None else frozenset({"amr"}))
        with self._lock:
            self._clients[client.client_id] = client
        return client

    def client(self, client_id: str) -> Client | None:
        with self._lock:
            return self._clients.get(client_id)

    def add_identity(self, given_name: str, family_name: str, birthdate: str, gender: str,
                     birthplace: str = "75056", birthcountry: str = FRANCE, email: str | None = None,
                     preferred_username: str = "", login: str | None = None, password: str | None = None) -> Identity:
        """A person at the demonstration identity provider; the login is unique unless given."""
        if gender not in GENDERS:
            raise ValueError("gender : « male », « female » ou « unspecified » attendu")
        datetime.strptime(birthdate, "%Y-%m-%d")  # raises on a bad date
        if not given_name.strip() or not family_name.strip():
            raise ValueError("given_name et family_name sont obligatoires")
        with self._lock:
            login = login or f"fc-{secrets.token_hex(4)}"
            if login in self._identities:
                raise ValueError(f"login : « {login} » existe déjà")
            stem = _ascii(f"{given_name.split()[0]}.{family_name}").lower().replace(" ", "")
            identity = Identity(login, password or secrets.token_urlsafe(9), given_name, family_name, birthdate,
                                gender, birthplace, birthcountry, email or f"{stem}.{login}@exemple.test",
                                preferred_username)
            self._identities[login] = identity
            return identity

    def identity(self, login: str) -> Identity | None:
        with self._lock:
            return self._identities.get(login)

    def tamper(self, login: str, what: str) -> None:
        """The next login of `login` misbehaves as TAMPERINGS[what] says (conformance checks)."""
        if what not in TAMPERINGS:
            raise ValueError(f"what : « {what} » inconnu ; attendu : {', '.join(sorted(TAMPERINGS))}")
        with self._lock:
            self._tampers.setdefault(login, set()).add(what)

    def _take_tamper(self, login: str, what: str) -> bool:
        with self._lock:
            found = what in self._tampers.get(login, set())
            self._tampers.get(login, set()).discard(what)
            return found

    def sub_for(self, identity: Identity, client_id: str) -> str:
        """Pairwise: the same person gets a different `sub` at each client."""
        digest = hmac.new(self._secret, f"{identity.pivot}\0{client_id}".encode(), hashlib.sha256).hexdigest()
        return digest + "v1"

    def release_slow(self) -> None:
        self._release.set()

    shutdown = release_slow

    # -- discovery ----------------------------------------------------------------
    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "userinfo_endpoint": self.issuer + "/userinfo",
            "end_session_endpoint": self.issuer + "/session/end",
            "jwks_uri": self.issuer + "/jwks",
            "scopes_supported": sorted(SCOPES),
            "claims_supported": ["sub", *CLAIMS, "amr", "acr", "sid", "auth_time", "at_hash"],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "authorization_response_iss_parameter_supported": True,
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "acr_values_supported": [ACR],
            "id_token_signing_alg_values_supported": [SIGNING_ALG],
            "userinfo_signing_alg_values_supported": [SIGNING_ALG],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "claims_parameter_supported": True,
            "request_parameter_supported": False,
            "prompt_values_supported": sorted(PROMPTS),
        }

    def jwks(self) -> dict:
        keys = KeySet([self._key]).as_dict(private=False)
        for key in keys["keys"]:
            key.update(use="sig", alg=SIGNING_ALG)
        return keys

    # -- authorization -------------------------------------------------------------
    def _redirect(self, redirect_uri: str, params: dict, fragment: bool = False) -> str:
        """The way back to the client: every answer carries `iss` (RFC 9207)."""
        params = {**{k: v for k, v in params.items() if v is not None}, "iss": self.issuer}
        return f"{redirect_uri}#{urlencode(params)}" if fragment else _with_query(redirect_uri, params)

    def error_redirect(self, redirect_uri: str, state: str | None, error: str, description: str,
                       fragment: bool = False) -> str:
        return self._redirect(redirect_uri, {"error": error, "error_description": description, "state": state},
                              fragment)

    def parse_authorization(self, params) -> AuthRequest:
        # the parameters' form (AuthorizeParamsDto): FranceConnect's error page Y030007
        required = ("client_id", "acr_values", "response_type", "nonce", "state", "redirect_uri", "scope")
        prompt = params.get("prompt")
        if (any(params.get(name) is None for name in required) or not params["client_id"]
                or len(params["nonce"]) < NONCE_MIN_LENGTH or not _is_url(params["redirect_uri"])
                or (prompt is not None and not (prompt.split() and set(prompt.split()) <= PROMPTS))):
            raise ErrorPage("Y030007")
        client = self.client(params["client_id"])
        if client is None:
            raise ErrorPage("Y04EA6EF", SP_COMMUNICATION)
        redirect_uri, state = params["redirect_uri"], params["state"]
        if redirect_uri not in client.redirect_uris:
            raise ErrorPage("Y04C013C", SP_COMMUNICATION)

        def refuse(error: str, description: str, fragment: bool = False):
            raise AuthorizationError(error, description,
                                     self.error_redirect(redirect_uri, state, error, description, fragment))

        response_type = params["response_type"].split()
        if not response_type:
            refuse("invalid_request", "missing required parameter 'response_type'")
        if response_type != ["code"]:
            refuse("unsupported_response_type", "unsupported response_type requested",
                   fragment=bool({"token", "id_token"} & set(response_type)))
        asked = params["scope"].split()
        if "openid" not in asked:
            refuse("invalid_request", "openid scope must be requested when using the acr_values parameter")
        scopes = tuple(dict.fromkeys(s for s in asked if s in SCOPES))  # unknown scopes are ignored
        if not set(scopes) <= client.scopes:
            refuse("invalid_scope", "requested scope is not allowed")
        acr = [value for value in params["acr_values"].split() if value in ACR_KNOWN]
        if acr and ACR not in acr:
            refuse("invalid_acr", f"acr_value is not valid, should be equal one of these values, expected {ACR}, "
                                  f"got {acr[0]}")
        claims = None
        if params.get("claims"):
            try:
                claims = json.loads(params["claims"])
            except ValueError:
                refuse("invalid_request", "could not parse the claims parameter JSON")
            if not isinstance(claims, dict):
                refuse("invalid_request", "claims parameter should be a JSON object")
        request = AuthRequest(client.client_id, redirect_uri, state, params["nonce"], scopes,
                              tuple((prompt or "").split()), params.get("idp_hint"), claims)
        if request.wants_amr and "amr" not in client.claims:
            raise ErrorPage("Y100009")
        return request

    def check_idp_hint(self, request: AuthRequest) -> None:
        """An idp_hint FranceConnect does not allow goes back as invalid_idp_hint (ignored in SSO)."""
        if request.idp_hint is not None and request.idp_hint not in PROVIDERS:
            error, description = "invalid_idp_hint", "An idp_hint was provided but is not allowed"
            raise AuthorizationError(error, description,
                                     self.error_redirect(request.redirect_uri, request.state, error, description))

    def start_interaction(self, request: AuthRequest) -> str:
        uid = secrets.token_urlsafe(16)
        with self._lock:
            self._interactions[uid] = _Interaction(request, self.clock.now())
        return uid

    def interaction(self, uid: str | None) -> AuthRequest | None:
        with self._lock:
            found = self._interactions.get(uid or "")
            if found is None:
                return None
            if found.created_at + SESSION_LIFETIME <= self.clock.now():
                del self._interactions[uid]
                return None
            return found.request

    def authenticated(self, uid: str, sid: str) -> None:
        """The person is known: the interaction waits for the confirmation (« Continuer sur … »)."""
        with self._lock:
            if uid in self._interactions:
                self._interactions[uid].sid = sid

    def confirming(self, uid: str | None, sid: str | None) -> AuthRequest | None:
        """The request `sid`'s person may confirm, or None."""
        request = self.interaction(uid)
        with self._lock:
            found = self._interactions.get(uid or "")
        if request is None or found.sid is None or found.sid != sid or self.live_session(sid) is None:
            return None
        return request

    def end_interaction(self, uid: str) -> None:
        with self._lock:
            self._interactions.pop(uid, None)

    @staticmethod
    def fails_at_once(identity: Identity) -> bool:
        """The fault logins whose error goes back to the service without a confirmation page."""
        return identity.fault in ("erreur-500", "erreur-503")

    @staticmethod
    def identity_refused(identity: Identity) -> bool:
        """What the identity provider sent does not pass FranceConnect's checks (error page Y600006)."""
        return bool(invalid_claims(identity))

    def authenticate(self, login: str, password: str) -> Identity | None:
        identity = self.identity(login.strip())
        if identity is None or not hmac.compare_digest(identity.password.encode(), password.encode()):
            return None
        return identity

    def open_session(self, identity: Identity, provider: str) -> str:
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[sid] = FcSession(sid, identity.login, provider, self.clock.now())
        return sid

    def live_session(self, sid: str | None) -> FcSession | None:
        with self._lock:
            found = self._sessions.get(sid or "")
            if found is None:
                return None
            if found.auth_time + SESSION_LIFETIME <= self.clock.now():
                del self._sessions[sid]
                return None
            return found

    def end_session_by_sid(self, sid: str | None) -> None:
        with self._lock:
            self._sessions.pop(sid or "", None)
            for token in [t for t, v in self._tokens.items() if v.sid == sid]:
                del self._tokens[token]

    def finish(self, request: AuthRequest, sid: str) -> str:
        """Where the browser goes once the person is known: the client's redirect_uri
        with a code, or with an error for the identities that inject one."""
        fc_session = self.live_session(sid)
        if fc_session is None:
            return self.error_redirect(request.redirect_uri, request.state, "access_denied", "session expirée")
        identity = self.identity(fc_session.login)
        if identity.fault in ("erreur-500", "erreur-503"):
            self.end_session_by_sid(sid)  # nothing to sign in again with
        if identity.fault == "erreur-500":
            return self.back_to_service(request.redirect_uri, request.state, "server_error")
        if identity.fault == "erreur-503":
            return self.error_redirect(request.redirect_uri, request.state, "temporarily_unavailable",
                                       "the identity provider is temporarily unavailable")
        code = secrets.token_urlsafe(32)
        with self._lock:
            fc_session.clients.add(request.client_id)
            self._codes[code] = _Code(request, sid, self.clock.now())
        state = request.state
        if self._take_tamper(identity.login, "state"):
            state = secrets.token_urlsafe(32)
        return self._redirect(request.redirect_uri, {"code": code, "state": state})

    def back_to_service(self, redirect_uri: str, state: str | None, error: str) -> str:
        """« Revenir sur … » (back-button.ejs): `access_denied` from the chooser, or the error
        of FranceConnect's error page."""
        description = BACK_TO_SERVICE[error]
        if error == "access_denied" and "franceconnect-retour-description-ancienne" in self.faults:
            description = "user authentication aborted"
        return self.error_redirect(redirect_uri, state, error, description)

    # -- back channel ----------------------------------------------------------------
    def _authenticate_client(self, form) -> Client:
        client = self.client(form.get("client_id") or "")
        if client is None or not hmac.compare_digest(client.client_secret.encode(),
                                                     (form.get("client_secret") or "").encode()):
            raise OidcError("invalid_client", "client authentication failed", 401)
        return client

    def exchange(self, form) -> dict:
        """POST /token: the code for an access token and an ID token."""
        client = self._authenticate_client(form)
        if form.get("grant_type") != "authorization_code":
            raise OidcError("unsupported_grant_type", "unsupported grant_type requested")
        now = self.clock.now()
        with self._lock:
            code = self._codes.get(form.get("code") or "")
            if code is None or code.request.client_id != client.client_id:
                raise OidcError("invalid_grant", "grant request is invalid (authorization code not found)")
            if code.used and "franceconnect-code-reutilisable" not in self.faults:  # presented again: what it gave is revoked too
                self._tokens.pop(code.access_token or "", None)
                raise OidcError("invalid_grant", "grant request is invalid (authorization code already consumed)")
            code.used = True  # single use, whatever happens next
            if code.issued_at + CODE_LIFETIME <= now:
                raise OidcError("invalid_grant", "grant request is invalid (authorization code is expired)")
            if form.get("redirect_uri") != code.request.redirect_uri:
                raise OidcError("invalid_grant", "grant request is invalid (authorization code redirect_uri mismatch)")
            fc_session = self._sessions.get(code.sid)
            if fc_session is None:
                raise OidcError("invalid_grant", "grant request is invalid (session ended)")
            identity = self._identities[fc_session.login]
        if identity.fault == "lent":
            self._release.wait(self.slow_seconds)
        request = code.request
        access_token = secrets.token_urlsafe(32)
        with self._lock:
            code.access_token = access_token
            self._tokens[access_token] = _AccessToken(client.client_id, code.sid, identity.login, fc_session.provider,
                                                      request.scopes, now)
        claims = {"iss": self.issuer, "sub": self.sub_for(identity, client.client_id), "aud": client.client_id,
                  "exp": _epoch(now + TOKEN_LIFETIME), "iat": _epoch(now), "auth_time": _epoch(fc_session.auth_time),
                  "nonce": request.nonce, "acr": ACR, "sid": code.sid,
                  "at_hash": create_half_hash(access_token, SIGNING_ALG).decode()}
        if request.wants_amr:
            claims["amr"] = AMR
        if identity.fault == "sans-sub":
            del claims["sub"]
        if self._take_tamper(identity.login, "nonce"):
            claims["nonce"] = secrets.token_urlsafe(24)
        rogue = self._take_tamper(identity.login, "cle")
        with self._lock:
            if rogue:
                self._tampers.setdefault(identity.login, set()).add("cle-userinfo")
        return {"access_token": access_token, "token_type": "Bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds()),
                "id_token": self._sign(claims, rogue)}

    def userinfo(self, authorization: str | None, body_token: str | None = None, query_token: str | None = None) -> str:
        """GET or POST /userinfo: the claims the scopes allow, as a signed JWT. The access
        token comes in the Authorization header, a form field or the query (RFC 6750), once."""
        scheme, _, header_token = (authorization or "").partition(" ")
        header_token = header_token.strip() if scheme.lower() == "bearer" else ""
        sent = [t for t in (header_token, body_token, query_token) if t]
        if len(sent) > 1:
            raise OidcError("invalid_request", "access token must only be provided using one mechanism")
        if not sent:
            raise OidcError("invalid_token", "no access token provided", 401)
        now = self.clock.now()
        with self._lock:
            found = self._tokens.get(sent[0])
            if found is None or found.issued_at + TOKEN_LIFETIME <= now:
                raise OidcError("invalid_token", "invalid token provided", 401)
            identity = self._identities[found.login]
        if identity.fault == "erreur-401":
            raise OidcError("invalid_token", "invalid token provided", 401)
        if identity.fault == "erreur-502":
            raise OidcError("server_error", "bad gateway", 502)
        if identity.fault == "reponse-non-json":
            return NOT_JSON
        claims = {"iss": self.issuer, "aud": found.client_id, "iat": _epoch(now),
                  "exp": _epoch(now + TOKEN_LIFETIME), "sub": self.sub_for(identity, found.client_id)}
        if identity.fault == "sans-sub":
            del claims["sub"]
        values = {**{claim: getattr(identity, claim, None) for claim in CLAIMS}, "given_name_array": identity.given_names,
                  "birthdate": identity.fc_birthdate, "idp_birthdate": identity.birthdate, "idp_id": found.provider}
        for scope in found.scopes:
            for claim in SCOPES[scope]:
                if claim != "preferred_username" or values[claim]:
                    claims[claim] = values[claim]
        return self._sign(claims, self._take_tamper(identity.login, "cle-userinfo"))

    def end_session(self, params, browser_sid: str | None) -> str:
        """GET or POST /session/end: ends the FranceConnect session. Only id_token_hint is
        required; back to post_logout_redirect_uri (with state when sent), or to
        FranceConnect's own « vous êtes bien déconnecté » page without one."""
        hint, state, target = (params.get("id_token_hint"), params.get("state"),
                               params.get("post_logout_redirect_uri"))
        if not hint:
            raise ErrorPage(None)
        try:
            claims = jwt.decode(hint, self._key, algorithms=[SIGNING_ALG]).claims  # expired hints are fine
        except (JoseError, ValueError) as err:
            raise ErrorPage("Y045AFAE") from err  # could not validate id_token_hint
        client = self.client(claims.get("aud") or "")
        if client is None:
            raise ErrorPage("Y0429C91")  # unrecognized id_token_hint audience
        if params.get("client_id") not in (None, client.client_id):
            raise ErrorPage("Y0467882")  # client_id does not match the provided id_token_hint
        if target is not None and target not in client.post_logout_redirect_uris:
            raise ErrorPage("Y04CFAEF")  # post_logout_redirect_uri not registered
        self.end_session_by_sid(claims.get("sid"))
        if browser_sid and browser_sid != claims.get("sid"):
            self.end_session_by_sid(browser_sid)
        if target is None:
            return self.issuer + "/session/end/success"
        return _with_query(target, {"state": state}) if state else target

    def _sign(self, claims: dict, rogue: bool = False) -> str:
        rogue = rogue or "franceconnect-mauvaise-cle" in self.faults
        key = self._rogue_key if rogue else self._key
        return jwt.encode({"alg": SIGNING_ALG, "kid": self._key.kid, "typ": "JWT"}, claims, key)


def _is_url(value: str) -> bool:
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

