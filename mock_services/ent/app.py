"""The reference ENT (primary school, in the spirit of ONE): a SAML service
provider of ÉduConnect for parents and pupils, local accounts for the rest."""
from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import Flask, Response, abort, flash, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import delete, select

from ..academies import name_of
from ..clock import Clock
from ..db import Database, from_db, to_db
from ..faults import SP_WEAKNESSES, Faults
from ..saml.keys import SIG_RSA_SHA1, SIG_RSA_SHA256, example_keypair, make_keypair
from ..saml.sp import LAX_CHECKS, NAIVE_READERS, SamlSp, SpError
from ..web.app import create_app
from .directory import Directory, ProvisioningError
from .models import Base, SamlRequest

WAYF = "/auth/saml/wayf"
ACS = "/auth/saml/acs"
SLO = "/auth/saml/slo"
METADATA = "/auth/saml/metadata/idp.xml"
REQUEST_LIFETIME = timedelta(minutes=10)

# « Vous souhaitez vous connecter en tant que ... »: label, route key, how.
PROFILES = [
    ("ÉLÈVE", "eleve", "educonnect"),
    ("ENSEIGNANT OU PERSONNEL DE L'ACADÉMIE", "enseignant", "local"),
    ("PARENT", "parent", "educonnect"),
    ("FAMILLE D'ACCUEIL", "famille-accueil", "local"),
    ("INVITÉ DU PERSONNEL COMMUNAL", "invite", "local"),
]
LOCAL_PROFILES = {key: label for label, key, how in PROFILES if how == "local"}

UNKNOWN_USER = ("Votre compte académique n'est pas reconnu dans l'ENT. Merci de vous connecter avec "
                "vos identifiants ENT ou contactez votre établissement.")
REJECTED_RESPONSE = "La connexion a échoué : la réponse d'ÉduConnect n'a pas pu être validée."


