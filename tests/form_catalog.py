"""Every POST form of ÉduConnect (its console too), the ENT and FranceConnect's mock: how a
browser reaches the page that shows it, the values that pass its checks (so that hostile
values also meet good ones), and what a refusal writes on purpose. Then the POST routes
left to other tests, each with its reason."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mock_services.extract import extract_code, extract_link

from form_pages import Browser

SSO = "/idp/profile/SAML2/Redirect/SSO"
STRONG = "Nouveau-2026!"
THROTTLED = {"educonnect.login_throttle": "a failed login counts towards the 15-minute lock"}
CODE_ATTEMPTS = {"educonnect.activation_codes": "a wrong code costs one of the code's three attempts"}


@dataclass
class Reached:
    browser: Browser
    page: str  # the HTML that shows the form
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)
    args: dict = field(default_factory=dict)  # the form's URL arguments, when the page has several


@dataclass(frozen=True)
class FormCase:
    id: str
    app: str  # the stack's service name
    endpoint: str
    reach: Callable[[object], Reached]
    may_change: Mapping[str, str] = field(default_factory=dict)  # what a refusal writes, and why


def national(mobile: str) -> str:
    digits = "0" + mobile[3:]
    return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def fresh_address() -> str:
    return f"parent.{secrets.token_hex(5)}@exemple.test"


def browser(stack, app: str = "educonnect") -> Browser:
    return Browser(stack.services[app].app)


_shared: dict[tuple[int, str], object] = {}


def shared(stack, name: str, make: Callable[[], object]):
    """One `name` per stack (a console school, an ENT teacher…): made once, as set-up."""
    key = (id(stack), name)
    if key not in _shared:
        _shared[key] = make()
    return _shared[key]


def family_values(family) -> dict[str, tuple[str, ...]]:
    g = family.guardian
    return {"canal": ("sms", "mail"), "mobile": (national(g.mobile), g.mobile), "email": (g.email,),
            "nom": (g.last_name,), "prenom": (g.first_name,), "representant": ("1",),
            **{f"naissance-{p.id}": (p.birth_date.isoformat(),) for p in family.pupils},
            "mot_de_passe": (STRONG,), "confirmation": (STRONG,)}


def last_code(stack, mobile: str) -> str:
    return extract_code(stack.sms_store.list(to=mobile)[-1].text)


def walk(stack, b: Browser, page: str, family, endpoints: list[str]) -> str:
    """Through the code steps' forms with the family's own answers; the page after the last one."""
    g = family.guardian
    answers = {"identity": {"nom": g.last_name, "prenom": g.first_name},
               "contact": {"canal": "sms", "mobile": g.mobile}, "confirm": {"canal": "sms", "mobile": g.mobile},
               "children": {"representant": "1", **{f"naissance-{p.id}": p.birth_date.isoformat()
                                                    for p in family.pupils}}}
    for endpoint in endpoints:
        step = endpoint.partition(".")[2]
        values = {"code": last_code(stack, g.mobile)} if step == "code" else answers[step]
        page = b.after(b.fill(page, endpoint, values))
    return page


# -- ÉduConnect: login --------------------------------------------------------------

def check_page(stack) -> Reached:
    """The flow's browser check (execution=e1s1), which a browser posts back as it is."""
    b = browser(stack)
    return Reached(b, b.page(SSO))


def login_page(stack) -> Reached:
    family = shared(stack, "parent", stack.world.create_family)
    b = browser(stack)
    page = b.after(b.fill(b.page(SSO), "login.sso"))
    return Reached(b, page, {"typeUser": ("responsable", "eleve"), "j_username": (family.account.login,),
                             "j_password": (family.account.password,)})


# -- « Je n'ai pas de compte » and the first FranceConnect login ---------------------------

ACTIVATION = ["activation.contact", "activation.identity", "activation.code", "activation.children",
              "activation.password"]


def with_code(stack, family) -> dict[str, tuple[str, ...]]:
    """The family's answers, and the last code sent to them if any."""
    sent = stack.sms_store.list(to=family.guardian.mobile)
    return {**family_values(family), **({"code": (extract_code(sent[-1].text),)} if sent else {})}


