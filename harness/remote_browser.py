"""Scenarios in a remote Playwright browser server: `--navigateur-distant ws://host:port/`.

The server (`python -m playwright run-server --port 3000 --unsafe`, or `npx playwright
run-server`) launches Chromium itself, one per connection (per xdist worker), with the launch
options pytest-playwright sends in the `x-playwright-launch-options` header of its `connect`:
headless, the suite's switches (harness/browser.py) and, with `--chromium-distant`, the path
of Chromium on the server's machine. A server started without `--unsafe` drops the switches
and the path (it then uses its own Playwright browsers).

The reference stack listens on `--interface-pile` (default 127.0.0.1). A browser on another
machine reaches its `*.localhost` names through Chromium's `--host-resolver-rules`, mapped to
`--hote-pile` (default: the interface's address, or for 0.0.0.0 this machine's address on the
route to the server). Chromium sends `*.localhost` to 127.0.0.1 itself: no rule for that one.
(Playwright's `expose_network="<loopback>"` would tunnel the browser's traffic back here with no
open interface, but the tunnel's end resolves names with the system's resolver, which knows no
`*.localhost`: ENOTFOUND here.)

A bad value stops the run before the first scenario (French pytest.UsageError); a browser
that cannot be launched, or that cannot reach the stack, fails the scenarios with one French
line saying why.
"""
from __future__ import annotations

import inspect
import ipaddress
import json
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from mock_services.cli import os_reason
from mock_services.web.server import EVERY_INTERFACE, LOOPBACK

from .browser import CHROMIUM_ARGS

CONNECT_TIMEOUT_S = 5.0  # the server's port, checked when the run starts
LAUNCH_TIMEOUT_MS = 30_000  # connecting and launching Chromium on the server
SERVER = "python -m playwright run-server --port 3000 --unsafe"
_REMOTE = pytest.StashKey["Remote | None"]()
_INTERFACE = pytest.StashKey[str]()


@dataclass(frozen=True)
class Remote:
    endpoint: str
    executable: str | None  # Chromium on the server's machine (None: the server's own choice)
    stack_host: str | None  # where the browser finds the stack's *.localhost names (None: 127.0.0.1)

    def launch_options(self, headless: bool = True) -> dict:
        """Playwright's launch options, as the server reads them (camelCase)."""
        args = list(CHROMIUM_ARGS)
        if self.stack_host is not None:
            args.append(f"--host-resolver-rules=MAP *.localhost {self.stack_host}")
        options: dict = {"headless": headless, "args": args, "timeout": LAUNCH_TIMEOUT_MS}
        if self.executable:
            options["executablePath"] = self.executable
        return options


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("playwright")
    group.addoption(
        "--navigateur-distant", dest="remote_browser", metavar="URL", default=None,
        help="passer les scénarios dans le navigateur d'un serveur Playwright distant, par exemple "
        f"ws://machine:3000/ (serveur : « {SERVER} »)")
    group.addoption(
        "--chromium-distant", dest="remote_chromium", metavar="CHEMIN", default=None,
        help="avec --navigateur-distant : le Chromium que lance le serveur, chemin sur sa machine "
        "(par exemple /usr/bin/chromium-headless-shell ; le serveur doit être lancé avec --unsafe)")
    group.addoption(
        "--interface-pile", dest="stack_interface", metavar="ADRESSE", default=LOOPBACK,
        help="l'adresse IPv4 où écoute la pile de référence (par défaut 127.0.0.1 ; 0.0.0.0 : toutes "
        "les interfaces, pour un navigateur distant sur une autre machine)")
    group.addoption(
        "--hote-pile", dest="stack_host", metavar="HÔTE", default=None,
        help="avec --navigateur-distant : le nom ou l'adresse de cette machine pour le navigateur "
        "distant (par défaut : l'adresse de --interface-pile ; pour 0.0.0.0, celle de cette machine "
        "vers le serveur)")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_INTERFACE] = interface = check_interface(config.getoption("stack_interface"))
    if interface != LOOPBACK and config.getoption("--target", None):
        raise pytest.UsageError("--interface-pile : le mode cible (--target) garde sa pile sur 127.0.0.1")
    url = config.getoption("remote_browser")
    for option, dest in (("--chromium-distant", "remote_chromium"), ("--hote-pile", "stack_host")):
        if config.getoption(dest) is not None and url is None:
            raise pytest.UsageError(f"{option} : ne sert qu'avec --navigateur-distant ws://machine:port/")
    if url is None:
        config.stash[_REMOTE] = None
        return
    host, port = check_endpoint(url)
    if not hasattr(config, "workerinput"):  # once, in the controller
        check_reachable(url, host, port)
    stack_host = config.getoption("stack_host")
    if stack_host is not None and not stack_host.strip():
        raise pytest.UsageError("--hote-pile : valeur vide ; donnez le nom ou l'adresse de cette machine")
    if stack_host is not None and interface == LOOPBACK:
        raise pytest.UsageError(f"--hote-pile {stack_host} : la pile n'écoute que sur 127.0.0.1 ; ajoutez "
                                "--interface-pile 0.0.0.0 (ou l'adresse de l'interface vers le navigateur)")
    if stack_host is None:
        stack_host = towards(host, port) if interface == EVERY_INTERFACE else interface
    config.stash[_REMOTE] = Remote(url, config.getoption("remote_chromium"),
                                   None if stack_host in (LOOPBACK, "localhost") else stack_host)


