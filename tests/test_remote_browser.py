"""--navigateur-distant: the scenarios in the Chromium of a Playwright browser server
(`playwright run-server`, started here on a free port), the stack on another loopback address
that the browser reaches only through the host-resolver rule; bad values stop the run in French."""
from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from playwright._impl._driver import compute_driver_executable, get_driver_env
from pytest_bdd.scenario import make_python_name

from harness.browser import CHROMIUM_ARGS, find_chromium
from harness.remote_browser import Remote, check_endpoint, check_interface, check_reachable
from harness.suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
# two short journeys over three *.localhost services (ENT, ÉduConnect, and back)
SCENARIOS = ["La page d'authentification de l'ENT propose les cinq profils",
             "Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant"]
STACK_ADDRESS = "127.0.0.2"  # loopback, but not where Chromium sends *.localhost by itself
LAUNCHED = "engaged launch mode"  # the server's log line (DEBUG=pw:server) for each browser it launches


class BrowserServer:
    """`playwright run-server` on a free loopback port, its output read line by line."""

    def __init__(self, *, unsafe: bool = True) -> None:
        node, cli = compute_driver_executable()
        command = [node, cli, "run-server", "--port", "0", "--host", "127.0.0.1", *(["--unsafe"] if unsafe else [])]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**get_driver_env(), "DEBUG": "pw:server"})
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.endpoint = self.wait_for(r"Listening on (ws://\S+)", 30).group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {pattern!r} from the server in {timeout} s: {self.lines[-5:]}") from None
            if line is None:
                raise AssertionError(f"the server ended: {self.lines[-5:]}")
            self.lines.append(line)
            if found := re.search(pattern, line):
                return found

    def drain(self) -> list[str]:
        """Every line the server printed so far."""
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                return self.lines
            if line is not None:
                self.lines.append(line)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server():
    started = BrowserServer()
    yield started
    started.stop()


def by_name(names: list[str]) -> str:
    return " or ".join(f"test_{make_python_name(name)}" for name in names)


def run_suite(tmp_path: Path, *options: str, names: list[str] = SCENARIOS) -> tuple[subprocess.CompletedProcess,
                                                                                    dict[str, str]]:
    """The suite on `names`, a local launch made impossible (CHROMIUM_PATH names nothing)."""
    report = tmp_path / "cucumber.json"
    env = {**os.environ, "CHROMIUM_PATH": str(tmp_path / "pas-de-chromium-ici")}
    done = subprocess.run(
        [*SUITE_PYTEST, "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "-p", "no:randomly", f"--cucumber-report={report}", f"--output={tmp_path / 'traces'}", "--sans-trace",
         "-k", by_name(names), *options],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False, env=env)
    statuses = {}
    if report.exists():
        for feature in json.loads(report.read_text("utf-8")):
            for element in feature["elements"]:
                results = {s["result"]["status"] for s in element["steps"]}
                statuses[element["name"]] = "passed" if results == {"passed"} else "failed"
    return done, statuses


def test_scenarios_pass_in_the_remote_browser(server, tmp_path):
    chromium = find_chromium(headless=True)
    mark = len(server.drain())
    done, statuses = run_suite(tmp_path, f"--navigateur-distant={server.endpoint}", f"--chromium-distant={chromium}",
                               f"--interface-pile={STACK_ADDRESS}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert statuses == {name: "passed" for name in SCENARIOS}
    # the server launched the one browser of this run (a local launch would have failed: no CHROMIUM_PATH)
    server.wait_for(LAUNCHED, 10)
    assert sum(LAUNCHED in line for line in server.drain()[mark:]) == 1


def test_a_browser_that_cannot_reach_the_stack_fails_in_french(server, tmp_path):
    """The host-resolver rule sends *.localhost where nothing listens: one French line says why."""
    done, statuses = run_suite(tmp_path, f"--navigateur-distant={server.endpoint}",
                               f"--chromium-distant={find_chromium(headless=True)}",
                               f"--interface-pile={STACK_ADDRESS}", "--hote-pile=127.0.0.3", names=SCENARIOS[:1])
    assert done.returncode == 1
    assert "le navigateur distant n'atteint pas la pile" in done.stdout, done.stdout[-3000:]


def test_launch_options_map_localhost_only_to_another_host():
    here = Remote("ws://machine:3000/", None, None).launch_options()
    assert here == {"headless": True, "args": CHROMIUM_ARGS, "timeout": 30_000}
    there = Remote("ws://machine:3000/", "/usr/bin/chromium", "192.0.2.7").launch_options(headless=False)
    assert there["args"][-1] == "--host-resolver-rules=MAP *.localhost 192.0.2.7"
    assert there["executablePath"] == "/usr/bin/chromium" and there["headless"] is False


@pytest.mark.parametrize("url", ["http://machine:3000/", "machine:3000", "ws://", "ws://machine:port/"])
def test_not_a_websocket_address(url):
    with pytest.raises(pytest.UsageError, match=r"^--navigateur-distant : « .* » n'est pas une adresse ws:// ou wss://"):
        check_endpoint(url)


def test_an_unreachable_server():
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(pytest.UsageError, match=r"^--navigateur-distant : ws://127\.0\.0\.1:\d+/ est injoignable "
                                                r"\(connexion refusée\)"):
        check_reachable(f"ws://127.0.0.1:{port}/", "127.0.0.1", port)


@pytest.mark.parametrize("value", ["tout", "::1", "300.1.1.1", ""])
def test_not_an_ipv4_interface(value):
    with pytest.raises(pytest.UsageError, match="^--interface-pile : .* n'est pas une adresse IPv4"):
        check_interface(value)


def test_a_bad_value_stops_the_run_before_any_scenario(tmp_path):
    done = subprocess.run(
        [*SUITE_PYTEST, "--collect-only", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "--navigateur-distant=http://machine:3000/"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 4
    assert "ERROR: --navigateur-distant : « http://machine:3000/ » n'est pas une adresse ws:// ou wss://" in done.stderr