def activation_at(endpoint: str) -> Callable[[object], Reached]:
    def reach(stack) -> Reached:
        family = stack.world.create_family(activated=False)
        b = browser(stack)
        before = ACTIVATION[:ACTIVATION.index(endpoint if endpoint in ACTIVATION else "activation.code")]
        return Reached(b, walk(stack, b, b.page("/activation"), family, before), with_code(stack, family))
    return reach


def delivery_failed(journey: str) -> Callable[[object], Reached]:
    """The page after a code that could not be sent: its « Réessayer » form."""
    def reach(stack) -> Reached:
        family = stack.world.create_family(activated=False)
        g = family.guardian
        if journey == "activation":
            b = browser(stack)
            page, endpoint = walk(stack, b, b.page("/activation"), family, ["activation.contact"]), "activation.identity"
            values = {"nom": g.last_name, "prenom": g.first_name}
        else:
            b, page = franceconnect_login(stack, family)
            endpoint, values = "franceconnect.confirm", {"canal": "sms", "mobile": g.mobile}
        stack.sms_gateway.set_fault(g.mobile, "error")
        try:
            answer = b.fill(page, endpoint, values)
        finally:
            stack.sms_gateway.clear()
        assert answer.status_code == 503, answer.status_code
        return Reached(b, answer.text, family_values(family))
    return reach


def franceconnect_login(stack, family) -> tuple[Browser, str]:
    """ÉduConnect's browser back from FranceConnect as this family's parent, on the first-login page."""
    g = family.guardian
    person = stack.franceconnect.add_identity(g.first_name, g.last_name, "1985-03-02", "female")
    b, fc = browser(stack), browser(stack, "franceconnect")
    chooser = fc.client.get(Browser.local(b.client.get("/franceconnect/connexion").location)).location
    known = fc.fill(fc.page(f"{chooser}/fournisseur/ameli"), "provider_login",
                    {"login": person.login, "password": person.password})
    back = fc.fill(fc.page(known.location), "confirm_login")  # « Continuer sur ÉduConnect »
    return b, b.page(back.location)


FC_LINK = ["franceconnect.confirm", "franceconnect.code", "franceconnect.children"]


def fc_link_at(endpoint: str) -> Callable[[object], Reached]:
    def reach(stack) -> Reached:
        family = stack.world.create_family(activated=False)
        b, page = franceconnect_login(stack, family)
        before = FC_LINK[:FC_LINK.index(endpoint if endpoint in FC_LINK else "franceconnect.code")]
        return Reached(b, walk(stack, b, page, family, before), with_code(stack, family))
    return reach


# -- the school's letter ------------------------------------------------------------

def letter_at(endpoint: str) -> Callable[[object], Reached]:
    def reach(stack) -> Reached:
        family = stack.world.create_family(activated=False)
        letter = stack.educonnect.letters.issue(family.guardian.id)
        b = browser(stack)
        page = b.after(b.fill(b.page(SSO), "login.sso"))
        page = b.after(b.fill(page, "login.sso", {"typeUser": "responsable", "j_username": letter.login,
                                                  "j_password": letter.password}))
        assert b.form(page, "letters.email")  # the letter's first login asks for an address
        address = fresh_address()
        if endpoint != "letters.email":
            page = b.after(b.fill(page, "letters.email", {"email": address}))
        if endpoint == "letters.password":
            mail = stack.mail_store.list(to=address)[-1]
            page = b.page(extract_link(mail.text, contains="/courrier/confirmation/"))
        return Reached(b, page, {"email": (address,), "mot_de_passe": (STRONG,), "confirmation": (STRONG,)})
    return reach


# -- « Mon compte » and recovery -----------------------------------------------------------

def account_page(endpoint: str) -> Callable[[object], Reached]:
    def reach(stack) -> Reached:
        family = stack.world.create_family()
        b = browser(stack)
        with b.session() as s:
            s.update(stack.educonnect.session_of(parent=family.account.login))
        known = {"email": (fresh_address(),), "actuel": (family.account.password,), "nouveau": (STRONG,),
                 "confirmation": (STRONG,)}
        if endpoint == "account.attach":
            record, _ = stack.world.other_school_record(family)
            letter = stack.educonnect.letters.issue(record.id)
            known.update(identifiant=(letter.login,), mot_de_passe=(letter.password,))
        return Reached(b, b.page("/compte"), known)
    return reach


