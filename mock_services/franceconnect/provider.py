"""The reference FranceConnect (v2): an OpenID Connect provider, without Flask.

Authorization code flow only, `acr_values=eidas1`, `state` and `nonce`
required and echoed, ES256 signatures (ID token and userinfo), pairwise `sub`,
client authentication `client_secret_post`. Lifetimes follow the real service
and read the virtual clock: code 30 s, access and ID token 60 s, session 1800 s.
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

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from ..clock import Clock
from ..faults import Faults
from .identities import DEMO_IDENTITIES, FRANCE, Identity

API = "/api/v2"
ACR = "eidas1"
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

CLAIMS = ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email",
          "preferred_username")
SCOPES = {
    "openid": (),
    **{claim: (claim,) for claim in CLAIMS},
    "profile": ("given_name", "family_name", "birthdate", "gender", "preferred_username"),
    "birth": ("birthplace", "birthcountry"),
    "identite_pivot": ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry"),
}
PROMPTS = {"login", "consent"}
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


class AuthorizationError(OidcError):
    """An authorization error sent back to the client's redirect_uri."""

    def __init__(self, error: str, description: str, redirect_uri: str, state: str | None) -> None:
        super().__init__(error, description)
        self.url = error_redirect(redirect_uri, state, error, description)


def error_redirect(redirect_uri: str, state: str | None, error: str, description: str) -> str:
    params = {"error": error, "error_description": description}
    if state:
        params["state"] = state
    return _with_query(redirect_uri, params)


def _with_query(url: str, params: dict) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    name: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...]


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


@dataclass
class _Code:
    request: AuthRequest
    sid: str
    issued_at: datetime
    used: bool = False


