"""`make screenshots`: what people see, at a phone's width (390 px) and a desktop's (1280 px).

Starts the reference stack (as harness.bench does), creates the people each page needs, and
writes into reports/screenshots/ one PNG per page and width: ÉduConnect's login page, the
activation code step, the direction console, and the HTML report (reports/index.html, or one
built from the recorded runs of tests/data/reports when there is none). Each page is reached by
its own small function, the way a person gets there, so a change of the journey is fixed in one
place.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from mock_services.cli import ArgumentParser

from . import traceability

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "data" / "reports"
WIDTHS = {"390": {"width": 390, "height": 844, "is_mobile": True, "has_touch": True},
          "1280": {"width": 1280, "height": 900}}


def ent_parent(page, stack) -> None:
    """From the ENT's « Vous souhaitez vous connecter en tant que ... », the PARENT profile."""
    page.goto(stack.urls["ent"] + "/auth/saml/wayf")
    page.get_by_role("link", name="PARENT", exact=True).click()


def login_page(page, stack) -> None:
    """ÉduConnect's page that offers « Se connecter », through the profile choice when it comes first."""
    from playwright.sync_api import expect

    ent_parent(page, stack)
    sign_in = page.get_by_role("button", name="Se connecter", exact=True)
    profile = page.get_by_role("button", name="Responsable d'élève", exact=True)
    expect(sign_in.or_(profile).first).to_be_visible()
    if not sign_in.is_visible():
        profile.click()
    expect(sign_in).to_be_visible()


def activation_code(page, stack) -> None:
    """« Je n'ai pas de compte », the school's mobile number, the names, then the code step."""
    from playwright.sync_api import expect

    guardian = stack.world.create_family(activated=False).guardian
    login_page(page, stack)
    page.get_by_role("link", name="Je n'ai pas de compte", exact=True).click()
    page.get_by_role("radio", name="par SMS", exact=True).check()
    page.get_by_label("Numéro de téléphone portable", exact=True).fill(guardian.mobile)
    page.get_by_role("button", name="Continuer", exact=True).click()
    page.get_by_label("Nom", exact=True).fill(guardian.last_name)
    page.get_by_label("Prénom", exact=True).fill(guardian.first_name)
    page.get_by_role("button", name="Continuer", exact=True).click()
    expect(page.get_by_role("heading", name="Code de sécurité", exact=True)).to_be_visible()


def console(page, stack) -> None:
    """The direction's console, signed in through its own form, with a few families of the school."""
    from playwright.sync_api import expect

    school = stack.world.create_school()
    for activated in (True, False, True):
        stack.world.create_family(school_uai=school.uai, activated=activated)
    director = stack.world.create_director(school.uai)
    page.goto(stack.urls["educonnect"] + "/console")
    page.get_by_label("Identifiant", exact=True).fill(director.login)
    page.get_by_label("Mot de passe", exact=True).fill(director.password)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_role("heading", name="Administration des comptes ÉduConnect", exact=True)).to_be_visible()


def report(page, report_path: Path) -> None:
    page.goto(report_path.resolve().as_uri())


def first_failure(page, report_path: Path) -> None:
    """The report at its first failure (what was expected, what the page showed), or its top without one."""
    report(page, report_path)
    failure = page.locator(".failure").first
    if failure.count():
        failure.scroll_into_view_if_needed()
        page.evaluate("() => window.scrollBy(0, -60)")  # below the sticky navigation



def example_report(folder: Path) -> Path:
    """An HTML report from the recorded runs of tests/data/reports (a failure among them)."""
    from .report_page import write_report

    features: dict[str, dict] = {}
    for name in ("passed", "failed", "skipped"):
        for feature in json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8")):
            features.setdefault(feature["uri"], {**feature, "elements": []})["elements"] += feature["elements"]
    return write_report(folder / "index.html", list(features.values()), guide_path=traceability.GUIDE,
                        features_dir=traceability.FEATURES, root=traceability.ROOT)


def shoot(browser, name: str, out: Path, reach: Callable, full_page: bool = True) -> list[Path]:
    written = []
    for width, viewport in WIDTHS.items():
        size = {"width": viewport["width"], "height": viewport["height"]}
        extra = {k: v for k, v in viewport.items() if k not in size}
        context = browser.new_context(viewport=size, locale="fr-FR", timezone_id="Europe/Paris", **extra)
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            reach(page)
            path = out / f"{name}-{width}.png"
            page.screenshot(path=path, full_page=full_page)
            written.append(path)
        finally:
            context.close()
    return written


def main(argv: Iterable[str] | None = None) -> int:
    parser = ArgumentParser(
        prog="python -m harness.screenshots",
        description="Captures d'écran, à 390 px et à 1280 px de large, de la page de connexion d'ÉduConnect, "
                    "de l'étape du code d'activation, de la console de la direction et du rapport HTML.")
    parser.add_argument("--dossier", default="reports/screenshots",
                        help="où écrire les images (par défaut : reports/screenshots)")
    parser.add_argument("--rapport", default="reports/index.html",
                        help="le rapport HTML à photographier (par défaut : reports/index.html ; absent : un "
                             "rapport construit depuis tests/data/reports)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    from playwright.sync_api import sync_playwright

    from mock_services.stack import Stack

    from .browser import launch_args

    out = Path(args.dossier)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Stack.start() as stack, sync_playwright() as p:
        report_path = Path(args.rapport) if Path(args.rapport).is_file() else example_report(Path(tmp))
        browser = p.chromium.launch(**launch_args())
        try:
            written = [
                *shoot(browser, "connexion-educonnect", out, lambda page: login_page(page, stack)),
                *shoot(browser, "code-activation", out, lambda page: activation_code(page, stack)),
                *shoot(browser, "console-direction", out, lambda page: console(page, stack)),
                *shoot(browser, "rapport", out, lambda page: report(page, report_path), full_page=False),
                *shoot(browser, "rapport-echec", out, lambda page: first_failure(page, report_path), full_page=False),
            ]
        finally:
            browser.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