@dataclass
class Ent:
    base_url: str
    db: Database
    clock: Clock
    faults: Faults
    make_sp: Callable[[frozenset[str]], SamlSp]  # an SP weakened in these ways (SP_WEAKNESSES' values)
    provisioning_token: str
    logout_via: str = "slo"  # or "url-retour": to ÉduConnect's FrEduUrlRetour, as the field's « soft SLO » does
    several_records: str = "fusion"  # a parent with several records: one account with every child, or "choix"
    directory: Directory = field(init=False)
    _sps: dict[frozenset[str], SamlSp] = field(init=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.directory = Directory(self.db)
        self._sps[frozenset()] = self.make_sp(frozenset())  # the strict one, at once

    @property
    def sp(self) -> SamlSp:
        """The SAML SP, weakened by the SP faults switched on at this moment (each variant is built once)."""
        variant = frozenset(way for fault, way in SP_WEAKNESSES.items() if fault in self.faults)
        with self._lock:
            if variant not in self._sps:
                self._sps[variant] = self.make_sp(variant)
            return self._sps[variant]


def build_ent(base_url: str, workdir: Path, idp_metadata: str, clock: Clock, faults: Faults,
              provisioning_token: str) -> Ent:
    """The reference ENT and its SAML SP, data in `workdir`."""
    keypair = make_keypair("ent", workdir / "keys-ent")
    encryption = make_keypair("ent-chiffrement", workdir / "keys-ent")  # declared in the metadata: ÉduConnect encrypts

    def make_sp(variant: frozenset[str]) -> SamlSp:
        folder = workdir / "-".join(["saml-ent", *sorted(variant)])
        return SamlSp(base_url, keypair, folder, idp_metadata, lax=variant & (LAX_CHECKS | NAIVE_READERS),
                      request_signing=None if "unsigned-requests" in variant
                      else SIG_RSA_SHA1 if "sha1-requests" in variant else SIG_RSA_SHA256,
                      logout_signing=None if "unsigned-logout" in variant
                      else SIG_RSA_SHA1 if "sha1-logout" in variant else SIG_RSA_SHA256,
                      encryption=None if "no-encryption" in variant else encryption,
                      also_decrypt_with=(example_keypair(),) if "example-key" in variant else (),
                      clock_skew=timedelta(0) if "no-clock-skew" in variant else timedelta(minutes=1),
                      max_response_age=timedelta(seconds=30) if "short-response-age" in variant
                      else timedelta(minutes=10))

    return Ent(base_url, Database(workdir / "ent.sqlite", Base), clock, faults, make_sp, provisioning_token)


def aaf_join_keys(attributes: dict[str, list[str]], faults: Faults) -> list[str]:
    """entcore's join: of FrEduCtRefId's values, those that start with `{AAF}` and have exactly
    three fields, `<BCN académie code>|…|<AAF id>`, give `<ACADÉMIE>-<AAF id>`, the code mapped
    to its name (padded or not); other values are skipped."""
    values = attributes.get("FrEduCtRefId", [])
    if "premiere-valeur-seulement" in faults:
        values = values[:1]
    keys = []
    for value in values:
        if not value.startswith("{AAF}"):
            continue
        fields = value[len("{AAF}"):].split("|")
        if len(fields) != 3 and not ("nombre-de-champs-ignore" in faults and len(fields) >= 2):
            continue
        academie = name_of(fields[0], padded_only="code-academie-sans-zero-inconnu" in faults)
        if academie and fields[-1]:
            keys.append(f"{academie}-{fields[-1]}")
    return keys


LOGOUT_RESPONSE_REFUSED = ("Vous êtes déconnecté de l'ENT, mais la réponse d'ÉduConnect a été refusée : "
                           "la déconnexion d'ÉduConnect n'est pas confirmée.")


def _local_path(target: str) -> bool:
    """A path on this site (no scheme, no host, no `//` or `/\\` tricks)."""
    return target.startswith("/") and not target.startswith("//") and not any(c in target for c in "\\\r\n\t")


def create_ent_app(ent: Ent) -> Flask:
    app = create_app(__name__, Path(__file__).parent / "templates", "ent_session", "ENT – Espace numérique de travail",
                     csrf_exempt={"acs", "provision_parent"}, session_owner="user_id",
                     revocable_sessions=lambda: "session-ent-par-cookie" not in ent.faults)

    def visible_profiles():
        return [p for p in PROFILES if not (p[1] == "parent" and "profil-parent-absent" in ent.faults)]

    def current_user():
        user_id = session.get("user_id")
        return ent.directory.get(user_id) if user_id else None

    @app.get("/")
    def home():
        user = current_user()
        if user is None:
            return redirect(url_for("wayf"))
        others = [ent.directory.get(i) for i in session.get("other_user_ids", [])]
        shown = () if "enfant-absent" in ent.faults else [c for u in [user, *others] if u for c in u.children]
        return render_template("accueil.html", user=user, children=shown)

    @app.get(WAYF)
    def wayf():
        return render_template("wayf.html", profiles=visible_profiles())

    @app.get("/charte")
    def charter():
        return render_template("charte.html", empty="charte-absente" in ent.faults)

    @app.get(METADATA)
    def metadata():
        return Response(ent.sp.metadata_xml(), mimetype="application/samlmetadata+xml")

    @app.get("/auth/saml/login")
    def saml_login():
        if request.args.get("profil") not in ("parent", "eleve"):
            abort(404)
        relay_state = secrets.token_urlsafe(16)
        request_id, url = ent.sp.authn_request_redirect(relay_state)
        now = ent.clock.now()
        with ent.db.session() as s:
            s.execute(delete(SamlRequest).where(SamlRequest.created_at < to_db(now - REQUEST_LIFETIME)))
            s.add(SamlRequest(id=request_id, created_at=to_db(now)))
        session["saml_request_id"] = request_id
        session["relay_state"] = relay_state
        return redirect(url)

    @app.post(ACS, endpoint="acs")
    def acs():
        if "saml_request_id" not in session and not request.form.get("relais") and "acs-sans-relais" not in ent.faults:
            # ÉduConnect's POST is cross-site: SameSite=Lax keeps our cookie away.
            # Post the same form once more from our own origin, where it is sent.
            return render_template("relais_acs.html", acs_url=url_for("acs"),
                                   fields={k: request.form.get(k, "") for k in ("SAMLResponse", "RelayState")})
        request_id = session.pop("saml_request_id", None)
        expected_relay = session.pop("relay_state", None)
        any_browser = "demande-hors-navigateur" in ent.faults  # a request cache shared by every browser
        outstanding = _every_outstanding() if any_browser else _outstanding(request_id)
        relay_state = request.form.get("RelayState", "")
        try:
            assertion = ent.sp.parse_response(request.form.get("SAMLResponse", ""), outstanding)
            if assertion.in_response_to is None:  # IdP-initiated: ÉduConnect's tiles
                if "non-sollicite-refuse" in ent.faults:
                    raise SpError("unsolicited responses are not accepted")
            elif not any_browser and not hmac.compare_digest(relay_state.encode(), (expected_relay or "\0").encode()):
                raise SpError("RelayState does not match this browser's request")
        except SpError as err:
            app.logger.warning("SAML response refused: %s", err)
            return render_template("erreur.html", title="Connexion refusée", text=REJECTED_RESPONSE,
                                   back_url=url_for("wayf")), 400
        finally:
            _consume(request_id)
        # One person may have several ENT accounts (one per AAF record): all their children are shown.
        find = (ent.directory.find_by_aaf_id if "jointure-sans-academie" in ent.faults
                else ent.directory.find_by_external_id)
        users = list({u.id: u for u in map(find, aaf_join_keys(assertion.attributes, ent.faults)) if u}.values())
        user = users[0] if users else None
        if user is None and "utilisateur-inconnu-accepte" in ent.faults:
            user = ent.directory.provision_parent({"external_id": f"INVITE-{secrets.token_hex(4)}",
                                                   "first_name": "Invité", "last_name": "Invité"})
        if user is None:
            return render_template("erreur.html", title="Compte non reconnu", text=UNKNOWN_USER,
                                   back_url=url_for("wayf")), 403
        session.clear()
        session.update(saml_name_id=assertion.name_id, saml_session_index=assertion.session_index,
                       educonnect_logout=(assertion.attributes.get("FrEduUrlRetour") or [None])[0])
        if len(users) > 1 and ent.several_records == "choix":  # as entcore: one account per record
            session["choice"] = [u.id for u in users]
            return render_template("choix_compte.html", users=users)
        session.update(user_id=user.id, other_user_ids=[u.id for u in users[1:]])
        if assertion.in_response_to is None and _local_path(relay_state):
            return redirect(relay_state)  # an unsolicited login's target, on this ENT only
        return redirect(url_for("home"))

    @app.post("/auth/choix", endpoint="choose_account")
    def choose_account():
        offered = {str(user_id): user_id for user_id in session.pop("choice", None) or []}
        chosen = request.form.get("compte", "")
        if chosen not in offered:  # compared as text: int() refuses « ² » and over 4 300 digits
            return render_template("erreur.html", title="Choix impossible", text="Ce compte ne vous a pas été proposé.",
                                   back_url=url_for("wayf")), 400
        session["user_id"] = offered[chosen]
        return redirect(url_for("home"))

    def _outstanding(request_id: str | None) -> dict[str, str]:
        if not request_id:
            return {}
        with ent.db.session() as s:
            row = s.get(SamlRequest, request_id)
            if row is None or from_db(row.created_at) + REQUEST_LIFETIME < ent.clock.now():
                return {}
            return {row.id: ent.sp.acs_url}

    def _every_outstanding() -> dict[str, str]:
        with ent.db.session() as s:
            limit = to_db(ent.clock.now() - REQUEST_LIFETIME)
            rows = s.scalars(select(SamlRequest).where(SamlRequest.created_at >= limit))
            return {row.id: ent.sp.acs_url for row in rows}

    def _consume(request_id: str | None) -> None:
        if request_id:
            with ent.db.session() as s:
                s.execute(delete(SamlRequest).where(SamlRequest.id == request_id))

    @app.route("/auth/login", methods=["GET", "POST"])
    def local_login():
        profile = request.values.get("profil", "")
        if profile not in LOCAL_PROFILES:
            abort(404)
        if request.method == "GET":
            return render_template("connexion_locale.html", profile=profile, label=LOCAL_PROFILES[profile])
        user = ent.directory.local_login(request.form.get("login", ""), request.form.get("password", ""))
        if user is None:
            return render_template("connexion_locale.html", profile=profile, label=LOCAL_PROFILES[profile],
                                   error="Identifiant ou mot de passe incorrect."), 401
        session.clear()
        session["user_id"] = user.id
        return redirect(url_for("home"))

    @app.post("/auth/logout")
    def logout():
        name_id, session_index = session.get("saml_name_id"), session.get("saml_session_index")
        educonnect_logout = session.get("educonnect_logout")
        if "session-ent-conservee" not in ent.faults:
            session.clear()
        if ent.logout_via == "url-retour" and educonnect_logout and "slo-absent" not in ent.faults:
            return redirect(educonnect_logout)
        if name_id and "slo-absent" not in ent.faults:
            _, url = ent.sp.logout_request_redirect(name_id, session_index, relay_state=secrets.token_urlsafe(8))
            return redirect(url)
        flash("Vous êtes déconnecté.")
        return redirect(url_for("wayf"))

    @app.get(SLO)
    def slo():
        if "SAMLRequest" in request.args:
            return _logout_from_educonnect()
        try:
            ent.sp.parse_logout_response(request.args.get("SAMLResponse", ""), "redirect",
                                         query_string=request.query_string.decode(),
                                         verify="reponse-deconnexion-non-verifiee" not in ent.faults)
        except SpError as err:
            app.logger.warning("LogoutResponse refused: %s", err)
            return render_template("erreur.html", title="Déconnexion incomplète", text=LOGOUT_RESPONSE_REFUSED), 400
        flash("Vous êtes déconnecté.")
        return redirect(url_for("wayf"))

    def _logout_from_educonnect():
        """IdP-initiated single logout: end this browser's session if the request, signed by
        ÉduConnect, names it; answer with a signed LogoutResponse."""
        if "deconnexion-idp-ignoree" in ent.faults:
            return redirect(url_for("home"))
        try:
            query = request.query_string.decode()
            unsigned_accepted = "deconnexion-idp-non-signee-acceptee" in ent.faults and "Signature=" not in query
            logout = ent.sp.parse_logout_request(
                query, verify="deconnexion-idp-non-verifiee" not in ent.faults and not unsigned_accepted)
        except SpError as err:
            app.logger.warning("LogoutRequest refused: %s", err)
            return render_template("erreur.html", title="Déconnexion refusée",
                                   text="La demande de déconnexion reçue n'est pas valide."), 400
        mine = session.get("saml_name_id") == logout.name_id or "deconnexion-idp-tout-nameid" in ent.faults
        if mine:
            session.clear()
        return redirect(ent.sp.logout_response_redirect(logout, success=mine))

    @app.post("/api/provisioning/parents", endpoint="provision_parent")
    def provision_parent():
        sent = request.headers.get("Authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {ent.provisioning_token}".encode()):
            return jsonify(erreur="jeton d'accès manquant ou invalide (en-tête Authorization: Bearer …)"), 401
        try:
            user = ent.directory.provision_parent(request.get_json(silent=True))
        except ProvisioningError as err:
            return jsonify(erreur=str(err)), 400
        return jsonify(id=user.id, nom=user.display_name), 201

    return app
