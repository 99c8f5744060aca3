"""`--appareil`: the device the scenarios run on. `bureau` (default): pytest-playwright's desktop
context; `mobile`: a phone, Playwright's descriptor of a Pixel 7 with Chromium (its viewport,
device scale factor, mobile and touch emulation, user agent), through `browser_context_args`."""
from __future__ import annotations

import pytest

DEVICES = {"bureau": None, "mobile": "Pixel 7"}  # --appareil value -> Playwright device descriptor


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("playwright").addoption(
        "--appareil", default="bureau", metavar="APPAREIL",
        help="appareil simulé : bureau (par défaut) ou mobile (un téléphone Pixel 7 : écran, densité, "
             "tactile, agent utilisateur)")


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("appareil", "bureau")
    if value not in DEVICES:
        raise pytest.UsageError(f"--appareil {value} : appareil inconnu ; valeurs possibles : {', '.join(DEVICES)}")


def pytest_report_header(config: pytest.Config) -> str | None:
    device = device_name(config)
    return f"appareil : mobile ({device})" if device else None


def device_name(config: pytest.Config) -> str | None:
    """The Playwright device emulated, or None on the desktop."""
    return DEVICES.get(config.getoption("appareil", "bureau"))


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, pytestconfig: pytest.Config, playwright):
    name = device_name(pytestconfig)
    if name is None:
        return browser_context_args
    descriptor = {k: v for k, v in playwright.devices[name].items() if k != "default_browser_type"}
    return {**browser_context_args, **descriptor}