def remote(config: pytest.Config) -> Remote | None:
    """The remote browser server of this run (None: Chromium is launched here)."""
    return config.stash.get(_REMOTE, None)


def stack_interface(config: pytest.Config) -> str:
    return config.stash.get(_INTERFACE, LOOPBACK)


def check_interface(value: str) -> str:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if not isinstance(address, ipaddress.IPv4Address):
        raise pytest.UsageError(f"--interface-pile : « {value} » n'est pas une adresse IPv4 ; par exemple "
                                "127.0.0.1 (par défaut) ou 0.0.0.0 (toutes les interfaces)")
    return str(address)


def check_endpoint(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("ws", "wss") or not parts.hostname or port == -1:
        raise pytest.UsageError(f"--navigateur-distant : « {url} » n'est pas une adresse ws:// ou wss:// ; "
                                f"par exemple ws://machine:3000/ (serveur : « {SERVER} »)")
    return parts.hostname, port or (443 if parts.scheme == "wss" else 80)


def check_reachable(url: str, host: str, port: int) -> None:
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            pass
    except socket.gaierror:
        raise pytest.UsageError(f"--navigateur-distant : {url} est injoignable (nom « {host} » inconnu)") from None
    except TimeoutError:
        raise pytest.UsageError(f"--navigateur-distant : {url} ne répond pas en {CONNECT_TIMEOUT_S:g} s ; "
                                f"le serveur tourne-t-il (« {SERVER} ») ?") from None
    except OSError as err:
        reason = "connexion refusée" if isinstance(err, ConnectionRefusedError) else os_reason(err)
        raise pytest.UsageError(f"--navigateur-distant : {url} est injoignable ({reason}) ; lancez-y "
                                f"le serveur Playwright (« {SERVER} ») ou corrigez l'adresse") from None


def towards(host: str, port: int) -> str:
    """This machine's address on the route to host (a UDP socket's connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((host, port))
        return probe.getsockname()[0]


# --- fixtures (pytest-playwright's, in remote mode) ------------------------------------------------


@pytest.fixture(scope="session")
def connect_options(pytestconfig, browser_type_launch_args):
    """pytest-playwright connects instead of launching when this is not None."""
    server = remote(pytestconfig)
    if server is None:
        return None
    options = server.launch_options(headless=browser_type_launch_args.get("headless", True))
    return {_endpoint_parameter(): server.endpoint, "timeout": LAUNCH_TIMEOUT_MS,
            "headers": {"x-playwright-launch-options": json.dumps(options)}}


def _endpoint_parameter() -> str:
    """`BrowserType.connect`'s first parameter: `endpoint` in recent Playwrights, `ws_endpoint` in older ones."""
    from playwright.sync_api import BrowserType

    return [name for name in inspect.signature(BrowserType.connect).parameters if name != "self"][0]


@pytest.fixture(scope="session")
def browser(launch_browser, pytestconfig, request):
    """pytest-playwright's browser; a remote one that cannot start or cannot reach the stack
    fails the scenarios with one French line."""
    server = remote(pytestconfig)
    if server is None:
        browser = launch_browser()
        yield browser
        browser.close()
        return
    browser, why = _connect(launch_browser, server)
    if browser is None:
        pytest.fail(why, pytrace=False)
    try:
        why = reach(browser, server, request.getfixturevalue("reference_stack").services["educonnect"].url)
        if why:
            pytest.fail(why, pytrace=False)
        yield browser
    finally:
        browser.close()


def _connect(launch_browser, server: Remote):
    """(the browser, None), or (None, why not in French)."""
    from playwright.sync_api import Error

    try:
        return launch_browser(), None
    except Error as err:
        reason = _first_line(err)
    hint = ("le serveur doit être lancé avec --unsafe pour --chromium-distant" if server.executable else
            "installez les navigateurs de Playwright sur sa machine (playwright install chromium), ou donnez "
            "--chromium-distant avec un serveur lancé en --unsafe")
    return None, f"--navigateur-distant {server.endpoint} : le serveur n'a pas lancé Chromium ({reason}) ; {hint}"


def reach(browser, server: Remote, url: str) -> str | None:
    """None if the remote browser opens a page of the stack; else why not, in French."""
    from playwright.sync_api import Error

    page = browser.new_page()
    try:
        page.goto(url, timeout=LAUNCH_TIMEOUT_MS)
        return None
    except Error as err:
        reason = _first_line(err)
    finally:
        page.close()
    where = f"*.localhost → {server.stack_host}" if server.stack_host else "*.localhost → 127.0.0.1, sa propre machine"
    return (f"--navigateur-distant : le navigateur distant n'atteint pas la pile ({url}, {where} : {reason}) ; "
            "pour un navigateur sur une autre machine, donnez --interface-pile 0.0.0.0 (et --hote-pile si besoin) "
            "et lancez le serveur avec --unsafe")


def _first_line(err: Exception) -> str:
    """Playwright's reason: its net:: code, else its message's first line."""
    text = str(err).strip()
    code = re.search(r"net::\w+", text)
    return code.group(0) if code else (text.splitlines()[0] if text else type(err).__name__)
