"""harness.device: `--appareil mobile` runs the main journeys on a phone, and they pass there; a
probe plugin reads, after each step, what the page sees of the device (a Pixel 7's viewport, touch,
user agent) and that the page does not scroll sideways. A bad value is refused in French."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from harness.suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
PIXEL_7_WIDTH = 412  # CSS pixels, Playwright's descriptor
SELECTION = "connecte_et_arrive or (active_son_compte_canal and SMS)"  # login; activation by SMS

PROBE = '''
import json, os
from playwright.sync_api import Error


def pytest_bdd_after_step(request, step):
    page = request.getfixturevalue("page")
    if not page.url.startswith("http"):  # about:blank before the first page
        return
    try:
        seen = page.evaluate("""() => ({width: innerWidth, agent: navigator.userAgent,
            touch: matchMedia("(pointer: coarse)").matches, scroll: document.documentElement.scrollWidth})""")
    except Error:  # a navigation under way
        return
    with open(os.environ["APPAREIL_SONDE"], "a", encoding="utf-8") as out:
        out.write(json.dumps({**seen, "url": page.url, "step": step.name}) + "\\n")
'''


def test_the_main_journeys_pass_on_a_phone(tmp_path):
    (tmp_path / "sonde_appareil.py").write_text(PROBE, "utf-8")
    seen = tmp_path / "vu.jsonl"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
           "APPAREIL_SONDE": str(seen)}
    done = subprocess.run(
        [*SUITE_PYTEST, "-m", "ent", "-k", SELECTION, "--appareil", "mobile",
         "-p", "sonde_appareil", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--sans-trace",
         f"--output={tmp_path / 'traces'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "2 passed" in done.stdout, done.stdout[-3000:]
    pages = [json.loads(line) for line in seen.read_text("utf-8").splitlines()]
    assert len({p["url"].split("?")[0] for p in pages}) >= 3, pages  # the ENT's, ÉduConnect's…
    for page in pages:
        assert page["width"] == PIXEL_7_WIDTH and page["touch"], page
        assert "Android" in page["agent"] and "Mobile" in page["agent"], page
        assert page["scroll"] <= page["width"], f"la page défile horizontalement sur un téléphone : {page}"


def test_an_unknown_device_is_refused_naming_the_allowed_ones():
    done = subprocess.run([*SUITE_PYTEST, "--appareil", "tablette", "--collect-only",
                           "-q", "-p", "no:cacheprovider", "-o", "addopts="],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 4  # pytest's usage error
    assert "--appareil tablette : appareil inconnu ; valeurs possibles : bureau, mobile" in done.stderr
