"""Find a Chromium: Playwright's own if installed, else the system's (Debian's `chromium`)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Flags for a closed network and a root user (see README, "Chromium").
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


class ChromiumNotFound(RuntimeError):
    pass


def playwright_chromium() -> Path | None:
    """The browser `playwright install chromium` would have put in place, if it is there."""
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            path = Path(p.chromium.executable_path)
    except Exception:  # noqa: BLE001 - no driver or no browser: fall back to the system's
        return None
    return path if path.exists() else None


def find_chromium() -> Path:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        if not Path(explicit).exists():
            raise ChromiumNotFound(f"CHROMIUM_PATH={explicit} does not exist")
        return Path(explicit)
    managed = playwright_chromium()
    if managed:
        return managed
    for name in SYSTEM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumNotFound(
        "No Chromium found: install Debian's 'chromium' (scripts/bootstrap does it as root) "
        "or set CHROMIUM_PATH.")
