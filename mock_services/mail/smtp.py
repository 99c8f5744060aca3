"""The test mail server: an aiosmtpd SMTP listener on loopback that files every
message it accepts into a MailStore."""
from __future__ import annotations

import email
import email.policy
import logging
import socket

from aiosmtpd.controller import Controller

from .store import MailStore

LOOPBACK = "127.0.0.1"
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


class _Handler:
    def __init__(self, store: MailStore) -> None:
        self.store = store

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.store.add(message, recipients=envelope.rcpt_tos)
        return "250 Message accepted for delivery"


class _BoundController(Controller):
    """Serves on a socket bound beforehand. Controller(port=0) cannot work (it probes
    the port it was given), and binding first leaves no window for another process
    to take a port picked as free."""

    def __init__(self, handler, sock: socket.socket, **kwargs) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **kwargs)
        self._sock = sock

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class SmtpServer:
    def __init__(self, store: MailStore, host: str = LOOPBACK, port: int = 0) -> None:
        self.store = store
        self.host = host
        self.port: int | None = None
        self._wanted_port = port
        self._controller: Controller | None = None

    def start(self) -> None:
        if self._controller is not None:
            raise RuntimeError("the SMTP server is already running")
        # proto must be IPPROTO_TCP, not 0: asyncio only sets TCP_NODELAY on such
        # sockets, and without it Nagle costs ~40 ms on the multi-line EHLO reply.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._wanted_port))
            sock.listen(100)
            sock.setblocking(False)
            # A controller's event loop dies with it, hence a new one per start;
            # server_hostname spares socket.getfqdn(), which may wait on DNS.
            controller = _BoundController(_Handler(self.store), sock, server_hostname="localhost",
                                          enable_SMTPUTF8=True)
            controller.start()
        except BaseException:
            sock.close()
            raise
        self._controller, self.port = controller, sock.getsockname()[1]

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> "SmtpServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