def recovery_page(endpoint: str) -> Callable[[object], Reached]:
    def reach(stack) -> Reached:
        family = shared(stack, "recovery", stack.world.create_family)
        known = {"email": (family.guardian.email,), "identifiant": (family.account.login,),
                 "mot_de_passe": (STRONG,), "confirmation": (STRONG,)}
        b = browser(stack)
        if endpoint == "recovery.lost_identifier":
            return Reached(b, b.page("/identifiant-oublie"), known)
        page = b.page("/mot-de-passe-oublie")
        if endpoint == "recovery.new_password":
            b.fill(page, "recovery.lost_password", {"identifiant": family.account.login, "email": family.guardian.email})
            mail = stack.mail_store.list(to=family.guardian.email)[-1]
            page = b.page(extract_link(mail.text, contains="/mot-de-passe-oublie/"))
        return Reached(b, page, known)
    return reach


# -- the direction's console --------------------------------------------------------

def console_school(stack):
    def make():
        family = stack.world.create_family(children=2)
        return family, stack.world.create_director(family.school.uai)
    return shared(stack, "console", make)


def console_page(endpoint: str) -> Callable[[object], Reached]:
    def reach(stack) -> Reached:
        family, director = console_school(stack)
        b = browser(stack)
        if endpoint == "console.login":
            return Reached(b, b.page("/console/connexion"),
                           {"identifiant": (director.login,), "mot_de_passe": (director.password,)})
        with b.session() as s:
            s.update(stack.educonnect.session_of(director=director.login))
        g = family.guardian
        page = b.page(f"/console/responsables/{g.id}" if endpoint == "console.edit" else "/console")
        return Reached(b, page, family_values(family), {} if endpoint == "console.logout" else {"guardian_id": g.id})
    return reach


# -- the ENT and FranceConnect ----------------------------------------------------------

def ent_teacher(stack) -> tuple[str, str]:
    """(login, password) of a teacher's local account on the ENT"""
    def make():
        login, password = f"prof.{secrets.token_hex(3)}", "Classe-2026!"
        stack.ent.directory.create_local_user("Teacher", "Anne", "Professeure", login, password)
        return login, password
    return shared(stack, "teacher", make)


def ent_local_login(stack) -> Reached:
    login, password = ent_teacher(stack)
    b = browser(stack, "ent")
    return Reached(b, b.page("/auth/login?profil=enseignant"), {"login": (login,), "password": (password,)})


def ent_home(stack) -> Reached:
    reached = ent_local_login(stack)
    b = reached.browser
    page = b.after(b.fill(reached.page, "local_login", {k: v[0] for k, v in reached.known.items()}))
    return Reached(b, page)


def ent_account_choice(stack) -> Reached:
    """The choice the ENT shows after ÉduConnect's answer for a parent with several records
    (a POST to the ACS): rendered for this browser, whose token a first page gave."""
    family = shared(stack, "parent", stack.world.create_family)
    record = shared(stack, "other-record", lambda: stack.world.other_school_record(family)[0])
    users = [stack.ent.directory.find_by_external_id(g.external_id) for g in (family.guardian, record)]
    b = browser(stack, "ent")
    b.page("/auth/login?profil=enseignant")
    with b.session() as s:
        s["choice"] = [u.id for u in users]
    return Reached(b, b.rendered("choix_compte.html", users=users), {"compte": tuple(str(u.id) for u in users)})


def fc_interaction(stack) -> tuple[Browser, str]:
    """FranceConnect's browser at the provider chooser of a login ÉduConnect asked for."""
    fc = browser(stack, "franceconnect")
    url = stack.educonnect.franceconnect.authorization_url(secrets.token_urlsafe(16), secrets.token_urlsafe(16))
    return fc, fc.client.get(Browser.local(url)).location