@dataclass
class _AccessToken:
    client_id: str
    sid: str
    login: str
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
                        client_id: str | None = None, client_secret: str | None = None) -> Client:
        client = Client(client_id or secrets.token_hex(32), client_secret or secrets.token_hex(32), name,
                        tuple(redirect_uris), tuple(post_logout_redirect_uris))
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
        if gender not in ("male", "female"):
            raise ValueError("gender : « male » ou « female » attendu")
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
            "claims_supported": ["sub", *CLAIMS, "amr", "acr", "sid", "auth_time"],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
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
    def check_client(self, client_id: str | None, redirect_uri: str | None) -> Client:
        """Errors here are never redirected: no open redirect to an unregistered URI."""
        client = self.client(client_id or "")
        if client is None:
            raise OidcError("invalid_client", "client_id inconnu")
        if redirect_uri not in client.redirect_uris:
            raise OidcError("invalid_request", "redirect_uri non déclarée pour ce client")
        return client

    def parse_authorization(self, params) -> AuthRequest:
        client = self.check_client(params.get("client_id"), params.get("redirect_uri"))
        redirect_uri, state = params["redirect_uri"], params.get("state") or None

        def refuse(error: str, description: str):
            raise AuthorizationError(error, description, redirect_uri, state)

        if params.get("response_type") != "code":
            refuse("invalid_request", "response_type=code attendu")
        if not state:
            refuse("invalid_request", "state manquant")
        if not params.get("nonce"):
            refuse("invalid_request", "nonce manquant")
        if ACR not in (params.get("acr_values") or "").split():
            refuse("invalid_request", f"acr_values={ACR} attendu")
        scopes = tuple((params.get("scope") or "").split())
        if "openid" not in scopes or any(s not in SCOPES for s in scopes):
            refuse("invalid_scope", "scope invalide : openid obligatoire, scopes inconnus refusés")
        prompt = tuple((params.get("prompt") or "").split())
        if any(p not in PROMPTS for p in prompt):
            refuse("invalid_request", "prompt : login ou consent attendu")
        idp_hint = params.get("idp_hint") or None
        if idp_hint is not None and idp_hint not in PROVIDERS:
            refuse("invalid_request", "idp_hint inconnu")
        claims = None
        if params.get("claims"):
            try:
                claims = json.loads(params["claims"])
            except ValueError:
                claims = None
            if not isinstance(claims, dict):
                refuse("invalid_request", "claims : objet JSON attendu")
        return AuthRequest(client.client_id, redirect_uri, state, params["nonce"], scopes, prompt, idp_hint, claims)

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

    def end_interaction(self, uid: str) -> None:
        with self._lock:
            self._interactions.pop(uid, None)

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
            return error_redirect(request.redirect_uri, request.state, "access_denied", "session expirée")
        identity = self.identity(fc_session.login)
        if identity.fault in ("erreur-500", "erreur-503"):
            self.end_session_by_sid(sid)  # nothing to sign in again with
        if identity.fault == "erreur-500":
            return error_redirect(request.redirect_uri, request.state, "server_error",
                                  "le fournisseur d'identité a rencontré une erreur")
        if identity.fault == "erreur-503":
            return error_redirect(request.redirect_uri, request.state, "temporarily_unavailable",
                                  "le fournisseur d'identité est momentanément indisponible")
        code = secrets.token_urlsafe(32)
        with self._lock:
            fc_session.clients.add(request.client_id)
            self._codes[code] = _Code(request, sid, self.clock.now())
        state = request.state
        if self._take_tamper(identity.login, "state"):
            state = secrets.token_urlsafe(32)
        return _with_query(request.redirect_uri, {"code": code, "state": state})

    def cancel(self, request: AuthRequest) -> str:
        return error_redirect(request.redirect_uri, request.state, "access_denied",
                              "l'usager a annulé sa connexion")

    # -- back channel ----------------------------------------------------------------
    def _authenticate_client(self, form) -> Client:
        client = self.client(form.get("client_id") or "")
        if client is None or not hmac.compare_digest(client.client_secret.encode(),
                                                     (form.get("client_secret") or "").encode()):
            raise OidcError("invalid_client", "authentification du client refusée (client_secret_post)", 401)
        return client

    def exchange(self, form) -> dict:
        """POST /token: the code for an access token and an ID token."""
        client = self._authenticate_client(form)
        if form.get("grant_type") != "authorization_code":
            raise OidcError("unsupported_grant_type", "grant_type=authorization_code attendu")
        now = self.clock.now()
        with self._lock:
            code = self._codes.get(form.get("code") or "")
            if code is None or code.used or code.request.client_id != client.client_id:
                raise OidcError("invalid_grant", "code inconnu ou déjà utilisé")
            code.used = True  # single use, whatever happens next
            if code.issued_at + CODE_LIFETIME <= now:
                raise OidcError("invalid_grant", "code expiré")
            if form.get("redirect_uri") != code.request.redirect_uri:
                raise OidcError("invalid_grant", "redirect_uri différente de celle de la demande")
            fc_session = self._sessions.get(code.sid)
            if fc_session is None:
                raise OidcError("invalid_grant", "session FranceConnect terminée")
            identity = self._identities[fc_session.login]
        if identity.fault == "lent":
            self._release.wait(self.slow_seconds)
        request = code.request
        access_token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[access_token] = _AccessToken(client.client_id, code.sid, identity.login, request.scopes, now)
        claims = {"iss": self.issuer, "sub": self.sub_for(identity, client.client_id), "aud": client.client_id,
                  "exp": _epoch(now + TOKEN_LIFETIME), "iat": _epoch(now), "auth_time": _epoch(fc_session.auth_time),
                  "nonce": request.nonce, "acr": ACR, "amr": ["pwd"], "sid": code.sid}
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

    def userinfo(self, authorization: str | None) -> str:
        """GET /userinfo: the claims the scopes allow, as a signed JWT."""
        token = (authorization or "")[len("Bearer "):] if (authorization or "").startswith("Bearer ") else ""
        now = self.clock.now()
        with self._lock:
            found = self._tokens.get(token)
            if found is None or found.issued_at + TOKEN_LIFETIME <= now:
                raise OidcError("invalid_token", "jeton d'accès inconnu ou expiré", 401)
            identity = self._identities[found.login]
        if identity.fault == "erreur-401":
            raise OidcError("invalid_token", "jeton d'accès refusé par le fournisseur d'identité", 401)
        if identity.fault == "erreur-502":
            raise OidcError("server_error", "le fournisseur d'identité ne répond pas", 502)
        claims = {"iss": self.issuer, "aud": found.client_id, "iat": _epoch(now),
                  "exp": _epoch(now + TOKEN_LIFETIME), "sub": self.sub_for(identity, found.client_id)}
        if identity.fault == "sans-sub":
            del claims["sub"]
        for scope in found.scopes:
            for claim in SCOPES[scope]:
                value = getattr(identity, claim)
                if claim != "preferred_username" or value:
                    claims[claim] = value
        return self._sign(claims, self._take_tamper(identity.login, "cle-userinfo"))

    def end_session(self, params, browser_sid: str | None) -> str:
        """GET /session/end: ends the FranceConnect session, then back to the client."""
        hint, state, target = (params.get("id_token_hint"), params.get("state"),
                               params.get("post_logout_redirect_uri"))
        if not (hint and state and target):
            raise OidcError("invalid_request", "id_token_hint, state et post_logout_redirect_uri sont obligatoires")
        try:
            claims = jwt.decode(hint, self._key, algorithms=[SIGNING_ALG]).claims  # expired hints are fine
        except (JoseError, ValueError) as err:
            raise OidcError("invalid_request", "id_token_hint invalide") from err
        client = self.client(claims.get("aud") or "")
        if client is None or target not in client.post_logout_redirect_uris:
            raise OidcError("invalid_request", "post_logout_redirect_uri non déclarée pour ce client")
        self.end_session_by_sid(claims.get("sid"))
        if browser_sid and browser_sid != claims.get("sid"):
            self.end_session_by_sid(browser_sid)
        return _with_query(target, {"state": state})

    def _sign(self, claims: dict, rogue: bool = False) -> str:
        rogue = rogue or "franceconnect-mauvaise-cle" in self.faults
        key = self._rogue_key if rogue else self._key
        return jwt.encode({"alg": SIGNING_ALG, "kid": self._key.kid, "typ": "JWT"}, claims, key)


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

