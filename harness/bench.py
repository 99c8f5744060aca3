"""`make bench`: how fast the suite and the reference stack are, measured (never asserted).

Printed side by side, in one run:
- the suite (`pytest steps -n 2`, what `make conformance` runs): wall time and
  CPU-seconds of the whole process tree (pytest, its workers, the stacks' threads,
  Playwright's driver, Chromium), and the median scenario;
- the harness against raw Playwright: one login scenario run by the suite and the
  same clicks written as a plain Playwright script, same stack, same browser, in
  interleaved rounds (median and spread of each, and their ratio);
- the stack: import, start and stop, key pair, world set-up; target mode's start;
- with `--complet` (`make bench COMPLET=1`), `make test`'s command as well.

These machines are shared and noisy: read CPU-seconds beside wall time, and
compare runs made at the same moment.

This module is also the pytest plugin the harness rounds load (`-p harness.bench`):
`--repeter=K` runs every selected scenario K times.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from mock_services.cli import ArgumentParser, integer

from .options import count, output_file
from .suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
SCENARIO = "Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant"
SCENARIO_TEST = "test_un_parent_au_compte_activé_se_connecte_et_arrive_dans_lent_avec_son_enfant"


# -- the pytest plugin of the harness rounds ------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bench")
    group.addoption("--repeter", default="0", help="(banc d'essai) jouer chaque scénario K fois")
    group.addoption("--mesures", default=None, help="(banc d'essai) fichier JSON des durées par test")


def pytest_configure(config: pytest.Config) -> None:
    config.option.repeter = count("--repeter", config.option.repeter, "un nombre de répétitions")
    if config.option.mesures:
        config.option.mesures = str(output_file("--mesures", config.option.mesures,
                                                config.invocation_params.dir, "mesures.json"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    times = metafunc.config.getoption("repeter", 0)
    if times and metafunc.definition.name.startswith("test_"):
        metafunc.fixturenames.append("bench_round")
        metafunc.parametrize("bench_round", range(times))


@pytest.fixture
def bench_round(request) -> int:
    return request.param


_durations: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _durations[report.nodeid] = _durations.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = session.config.getoption("mesures", None)
    if path:
        Path(path).write_text(json.dumps(_durations))


# -- measuring ------------------------------------------------------------------------------------

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux's PR_SET_CHILD_SUBREAPER).

    A process's CPU reaches RUSAGE_CHILDREN only when its parent waits for it. Chromium's
    renderer, GPU and utility processes are left to init when Playwright ends the browser, so
    without this the suite's CPU-seconds lose the browser's: 75 CPU-s counted for 129 CPU-s
    that the machine's own counters saw, on 36 scenarios."""
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_orphans(timeout_s: float = 30.0) -> None:
    """Wait for the descendants handed to this process, so that their CPU is counted."""
    def reap() -> None:
        while True:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                return

    reaper = threading.Thread(target=reap, daemon=True)
    reaper.start()
    reaper.join(timeout_s)
    if reaper.is_alive():
        print(f"(des processus lancés par la commande tournent encore après {timeout_s:.0f} s : "
              "leur CPU n'est pas compté)")


