"""ÉduConnect as FranceConnect's client (OpenID Connect relying party), without Flask.

The browser goes to FranceConnect's public URLs; the back channel (token,
userinfo, JWKS) uses the loopback ones. The ID token's signature (JWKS), iss,
aud, exp and iat are checked against the virtual clock, and its nonce against
the one the browser's session holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ...clock import Clock
from ...faults import Faults

SCOPE = "openid given_name family_name birthdate gender birthplace birthcountry email preferred_username"
ACR = "eidas1"


class FcError(Exception):
    """The FranceConnect login did not give a trustworthy identity. `reason`:
    cancelled, provider-error, unavailable, invalid."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class FcConfig:
    issuer: str  # FranceConnect's public base + /api/v2: what the browser sees and `iss` says
    backchannel: str  # the same API on loopback, for Python
    client_id: str
    client_secret: str
    redirect_uri: str
    post_logout_redirect_uri: str
    info_url: str = ""  # « Qu'est ce que FranceConnect ? »
    timeout: float = 3.0


@dataclass(frozen=True)
class FcIdentity:
    sub: str
    given_name: str
    family_name: str
    preferred_username: str
    birthdate: str
    id_token: str  # kept for logout (id_token_hint)
    given_names: tuple[str, ...] = ()  # given_name_array: « Jean Philippe » may be one first name

    @property
    def first_given_name(self) -> str:
        return (self.given_names or tuple(self.given_name.split()) or ("",))[0]


class FranceConnectClient:
    def __init__(self, config: FcConfig, clock: Clock, faults: Faults | None = None) -> None:
        self.config, self.clock = config, clock
        self.faults = faults if faults is not None else Faults()

    def authorization_url(self, state: str, nonce: str) -> str:
        c = self.config
        return c.issuer + "/authorize?" + urlencode({
            "response_type": "code", "client_id": c.client_id, "redirect_uri": c.redirect_uri, "scope": SCOPE,
            "state": state, "nonce": nonce, "acr_values": ACR})

    def logout_url(self, id_token: str, state: str) -> str:
        c = self.config
        return c.issuer + "/session/end?" + urlencode({
            "id_token_hint": id_token, "state": state, "post_logout_redirect_uri": c.post_logout_redirect_uri})

    def identity(self, code: str, nonce: str) -> FcIdentity:
        """The code for tokens, the ID token and userinfo checked: who logged in."""
        c = self.config
        tokens = self._call("post", "/token", data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": c.redirect_uri,
            "client_id": c.client_id, "client_secret": c.client_secret})
        body = _json(tokens)
        if body.get("token_type", "").lower() != "bearer" or not body.get("access_token") or not body.get("id_token"):
            raise FcError("invalid", "token response incomplete")
        keys = self._keys()
        id_claims = self.verify(body["id_token"], keys, nonce)
        info = self._call("get", "/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"})
        if info.headers.get("Content-Type", "").split(";")[0].strip() != "application/jwt":
            raise FcError("invalid", "userinfo is not a signed JWT")
        claims = self.verify(info.text, keys, nonce=None)
        if claims.get("sub") != id_claims["sub"]:
            raise FcError("invalid", "userinfo sub differs from the ID token's")
        if not claims.get("family_name") or not claims.get("given_name"):
            raise FcError("invalid", "userinfo without names")
        names = claims.get("given_name_array")
        given_names = tuple(names) if isinstance(names, list) and all(isinstance(n, str) for n in names) else ()
        return FcIdentity(id_claims["sub"], claims["given_name"], claims["family_name"],
                          claims.get("preferred_username") or "", claims.get("birthdate") or "", body["id_token"],
                          given_names)

    def verify(self, token: str, keys: KeySet, nonce: str | None) -> dict:
        """Signature (ES256, a key of the JWKS), iss, aud, exp, iat, sub; for an ID token also nonce and acr."""
        try:
            claims = jwt.decode(token, keys, algorithms=["ES256"]).claims
        except (JoseError, ValueError) as err:
            raise FcError("invalid", f"bad signature or token: {err}") from err
        rules = {"iss": {"essential": True, "value": self.config.issuer},
                 "aud": {"essential": True, "value": self.config.client_id},
                 "sub": {"essential": True}, "iat": {"essential": True}}
        if nonce is not None:  # an ID token
            rules |= {"exp": {"essential": True}, "acr": {"essential": True, "value": ACR}}
            if "franceconnect-nonce-ignore" not in self.faults:
                rules["nonce"] = {"essential": True, "value": nonce}
        try:
            jwt.JWTClaimsRegistry(now=lambda: int(self.clock.now().timestamp()), leeway=0, **rules).validate(claims)
        except JoseError as err:
            raise FcError("invalid", f"claims refused: {err}") from err
        return claims

    def _keys(self) -> KeySet:
        try:
            return KeySet.import_key_set(_json(self._call("get", "/jwks")))
        except (JoseError, ValueError, TypeError) as err:
            raise FcError("invalid", f"unusable JWKS: {err}") from err

    def _call(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            answer = requests.request(method, self.config.backchannel + path, timeout=self.config.timeout, **kwargs)
        except requests.Timeout as err:
            raise FcError("unavailable", f"{path}: no answer within {self.config.timeout:g} s") from err
        except requests.RequestException as err:
            raise FcError("unavailable", f"{path}: {err}") from err
        if answer.status_code >= 500:
            raise FcError("unavailable", f"{path}: HTTP {answer.status_code}")
        if answer.status_code != 200:
            raise FcError("provider-error", f"{path}: HTTP {answer.status_code} {answer.text[:200]}")
        return answer


def _json(answer: requests.Response) -> dict:
    try:
        body = answer.json()
    except ValueError as err:
        raise FcError("invalid", "answer is not JSON") from err
    if not isinstance(body, dict):
        raise FcError("invalid", "answer is not a JSON object")
    return body


CALLBACK = "/franceconnect/retour"
LOGOUT_CALLBACK = "/franceconnect/deconnexion"


def register_with(franceconnect, educonnect_url: str, franceconnect_loopback_url: str) -> FcConfig:
    """Registers ÉduConnect with the reference FranceConnect, as FranceConnect's
    partners' portal would: exact redirect URIs, a client id and secret."""
    client = franceconnect.register_client("ÉduConnect", [educonnect_url + CALLBACK], [educonnect_url + LOGOUT_CALLBACK])
    return FcConfig(franceconnect.issuer, franceconnect_loopback_url + franceconnect.issuer[len(franceconnect.base_url):],
                    client.client_id, client.client_secret, educonnect_url + CALLBACK, educonnect_url + LOGOUT_CALLBACK,
                    info_url=franceconnect.base_url + "/")
