"""The suite's `--disable-features` keeps every feature Playwright turns off (Chromium keeps
only the last of the switch) and adds the suite's own (harness/browser.py)."""
from __future__ import annotations

import os
from pathlib import Path

from harness.browser import DISABLED_FEATURES, features_in, launch_args, playwright_disabled_features

SWITCH = "--disable-features="


def _descendants_cmdlines(root: int) -> dict[int, list[str]]:
    parents: dict[int, int] = {}
    cmdlines: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        ppid = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:"))
        parents[int(entry.name)], cmdlines[int(entry.name)] = ppid, cmdline

    def under_root(pid: int) -> bool:
        while pid in parents:
            if parents[pid] == root:
                return True
            pid = parents[pid]
        return False

    return {pid: cmdlines[pid] for pid in cmdlines if under_root(pid)}


def test_playwright_list_is_read_from_its_driver():
    assert playwright_disabled_features(), (
        "la liste des fonctions que Playwright désactive n'a pas été lue dans son pilote (harness/browser.py) : "
        "sa source a changé de forme, et la suite lance Chromium sans ses propres fonctions désactivées")


def test_every_shape_of_playwright_list_is_read():
    assert features_in('disabledFeatures = [\n  // a comment\n  "MediaRouter",\n  "PaintHolding"\n].filter(Boolean);') \
        == ("MediaRouter", "PaintHolding")
    assert features_in("const disabledFeatures = (assistantMode) => [\n  // c\n  'AcceptCHFrame',\n"
                       "  assistantMode ? 'AutomationControlled' : ''\n].filter(Boolean);") == ("AcceptCHFrame",)
    assert features_in("['--disable-features=LazyFrameLoading,HttpsUpgrades', '--no-first-run']") \
        == ("LazyFrameLoading", "HttpsUpgrades")
    assert features_in("const chromiumSwitches = ['--no-first-run'];") == ()


def test_launched_chromium_keeps_playwright_features_and_adds_ours(browser_type):
    before = _descendants_cmdlines(os.getpid())  # this worker may already run a browser of its own
    browser = browser_type.launch(**launch_args())  # pytest-playwright's Playwright, as the suite's
    try:
        browsers = [c for pid, c in _descendants_cmdlines(os.getpid()).items()
                    if pid not in before and "--remote-debugging-pipe" in c]
    finally:
        browser.close()
    assert browsers  # Debian's wrapper script, then the browser it starts: the same switches
    for command in browsers:
        switches = [arg.removeprefix(SWITCH).split(",") for arg in command if arg.startswith(SWITCH)]
        assert len(switches) == 2, switches  # Playwright's, then the suite's
        playwright_own, effective = switches
        assert playwright_own == list(playwright_disabled_features())  # read as Playwright passes it
        assert set(playwright_own) <= set(effective)
        assert set(DISABLED_FEATURES) <= set(effective)