def _machine_busy() -> float | None:
    """CPU-seconds of the whole machine so far (every core; /proc/stat, None elsewhere)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    idle = {3, 4}  # idle, iowait
    return sum(int(v) for i, v in enumerate(fields) if i not in idle) / os.sysconf("SC_CLK_TCK")


def _spread(samples: list[float], unit: float = 1000, suffix: str = "ms") -> str:
    return (f"médiane {statistics.median(samples) * unit:7.1f} {suffix}   "
            f"min {min(samples) * unit:7.1f}   max {max(samples) * unit:7.1f}")


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # CPU-seconds of the command's whole process tree
    machine: float | None  # share of the machine's cores busy meanwhile, whoever used them
    done: subprocess.CompletedProcess

    def __str__(self) -> str:
        busy = f"   machine occupée à {self.machine:.0%}" if self.machine is not None else ""
        return f"mur {self.wall:6.1f} s   CPU {self.cpu:6.1f} s{busy}"


def measure_command(args: list[str]) -> Measure:
    """Wall seconds and CPU-seconds of the command's whole process tree (browser included once
    this process is a subreaper: `become_subreaper`)."""
    cpu0, busy0, wall0 = _children_cpu(), _machine_busy(), time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    _reap_orphans()
    wall, busy1 = time.perf_counter() - wall0, _machine_busy()
    machine = (busy1 - busy0) / (wall * (os.cpu_count() or 1)) if busy0 is not None and busy1 is not None else None
    return Measure(wall, _children_cpu() - cpu0, machine, done)


def suite(workers: str, folder: Path) -> None:
    report = folder / "cucumber.json"
    measure = measure_command(
        [*SUITE_PYTEST, "-n", workers, "-q", "-p", "no:cacheprovider",
         f"--junitxml={folder / 'junit.xml'}", f"--cucumber-report={report}",
         f"--html-report={folder / 'index.html'}", f"--output={folder / 'traces'}"])
    done = measure.done
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    print(f"suite (pytest steps -n {workers})   {measure}   ({last})")
    if report.exists():
        scenarios = {e["name"]: sum(s["result"].get("duration", 0) for s in e["steps"]) / 1e9
                     for f in json.loads(report.read_text()) for e in f["elements"]}
        durations = list(scenarios.values())
        slowest = max(scenarios, key=scenarios.get)
        print(f"  scénario                  {_spread(durations)}   ({len(durations)} scénarios)")
        print(f"  le plus long : « {slowest} » ({scenarios[slowest]:.1f} s)")


def harness_round(times: int, folder: Path, *options: str) -> list[float]:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "mesures.json"
    done = subprocess.run([*SUITE_PYTEST, "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                           "-p", "harness.bench", f"--repeter={times}", f"--mesures={out}", "-k", SCENARIO_TEST,
                           f"--output={folder / 'traces'}", *options], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"« {SCENARIO} » by the suite failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    durations = json.loads(out.read_text())
    if len(durations) != times:
        raise RuntimeError(f"{len(durations)} runs of « {SCENARIO} » instead of {times}")
    return list(durations.values())


def raw_round(stack, browser, times: int) -> list[float]:
    """The same scenario as plain Playwright: new context and page, the same clicks and checks."""
    from playwright.sync_api import expect

    samples = []
    for _ in range(times):
        t0 = time.perf_counter()
        family = stack.world.create_family()
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(stack.urls["ent"] + "/auth/saml/wayf")
        page.get_by_role("link", name="PARENT", exact=True).click()
        page.get_by_role("button", name="Responsable d'élève", exact=True).click()
        page.get_by_label(re.compile(r"^Identifiant\s*\*?$")).fill(family.account.login)
        page.get_by_label(re.compile(r"^Mot de passe\s*\*?$")).fill(family.account.password)
        with page.expect_navigation():
            page.get_by_role("button", name="Se connecter").click()
        g = family.guardian
        expect(page.get_by_text(f"Bonjour {g.civility} {g.first_name} {g.last_name}", exact=True)).to_be_visible()
        expect(page).to_have_url(stack.urls["ent"] + "/")
        children = page.get_by_role("list", name="Mes enfants").get_by_role("listitem")
        expect(children).to_have_count(len(family.pupils))
        for pupil, item in zip(family.pupils, children.all()):
            expect(item).to_contain_text(f"{pupil.first_name} {pupil.last_name}")
            expect(item).to_contain_text(pupil.class_name)
        context.close()
        samples.append(time.perf_counter() - t0)
    return samples


def harness_against_raw(rounds: int, times: int, folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    from harness.browser import launch_args
    from mock_services.stack import Stack

    # the same clicks: the suite without its accessibility check (axe-core on each new page, which the
    # raw script does not do), then with it, what a run costs
    harness, checked, raw = [], [], []
    with Stack.start() as stack, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        raw_round(stack, browser, 1)  # warm-up, as the harness's first scenario warms its browser
        for _ in range(rounds):
            raw.extend(raw_round(stack, browser, times))
            harness.extend(harness_round(times, folder, "--sans-accessibilite")[1:])  # the first warms up
            checked.extend(harness_round(times, folder)[1:])
        browser.close()
    print(f"« {SCENARIO} »")
    print(f"  par la suite              {_spread(harness)}")
    print(f"  Playwright seul           {_spread(raw)}")
    print(f"  rapport suite / Playwright seul : {statistics.median(harness) / statistics.median(raw):.2f}"
          f"  ({rounds} tours alternés)")
    print(f"  avec le contrôle d'accessibilité {_spread(checked)}"
          f"  (rapport {statistics.median(checked) / statistics.median(raw):.2f})")


def stack_timings() -> None:
    imports = [_timed(lambda: subprocess.run([sys.executable, "-c", "import mock_services.stack"], cwd=ROOT,
                                             check=True)) for _ in range(3)]
    print(f"import de la pile         {_spread(imports)}  (un processus neuf ; pysaml2 et ses schémas)")
    from mock_services.stack import Stack

    starts, stops, families = [], [], []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        stack = Stack.start()
        t1 = time.perf_counter()
        families.append(_timed(stack.world.create_family))
        t2 = time.perf_counter()
        stack.stop()
        starts.append(t1 - t0)
        stops.append(time.perf_counter() - t2)
    print(f"démarrage de la pile      {_spread(starts)}  ({RUNS} essais)")
    print(f"arrêt de la pile          {_spread(stops)}")
    print(f"famille créée (monde)     {_spread(families)}")

    from mock_services.saml.idp import SamlIdp
    from mock_services.saml.keys import make_keypair
    from mock_services.saml.sp import SamlSp

    keys, pairs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(RUNS):
            folder = Path(tmp) / str(i)
            t0 = time.perf_counter()
            idp_keys, sp_keys = make_keypair("educonnect", folder / "idp"), make_keypair("ent", folder / "sp")
            t1 = time.perf_counter()
            idp = SamlIdp("http://educonnect.localhost:1", idp_keys, folder / "saml-idp")
            sp = SamlSp("http://ent.localhost:2", sp_keys, folder / "saml-sp", idp.metadata_xml())
            idp.add_sp_metadata(sp.metadata_xml())
            keys.append((t1 - t0) / 2)
            pairs.append(time.perf_counter() - t1)
    print(f"paire de clés RSA 2048    {_spread(keys)}")
    print(f"IdP et SP SAML construits {_spread(pairs)}")


def _timed(call) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def target_mode_timings() -> None:
    from harness.profile import load_profile
    from harness.target_mode import start

    t0 = time.perf_counter()
    run = start(load_profile(ROOT / "targets" / "reference.toml"))  # ÉduConnect, mocks, the ENT as a process
    print(f"mode cible : démarrage (pile + ENT de référence à part + métadonnées) "
          f"{(time.perf_counter() - t0) * 1000:7.1f} ms")
    try:
        provisioned = [_timed(run.stack.world.create_family) for _ in range(RUNS)]
        print(f"mode cible : famille créée (crochet HTTP)  {_spread(provisioned)}")
    finally:
        run.stop()


def workers(text: str) -> str:
    """--workers: what pytest-xdist's -n takes."""
    if text in ("auto", "logical") or (text.isdigit() and int(text) >= 1):
        return text
    raise argparse.ArgumentTypeError(f"un nombre de processus ≥ 1, ou « auto », est attendu (reçu « {text} »)")


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m harness.bench", description="Mesure la vitesse de la suite et de la pile.")
    parser.add_argument("--workers", type=workers, default="2",
                        help="processus de la suite (par défaut 2, comme -n auto ici ; « auto » : un par cœur)")
    parser.add_argument("--tours", type=integer(1, what="un nombre de tours"), default=3,
                        help="tours alternés suite / Playwright seul")
    parser.add_argument("--complet", action="store_true", help="mesurer aussi la commande de make test")
    args = parser.parse_args(argv)
    reaping = become_subreaper()
    print(f"machine : {os.cpu_count()} cœur(s), charge {os.getloadavg()[0]:.1f}"
          + ("" if reaping else " ; CPU des processus du navigateur que Playwright laisse à init non compté"))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        folder = Path(tmp)
        suite(args.workers, folder / "suite")
        harness_against_raw(args.tours, 6, folder / "tours")
        if args.complet:
            measure = measure_command([sys.executable, "-m", "pytest", "tests", "steps", "-n", "3", "-q",
                                               "-p", "no:cacheprovider", f"--junitxml={folder / 'test.xml'}",
                                               f"--cucumber-report={folder / 'test.json'}",
                                               f"--output={folder / 'test-traces'}"])
            last = measure.done.stdout.strip().splitlines()[-1] if measure.done.stdout.strip() else ""
            print(f"make test (pytest tests steps -n 3)   {measure}   ({last})")
    stack_timings()
    target_mode_timings()
    return 0


if __name__ == "__main__":
    sys.exit(main())
