"""FranceConnect's routes: the OpenID Connect endpoints under /api/v2, the
provider chooser and the demonstration identity provider's login page."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, session, url_for

from ..web.app import create_app
from .provider import API, PROVIDERS, AuthorizationError, FranceConnect, OidcError

SESSION_EXPIRED = "Votre demande de connexion a expiré. Veuillez retourner sur le site du service et recommencer."


def create_franceconnect_app(fc: FranceConnect) -> Flask:
    app = create_app(__name__, Path(__file__).parent / "templates", "franceconnect_session", "FranceConnect",
                     csrf_exempt={"authorize", "token"})

    def refused(err: OidcError):
        return render_template("erreur.html", title="Demande refusée",
                               text=f"La demande de connexion n'est pas valide ({err.description})."), err.status

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
            return redirect(err.url)
        except OidcError as err:
            return refused(err)
        sid = session.get("sid")
        if fc.live_session(sid) and "login" not in auth.prompt:
            return redirect(fc.finish(auth, sid))  # single sign-on within the 30-minute session
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

    @app.get(API + "/userinfo")
    def userinfo():
        try:
            signed = fc.userinfo(request.headers.get("Authorization"))
        except OidcError as err:
            headers = {"WWW-Authenticate": f'Bearer error="{err.error}"'} if err.status == 401 else {}
            return jsonify(err.as_json()), err.status, headers
        return Response(signed, mimetype="application/jwt")

    @app.get(API + "/session/end")
    def end_session():
        try:
            target = fc.end_session(request.args, session.get("sid"))
        except OidcError as err:
            return refused(err)
        session.clear()
        return redirect(target, 303)

    return app
