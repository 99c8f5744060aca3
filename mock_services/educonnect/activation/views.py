"""The pages of « Je n'ai pas de compte », one per numbered step of the guide."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from ..shared import steps as shared_steps
from ..shared.errors import JourneyError
from ..shared.messages import say_refusal
from ..shared.password_rule import RULE
from .service import Activation

CHANNEL_LABELS = {"sms": "mon numéro de téléphone portable", "mail": "mon adresse mail"}


STEP_ORDER = ["contact", "identite", "code", "enfants", "mot-de-passe", "termine"]


def create_activation_blueprint(ec) -> Blueprint:
    """`ec`: the `EduConnect` service object (its database, clock, faults and notifier)."""
    activation, faults = Activation(ec.db, ec.clock, ec.faults, ec.notifier.send_code), ec.faults
    bp = Blueprint("activation", __name__, url_prefix="/activation", template_folder="templates")

    def say(reason: str, channel: str | None = None, **details) -> str:
        if (reason, channel) == ("contact-unknown", "sms") and "message-numero-inconnu" in faults:
            return "Numéro inconnu."
        if (reason, channel) == ("contact-unknown", "mail") and "message-numero-pour-adresse" in faults:
            return say_refusal(reason, "sms")
        return say_refusal(reason, channel, **details)

    journey = shared_steps.Journey("activation", STEP_ORDER, lambda _: redirect(url_for("activation.contact")))
    state, save, at_least = journey.state, journey.save, journey.at_least

    @bp.route("", methods=["GET", "POST"])
    def contact():
        if request.method == "GET":
            journey.end()
            return render_template("activation/contact.html", channel="sms", values={})
        channel = request.form.get("canal", "")
        values = {"sms": request.form.get("mobile", ""), "mail": request.form.get("email", "")}
        try:
            contact = activation.check_contact(channel, values.get(channel, ""))
        except JourneyError as err:
            return render_template("activation/contact.html", channel=channel, values=values,
                                   error=say(err.reason, err.details.get("channel", channel))), 400
        journey.start(step="identite", channel=channel, contact=contact)
        return redirect(url_for("activation.identity"))

    @bp.route("/identite", methods=["GET", "POST"])
    def identity():
        if (r := at_least("identite")):
            return r
        if request.method == "GET":
            return render_template("activation/identite.html")
        st = state()
        last_name, first_name = request.form.get("nom", ""), request.form.get("prenom", "")
        try:
            guardian_id = activation.match_guardian(st["channel"], st["contact"], last_name, first_name)
        except JourneyError as err:
            return render_template("activation/identite.html", error=say(err.reason),
                                   last_name=last_name, first_name=first_name), 400
        save(guardian_id=guardian_id)
        return _send_code()

    _send_code = shared_steps.add_code_views(bp, activation, journey, say, step_on_failure="identite")

    @bp.post("/renvoi")
    def retry_sending():
        """After a delivery failure: try sending the code again."""
        if (r := at_least("identite")) or "guardian_id" not in state():
            return r or redirect(url_for("activation.contact"))
        return _send_code()

    @bp.route("/enfants", methods=["GET", "POST"])
    def children():
        if (r := at_least("enfants")):
            return r

        def go_on(_confirmed):
            save(step="mot-de-passe")
            return redirect(url_for("activation.password"))
        return shared_steps.children_step(activation, state(), save, say, go_on)

    @bp.route("/mot-de-passe", methods=["GET", "POST"])
    def password():
        if (r := at_least("mot-de-passe")):
            return r
        st = state()
        if "identifier" not in st:
            save(identifier=activation.propose_identifier(st["guardian_id"]))
            st = state()
        if request.method == "GET":
            return render_template("steps/mot_de_passe.html", identifier=st["identifier"], rule=RULE)
        password, confirmation = request.form.get("mot_de_passe", ""), request.form.get("confirmation", "")
        error = None
        if password != confirmation:
            error = say("password-mismatch")
        else:
            try:
                login = activation.create_account(st["guardian_id"], st["identifier"], password, st["channel"],
                                                  st["contact"], st.get("confirmed", []))
            except JourneyError as err:
                error = say(err.reason, err.details.get("channel"))
        if error:
            return render_template("steps/mot_de_passe.html", identifier=st["identifier"], rule=RULE,
                                   error=error), 400
        kids = {k.id: k for k in activation.children(st["guardian_id"])}
        journey.start(step="termine", identifier=login,
                      attached=[f"{kids[i].first_name} {kids[i].last_name}" for i in st.get("confirmed", [])])
        return redirect(url_for("activation.done"))

    @bp.get("/termine")
    def done():
        if (r := at_least("termine")):
            return r
        st = journey.end()
        return render_template("steps/termine.html", identifier=st["identifier"], attached=st["attached"])

    return bp

