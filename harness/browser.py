"""Find a Chromium and the switches it runs with.

Order: `CHROMIUM_PATH`; Playwright's own browsers if `playwright install` put
them in place (Playwright then chooses); else the system's. Headless runs prefer Debian's
`chromium-headless-shell` (the lighter build Playwright itself uses headless:
about 0.4× the CPU of `chromium` on a login journey here); `--headed` runs and
machines without the shell take `chromium`.
"""
from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path

HEADLESS_CANDIDATES = ("chromium-headless-shell",)
SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Chromium features the suite turns off, on top of Playwright's own list (see CHROMIUM_ARGS)
DISABLED_FEATURES = (
    # a new RenderFrameHost for every document: about 25 ms of CPU per navigation here, 12-15 %
    # of a scenario's whole process tree (two interleaved runs of 36 scenarios: 132 -> 112 and
    # 138 -> 121 CPU-s); what a page sees does not change
    "RenderDocument",
)
# Playwright's list as its releases write it: `disabledFeatures = [` or `disabledFeatures = (assistantMode) => [`
# (whose `assistantMode ? "…" : ""` items are off in a normal launch), or older, one literal switch
_PLAYWRIGHT_LIST = re.compile(r"disabledFeatures\s*=\s*(?:\([^)]*\)\s*=>\s*)?\[(.*?)\]", re.S)
_CONDITIONAL_ITEM = re.compile(r"""\w+\s*\?\s*["'][^"']*["']\s*:\s*["'][^"']*["']""")
_PLAYWRIGHT_SWITCH = re.compile(r"""["']--disable-features=([^"'$]+)["']""")


def features_in(source: str) -> tuple[str, ...]:
    """The features a Playwright driver source turns off; empty if it holds no list we know."""
    listed = _PLAYWRIGHT_LIST.search(source)
    if listed:
        items = _CONDITIONAL_ITEM.sub("", re.sub(r"//[^\n]*", "", listed.group(1)))
        return tuple(re.findall(r"""["']([A-Za-z0-9]+)["']""", items))
    switch = _PLAYWRIGHT_SWITCH.search(source)
    return tuple(switch.group(1).split(",")) if switch else ()


@cache
def playwright_disabled_features() -> tuple[str, ...]:
    """The features Playwright's driver turns off in every Chromium it launches.

    Chromium keeps only the last `--disable-features`, so ours must repeat Playwright's
    list, which its Python package does not expose: it is read from the driver's source.
    Empty if that source has changed shape: the suite then leaves the switch out
    (tests/test_browser_switches.py fails and says so)."""
    from playwright._impl._driver import compute_driver_executable

    lib = Path(compute_driver_executable()[1]).parent / "lib"
    for source in (lib / "coreBundle.js", lib / "server" / "chromium" / "chromiumSwitches.js"):
        if source.exists() and (features := features_in(source.read_text("utf-8"))):
            return features
    return ()


def disabled_features_switch() -> list[str]:
    """One `--disable-features`, Playwright's list then ours; none if Playwright's is unknown."""
    features = [*playwright_disabled_features()]
    if not features:
        return []
    return ["--disable-features=" + ",".join(features + [f for f in DISABLED_FEATURES if f not in features])]


CHROMIUM_ARGS = [
    # a closed network and a root user (README, « Chromium »)
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # every page of a run is served by this machine: one renderer process for all sites
    # instead of a new one per cross-site navigation (which halves a cross-site navigation here)
    "--renderer-process-limit=1",
    *disabled_features_switch(),
]


class ChromiumNotFound(RuntimeError):
    pass


def playwright_has_its_own() -> bool:
    """True when `playwright install chromium` has put Playwright's browsers in place
    (Playwright then picks its headless shell or its full browser itself)."""
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            return Path(p.chromium.executable_path).exists()
    except Exception:  # noqa: BLE001 - no driver or no browser: fall back to the system's
        return False


def find_chromium(headless: bool = True) -> Path | None:
    """The executable to launch; None means Playwright's own (its default choice)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        if not Path(explicit).exists():
            raise ChromiumNotFound(f"CHROMIUM_PATH={explicit} does not exist")
        return Path(explicit)
    if playwright_has_its_own():
        return None
    for name in (HEADLESS_CANDIDATES if headless else ()) + SYSTEM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumNotFound(
        "No Chromium found: install Debian's 'chromium-headless-shell' or 'chromium' "
        "(scripts/bootstrap does it as root) or set CHROMIUM_PATH.")


def launch_args(headless: bool = True) -> dict:
    """Keyword arguments for `BrowserType.launch`."""
    path = find_chromium(headless)
    return {"args": list(CHROMIUM_ARGS), **({"executable_path": str(path)} if path else {})}
