"""FranceConnect's routes: the OpenID Connect endpoints under /api/v2 (the person's
pages are in screens.py)."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, jsonify, redirect, render_template, request, session, url_for

from ..web.app import create_app
from .provider import API, AuthorizationError, ErrorPage, FranceConnect, OidcError
from .registration import add_registration
from .screens import add_screens, confirmation_or_return, remember_service
from .screens import error_page as screens_error_page

LOGGED_OUT = "Vous êtes bien déconnecté, vous pouvez fermer votre navigateur."


def create_franceconnect_app(fc: FranceConnect) -> Flask:
    app = create_app(__name__, Path(__file__).parent / "templates", "franceconnect_session", "FranceConnect",
                     # what relying parties call, no FranceConnect form behind them (OIDC Core 5.3.1,
                     # RP-Initiated Logout), and the registration, which takes JSON from loopback only
                     csrf_exempt={"authorize", "token", "userinfo", "end_session", "register_client",
                                  "confirm_login"})  # the confirmation checks its own (Y470001/2)
    add_registration(app, fc)

    add_screens(app, fc)

    def error_page(err: ErrorPage):
        return screens_error_page(fc, err)

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
        session.pop("sp", None)  # a new login: the way back is this one's, once it is valid
        try:
            auth = fc.parse_authorization(params)
        except AuthorizationError as err:
            return redirect(err.url, 303)
        except ErrorPage as err:
            return error_page(err)
        remember_service(auth)
        sid = session.get("sid")
        if fc.live_session(sid) and "login" not in auth.prompt:
            # single sign-on within the 30-minute session (idp_hint ignored), after the confirmation
            return confirmation_or_return(fc, fc.start_interaction(auth), auth, sid,
                                          "franceconnect-sso-sans-page-confirmation")
        try:
            fc.check_idp_hint(auth)
        except AuthorizationError as err:
            return redirect(err.url, 303)
        uid = fc.start_interaction(auth)
        session["interaction"] = uid
        if auth.idp_hint:
            return redirect(url_for("provider_login", uid=uid, provider=auth.idp_hint))
        return redirect(url_for("chooser", uid=uid))

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
