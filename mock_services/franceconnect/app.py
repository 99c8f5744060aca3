"""FranceConnect's routes: the OpenID Connect endpoints under /api/v2, the
provider chooser and the demonstration identity provider's login page."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, session, url_for

from ..web.app import create_app
from .provider import API, PROVIDERS, AuthorizationError, ErrorPage, FranceConnect, OidcError
from .registration import add_registration

SESSION_EXPIRED = "Votre demande de connexion a expiré. Veuillez retourner sur le site du service et recommencer."
LOGGED_OUT = "Vous êtes bien déconnecté, vous pouvez fermer votre navigateur."


def create_franceconnect_app(fc: FranceConnect) -> Flask:
    app = create_app(__name__, Path(__file__).parent / "templates", "franceconnect_session", "FranceConnect",
                     # what relying parties call, no FranceConnect form behind them (OIDC Core 5.3.1,
                     # RP-Initiated Logout), and the registration, which takes JSON from loopback only
                     csrf_exempt={"authorize", "token", "userinfo", "end_session", "register_client"})
    add_registration(app, fc)

    def error_page(err: ErrorPage):
        """FranceConnect's own error page: its code, its message, no way back to the service."""
        return render_template("erreur_technique.html", code=err.code, message=err.message), err.status

    @app.get("/")
    def about():
        return render_template("a_propos.html", services=1000 if "franceconnect-texte-ancien" in fc.faults else 1400)

    @app.get(API + "/.well-known/openid-configuration")
    def discovery():
        return jsonify(fc.discovery())

    @app.get(API + "/jwks")
    def jwks():
        return jsonify(fc.jwks())

    @app.route(API + "/authorize", methods=["GET", "POST"], endpoint="authorize")
    def authorize():
        params = request.values
        try:
            auth = fc.parse_authorization(params)
        except AuthorizationError as err:
            return redirect(err.url, 303)
        except ErrorPage as err:
            return error_page(err)
        sid = session.get("sid")
        if fc.live_session(sid) and "login" not in auth.prompt:
            return redirect(fc.finish(auth, sid))  # single sign-on within the 30-minute session (idp_hint ignored)
        try:
            fc.check_idp_hint(auth)
        except AuthorizationError as err:
            return redirect(err.url, 303)
        uid = fc.start_interaction(auth)
        session["interaction"] = uid
        if auth.idp_hint:
            return redirect(url_for("provider_login", uid=uid, provider=auth.idp_hint))
        return redirect(url_for("chooser", uid=uid))

    def current(uid: str):
        """The browser's own pending request, or None."""
        if session.get("interaction") != uid:
            return None
        return fc.interaction(uid)

    @app.get("/interaction/<uid>")
    def chooser(uid: str):
        auth = current(uid)
        if auth is None:
            return render_template("erreur.html", title="Session expirée", text=SESSION_EXPIRED), 400
        return render_template("choix.html", uid=uid, providers=PROVIDERS, client_name=fc.client(auth.client_id).name)

    @app.route("/interaction/<uid>/fournisseur/<provider>", methods=["GET", "POST"])
    def provider_login(uid: str, provider: str):
        if provider not in PROVIDERS:
            abort(404)
        auth = current(uid)
        if auth is None:
            return render_template("erreur.html", title="Session expirée", text=SESSION_EXPIRED), 400
        page = {"uid": uid, "provider": provider, "provider_label": PROVIDERS[provider]}
        if request.method == "GET":
            return render_template("fournisseur.html", **page)
        login = request.form.get("login", "")
        identity = fc.authenticate(login, request.form.get("password", ""))
        if identity is None:
            return render_template("fournisseur.html", **page, login=login,
                                   error="Identifiant ou mot de passe incorrect."), 401
        fc.end_interaction(uid)
        if fc.identity_refused(identity):
            return error_page(ErrorPage("Y600006"))
        session.clear()  # a fresh session on login (no fixation)
        sid = fc.open_session(identity, provider)
        session["sid"] = sid
        return redirect(fc.finish(auth, sid))

    @app.post("/interaction/<uid>/annuler")
    def cancel(uid: str):
        auth = current(uid)
        if auth is None:
            return render_template("erreur.html", title="Session expirée", text=SESSION_EXPIRED), 400
        fc.end_interaction(uid)
        session.pop("interaction", None)
        return redirect(fc.cancel(auth))

    @app.post(API + "/token", endpoint="token")
    def token():
        try:
            body = fc.exchange(request.form)
        except OidcError as err:
            return jsonify(err.as_json()), err.status, {"Cache-Control": "no-store"}
        return jsonify(body), 200, {"Cache-Control": "no-store", "Pragma": "no-cache"}

    @app.route(API + "/userinfo", methods=["GET", "POST"], endpoint="userinfo")
    def userinfo():
        body_token = request.form.get("access_token") if request.method == "POST" else None
        try:
            signed = fc.userinfo(request.headers.get("Authorization"), body_token, request.args.get("access_token"))
        except OidcError as err:
            headers = ({"WWW-Authenticate": f'Bearer realm="{fc.issuer}", error="{err.error}", '
                                            f'error_description="{err.description}"'} if err.status == 401 else {})
            return jsonify(err.as_json()), err.status, headers
        return Response(signed, mimetype="application/jwt")

    @app.route(API + "/session/end", methods=["GET", "POST"], endpoint="end_session")
    def end_session():
        try:
            target = fc.end_session(request.values, session.get("sid"))
        except ErrorPage as err:
            return error_page(err)
        session.clear()
        return redirect(target, 303)

    @app.get(API + "/session/end/success")
    def logged_out():
        return render_template("deconnecte.html", text=LOGGED_OUT)

    return app