def fc_provider_page(stack) -> Reached:
    person = shared(stack, "fc-person", lambda: stack.franceconnect.add_identity("Anne", "Essai", "1980-01-01",
                                                                                  "female"))
    fc, chooser = fc_interaction(stack)
    return Reached(fc, fc.page(f"{chooser}/fournisseur/ameli"),
                   {"login": (person.login,), "password": (person.password,)})


def fc_chooser(stack) -> Reached:
    fc, chooser = fc_interaction(stack)
    return Reached(fc, fc.page(chooser))


FORMS = [
    FormCase("verification", "educonnect", "login.sso", check_page),
    FormCase("connexion", "educonnect", "login.sso", login_page, THROTTLED),
    *(FormCase(e, "educonnect", e, activation_at(e), CODE_ATTEMPTS if e.endswith(".code") else {})
      for e in [*ACTIVATION, "activation.new_code"]),
    FormCase("activation.retry_sending", "educonnect", "activation.retry_sending", delivery_failed("activation")),
    *(FormCase(e, "educonnect", e, fc_link_at(e), CODE_ATTEMPTS if e.endswith(".code") else {})
      for e in [*FC_LINK, "franceconnect.new_code"]),
    FormCase("franceconnect.retry_sending", "educonnect", "franceconnect.retry_sending",
             delivery_failed("franceconnect")),
    *(FormCase(e, "educonnect", e, letter_at(e)) for e in ["letters.email", "letters.resend", "letters.password"]),
    *(FormCase(e, "educonnect", e, account_page(e), THROTTLED if e == "account.attach" else {})
      for e in ["account.change_email", "account.change_password", "account.attach", "account.log_out"]),
    *(FormCase(e, "educonnect", e, recovery_page(e))
      for e in ["recovery.lost_identifier", "recovery.lost_password", "recovery.new_password"]),
    *(FormCase(e, "educonnect", e, console_page(e), THROTTLED if e == "console.login" else {})
      for e in ["console.login", "console.send_letter", "console.show_identifier", "console.edit",
                "console.logout"]),
    FormCase("ent.local_login", "ent", "local_login", ent_local_login),
    FormCase("ent.logout", "ent", "logout", ent_home),
    FormCase("ent.choose_account", "ent", "choose_account", ent_account_choice),
    FormCase("franceconnect.provider_login", "franceconnect", "provider_login", fc_provider_page),
    FormCase("franceconnect.provider_back", "franceconnect", "provider_back", fc_provider_page),
    FormCase("franceconnect.back_to_service", "franceconnect", "back_to_service", fc_chooser),
]

EXCLUDED = {
    ("educonnect", "login.sso_post"): "SAML HTTP-POST binding: a service's signed AuthnRequest, no parent's "
                                      "form (tests/test_saml_post_bindings.py)",
    ("educonnect", "login.slo_post"): "SAML HTTP-POST binding of the single logout (tests/test_saml_post_bindings.py)",
    ("ent", "acs"): "the SAML assertion consumer: ÉduConnect's signed response (tests/test_saml*.py, every @ent "
                    "login scenario)",
    ("ent", "provision_parent"): "a JSON API behind a bearer token (tests/test_stack.py)",
    ("franceconnect", "authorize"): "an OpenID Connect request from a service (tests/test_franceconnect.py)",
    ("franceconnect", "token"): "OpenID Connect's back channel, a client's request (tests/test_franceconnect.py)",
    ("franceconnect", "userinfo"): "OpenID Connect's userinfo by POST, a client's bearer token "
                                   "(tests/test_franceconnect_pyoidc.py)",
    ("franceconnect", "end_session"): "RP-initiated logout by POST, a client's id_token_hint "
                                      "(tests/test_franceconnect_pyoidc.py)",
    ("franceconnect", "confirm_login"): "« Continuer sur … » checks its own CSRF token, with FranceConnect's codes "
                                        "Y470001/Y470002 and a 403 (tests/test_franceconnect.py)",
    ("franceconnect", "register_client"): "a JSON API from loopback only (tests/test_franceconnect_clients.py)",
}
