"""`make bench`: how fast the reference stack starts, stops and serves a login.

Speed is measured here, never asserted in a timed test.
"""
from __future__ import annotations

import re
import statistics
import time

RUNS = 7


def _median(samples: list[float]) -> str:
    return f"médiane {statistics.median(samples) * 1000:7.1f} ms   max {max(samples) * 1000:7.1f} ms"


def main() -> None:
    started = time.perf_counter()
    from .stack import Stack  # imports pysaml2, whose schemas take a while to load
    print(f"import de la pile       {(time.perf_counter() - started) * 1000:7.1f} ms (une fois par processus)")

    starts, stops = [], []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        stack = Stack.start()
        t1 = time.perf_counter()
        stack.stop()
        starts.append(t1 - t0)
        stops.append(time.perf_counter() - t1)
    print(f"démarrage de la pile    {_median(starts)}  ({RUNS} essais)")
    print(f"arrêt de la pile        {_median(stops)}")

    from harness.browser import launch_args
    from playwright.sync_api import sync_playwright

    with Stack.start() as stack, sync_playwright() as p:
        families, logins = [], []
        browser = p.chromium.launch(**launch_args())
        for _ in range(RUNS):
            t0 = time.perf_counter()
            family = stack.world.create_family()
            families.append(time.perf_counter() - t0)
            context = browser.new_context()
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(stack.urls["ent"] + "/auth/saml/wayf")
            page.get_by_role("link", name="PARENT", exact=True).click()
            page.get_by_role("button", name="Responsable d'élève").click()
            page.get_by_label(re.compile(r"^Identifiant")).fill(family.account.login)
            page.get_by_label(re.compile(r"^Mot de passe")).fill(family.account.password)
            page.get_by_role("button", name="Se connecter").click()
            page.get_by_role("button", name="Se déconnecter").wait_for()
            logins.append(time.perf_counter() - t0)
            context.close()
        browser.close()
    print(f"famille créée (monde)   {_median(families)}")
    print(f"connexion ENT→ÉduConnect→ENT dans Chromium  {_median(logins)}")

    from harness.profile import load_profile
    from harness.target_mode import start

    t0 = time.perf_counter()
    run = start(load_profile("targets/reference.toml"))  # ÉduConnect, mocks, the ENT as a process
    print(f"mode cible : démarrage (pile + ENT de référence en processus séparé + métadonnées) "
          f"{(time.perf_counter() - t0) * 1000:7.1f} ms")
    try:
        provisioned = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            run.stack.world.create_family()
            provisioned.append(time.perf_counter() - t0)
        print(f"mode cible : famille créée (crochet HTTP)  {_median(provisioned)}")
    finally:
        run.stop()


if __name__ == "__main__":
    main()
