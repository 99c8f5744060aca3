"""POST /api/v2/_clients: registering a service provider over HTTP, as FranceConnect's
partners' portal would (the real one has no such endpoint). Loopback only (the
caller's address and the Host it names), JSON only, so that no web page can call it."""
from __future__ import annotations

from ipaddress import ip_address

from flask import Flask, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .provider import API, FranceConnect


class ClientRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    redirect_uris: list[str] = Field(min_length=1)
    post_logout_redirect_uris: list[str] = []
    scopes: list[str] | None = None  # what it may ask for; all by default
    claims: list[str] | None = None  # what it may ask for through `claims`; ["amr"] by default
    client_id: str | None = Field(default=None, min_length=1, max_length=200)
    client_secret: str | None = Field(default=None, min_length=16, max_length=200)


def _loopback() -> bool:
    try:
        if not ip_address(request.remote_addr or "").is_loopback:
            return False
    except ValueError:
        return False
    host = (request.host or "").rsplit(":", 1)[0].strip("[]").lower()
    return host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")


def add_registration(app: Flask, fc: FranceConnect) -> None:
    @app.post(API + "/_clients", endpoint="register_client")
    def register_client():
        if not _loopback():
            return jsonify(erreur="réservé à la boucle locale (127.0.0.1, *.localhost)"), 403
        if not request.is_json:
            return jsonify(erreur="corps JSON attendu (Content-Type: application/json)"), 415
        try:
            asked = ClientRegistration.model_validate(request.get_json(silent=True))
        except ValidationError as err:
            return jsonify(erreur="demande invalide", details=err.errors(include_url=False, include_context=False)), 400
        if asked.client_id is not None and fc.client(asked.client_id) is not None:
            return jsonify(erreur=f"client_id : « {asked.client_id} » existe déjà"), 409
        try:
            client = fc.register_client(**asked.model_dump())
        except ValueError as err:
            return jsonify(erreur=str(err)), 400
        return jsonify(client_id=client.client_id, client_secret=client.client_secret, name=client.name,
                       redirect_uris=list(client.redirect_uris),
                       post_logout_redirect_uris=list(client.post_logout_redirect_uris),
                       scopes=sorted(client.scopes), claims=sorted(client.claims),
                       token_endpoint_auth_method="client_secret_post",
                       discovery=fc.issuer + "/.well-known/openid-configuration"), 201
