"""« Administration des comptes ÉduConnect »: the school direction's console.
A director sees and acts on the families of their own school only."""
from __future__ import annotations

from datetime import date
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from sqlalchemy import func, select

from ...db import Database
from ...faults import Faults
from ...passwords import verify_password
from ..shared.authenticator import Authenticator
from ..shared.contacts import fold_name, valid_email
from ..shared.errors import DeliveryError
from ..letters.service import Letters
from ..shared.models import Account, Director, Guardian, Letter, Pupil
from ...world import WorldError, normalise_mobile

STATES = {"active": "Activé", "notified": "Courrier envoyé", "none": "Non activé"}


def create_console_blueprint(db: Database, faults: Faults, letters: Letters,
                             authenticator: Authenticator) -> Blueprint:
    bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")

    def director_only(view):
        """The view gets the signed-in director as `me`; others go to the console's login."""
        @wraps(view)
        def wrapper(*args, **kwargs):
            director_id = session.get("director_id")
            if director_id is None:
                return redirect(url_for("console.login"))
            with db.session() as s:
                d = s.get(Director, director_id)
                me = {"uai": d.school_uai, "school": d.school.name, "name": f"{d.first_name} {d.last_name}"}
            return view(me, *args, **kwargs)
        return wrapper

    def families(s, uai: str):
        query = select(Guardian).order_by(Guardian.last_name, Guardian.first_name)
        if "console-toutes-ecoles" not in faults:
            query = query.where(Guardian.pupils.any(Pupil.school_uai == uai))
        return list(s.scalars(query))

    def state_of(s, guardian: Guardian) -> str:
        if letters.account_of(s, guardian) is not None:
            return "active"
        pending = s.scalar(select(Letter.id).where(Letter.guardian_id == guardian.id, Letter.void.is_(False),
                                                   Letter.used_at.is_(None)))
        return "notified" if pending else "none"

    def own_guardian(s, uai: str, guardian_id: int) -> Guardian:
        guardian = s.get(Guardian, guardian_id)
        if guardian is None or ("console-action-par-id" not in faults and guardian not in families(s, uai)):
            abort(404)
        return guardian

    @bp.route("/connexion", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            return render_template("console/connexion.html")
        login_name = request.form.get("identifiant", "").strip().lower()
        key = f"console:{login_name}"
        if authenticator.is_locked(key):
            return render_template("console/connexion.html", error=(
                "Suite à plusieurs tentatives infructueuses, votre compte est bloqué pendant 15 minutes.")), 401
        with db.session() as s:
            d = s.scalar(select(Director).where(Director.login == login_name))
            ok = d is not None and verify_password(d.password_hash, request.form.get("mot_de_passe", ""))
            director_id = d.id if ok else None
        if not ok:
            authenticator.record_failure(key)
            return render_template("console/connexion.html", error="Identifiant ou mot de passe incorrect."), 401
        authenticator.clear(key)
        session.clear()
        session["director_id"] = director_id
        return redirect(url_for("console.home"))

    @bp.get("")
    @director_only
    def home(me):
        wanted = {k: request.args.get(k, "").strip() for k in ("nom", "prenom", "classe", "etat", "email")}
        with db.session() as s:
            rows = []
            everyone = families(s, me["uai"])
            for g in everyone:
                state = state_of(s, g)
                classes = {p.class_name for p in g.pupils}
                if ((wanted["nom"] and fold_name(wanted["nom"]) not in fold_name(g.last_name))
                        or (wanted["prenom"] and fold_name(wanted["prenom"]) not in fold_name(g.first_name))
                        or (wanted["classe"] and wanted["classe"] not in classes)
                        or (wanted["etat"] and wanted["etat"] != state and "console-filtre-etat-ignore" not in faults)
                        or (wanted["email"] and wanted["email"].lower() not in (g.email or ""))):
                    continue
                mobile, email = g.mobile, g.email
                if "console-coordonnees-du-compte" in faults:  # the account's contacts, none before activation
                    account = letters.account_of(s, g)
                    mobile, email = (account.mobile, account.email) if account else (None, None)
                rows.append({"id": g.id, "last_name": g.last_name, "first_name": g.first_name, "email": email or "",
                             "mobile": _national(mobile),
                             "state": STATES[state], "active": state == "active",
                             "pupils": ", ".join(f"{p.first_name} {p.last_name} ({p.class_name})" for p in g.pupils)})
            activated = (s.scalar(select(func.count(Account.id))) if "console-comptes-toutes-ecoles" in faults
                         else sum(state_of(s, g) == "active" for g in everyone))
            stats = {"total": len(everyone), "active": activated}
            classes = sorted({p.class_name for g in everyone for p in g.pupils})
        return render_template("console/accueil.html", me=me, rows=rows, stats=stats, wanted=wanted,
                               states=STATES, classes=classes)

    @bp.post("/responsables/<id:guardian_id>/courrier")
    @director_only
    def send_letter(me, guardian_id: int):
        """The letter; for an activated account it resets the password, so it is asked for first:
        only `decision=confirmer` (posted from the confirmation page) resets."""
        with db.session() as s:
            guardian = own_guardian(s, me["uai"], guardian_id)
            name = f"{guardian.first_name} {guardian.last_name}"
            resets = letters.account_of(s, guardian) is not None
        decision = request.form.get("decision")
        if resets and "console-reinitialisation-sans-confirmation" not in faults:
            if decision == "annuler" and "console-annulation-ignoree" not in faults:
                flash(f"La réinitialisation du mot de passe de {name} est annulée : rien n'a changé.")
                return redirect(url_for("console.home"))
            if decision not in ("confirmer", "annuler"):
                if "console-reinitialisation-avant-confirmation" in faults:
                    letters.issue(guardian_id)
                return render_template("console/confirmation.html", name=name, guardian_id=guardian_id)
        try:
            letter = letters.issue(guardian_id)
        except DeliveryError:
            flash(f"L'envoi du courrier à {name} a échoué. Veuillez réessayer.", "erreur")
            return redirect(url_for("console.home"))
        if letter.sent_to:
            flash(f"Courrier envoyé par mail à {name} ({letter.sent_to}).")
            return redirect(url_for("console.home"))
        return render_template("console/courrier.html", name=name, text=letter.text)

    @bp.post("/responsables/<id:guardian_id>/identifiant")
    @director_only
    def show_identifier(me, guardian_id: int):
        with db.session() as s:
            guardian = own_guardian(s, me["uai"], guardian_id)
            account = letters.account_of(s, guardian)
            name = f"{guardian.first_name} {guardian.last_name}"
            shown = account and (account.login[:3] + "…" if "console-identifiant-tronque" in faults else account.login)
            flash(f"Identifiant de {name} : {shown}" if account
                  else f"{name} n'a pas encore de compte ÉduConnect activé.")
        return redirect(url_for("console.home"))

    @bp.route("/responsables/<id:guardian_id>", methods=["GET", "POST"])
    @director_only
    def edit(me, guardian_id: int):
        """The school's record of a parent: mobile, e-mail, children's birth dates
        (in reality corrected in the school database, which feeds ÉduConnect)."""
        with db.session() as s:
            guardian = own_guardian(s, me["uai"], guardian_id)
            name = f"{guardian.first_name} {guardian.last_name}"
            pupils = [p for p in guardian.pupils if p.school_uai == me["uai"]]
            view = {"name": name, "mobile": _national(guardian.mobile), "email": guardian.email or "",
                    "pupils": [(p.id, f"{p.first_name} {p.last_name}", p.birth_date.isoformat()) for p in pupils]}
            if request.method == "GET":
                return render_template("console/responsable.html", guardian_id=guardian_id, **view)
            email = request.form.get("email", "").strip().lower()
            try:
                mobile = normalise_mobile(request.form.get("mobile", ""))
                births = {p.id: date.fromisoformat(request.form.get(f"naissance-{p.id}", "")) for p in pupils}
                error = None if not email or valid_email(email) else "L'adresse mail saisie n'est pas valide."
            except (WorldError, ValueError):
                error = "Numéro de portable ou date de naissance invalide."
            if error:
                return render_template("console/responsable.html", guardian_id=guardian_id, **view, error=error), 400
            guardian.mobile = _national(mobile) if "console-numero-non-normalise" in faults else mobile
            guardian.email = email or None
            for p in pupils:
                p.birth_date = births[p.id]
            account = letters.account_of(s, guardian)
            if account is not None and "rectification-sans-rattachement" not in faults:
                # the school vouches for its record: every child is attached
                account.pupils.extend(p for p in guardian.pupils if p not in account.pupils)
        flash(f"Les informations de {name} sont enregistrées.")
        return redirect(url_for("console.home"))

    @bp.post("/deconnexion")
    def logout():
        if "console-deconnexion-sans-effet" not in faults:
            session.pop("director_id", None)
        flash("Vous êtes déconnecté de la console.")
        return redirect(url_for("console.login"))

    return bp


def _national(mobile: str | None) -> str:
    """+33612345678 -> 06 12 34 56 78, as the school writes it."""
    if not mobile or not mobile.startswith("+33"):
        return mobile or ""
    digits = "0" + mobile[3:]
    return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))
