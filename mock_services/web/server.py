"""Run a WSGI app on a free port of an interface (loopback unless told) in a background thread."""
from __future__ import annotations

import errno
import logging
import signal
import socket
import threading

from werkzeug.serving import BaseWSGIServer, make_server

from ..cli import os_reason

LOOPBACK = "127.0.0.1"
EVERY_INTERFACE = "0.0.0.0"

logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request


def _unset_app(environ, start_response):  # replaced before serving starts
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


class PortError(OSError):
    """A port that cannot be listened on, in French, naming it (the caller adds the fix)."""

    def __init__(self, port: int, host_name: str, err: OSError) -> None:
        reason = "est déjà pris" if err.errno == errno.EADDRINUSE else f": {os_reason(err)}"
        super().__init__(f"le port {port} ({host_name}) {reason}")
        self.port = port


class ServiceThread:
    """Binds a port at construction (so URLs are known), serves after start().
    A port that cannot be bound raises PortError (werkzeug would print English and exit).
    `interface`: the IPv4 address to listen on (0.0.0.0: every interface, for a remote browser)."""

    def __init__(self, name: str, host_name: str, port: int = 0, interface: str = LOOPBACK) -> None:
        self.name = name
        self.host_name = host_name
        self._back = LOOPBACK if interface == EVERY_INTERFACE else interface
        try:
            listening = socket.create_server((interface, port))  # SO_REUSEADDR, as werkzeug
        except OSError as err:
            raise PortError(port, host_name, err) from None
        with listening:  # werkzeug serves on a duplicate of it
            self._server: BaseWSGIServer = make_server(interface, port, _unset_app, threaded=True,
                                                       fd=listening.fileno())
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def app(self):
        return self._server.app

    @property
    def url(self) -> str:
        """The browser-facing URL (Chromium maps *.localhost to loopback)."""
        return f"http://{self.host_name}:{self.port}"

    @property
    def loopback_url(self) -> str:
        """The back-channel URL, for Python clients that cannot resolve *.localhost: the address
        listened on (127.0.0.1 when it is every interface)."""
        return f"http://{self._back}:{self.port}"

    def start(self, app) -> None:
        self._server.app = app
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"service-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()


def wait_until_stopped() -> None:
    """Block until Ctrl-C or SIGTERM (a foreground server's life)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
