import socket

import pytest

from mock_services.stack import Stack


@pytest.fixture(scope="module")
def stack():
    with Stack.start() as s:
        yield s


@pytest.fixture
def localhost_names(monkeypatch):
    """`*.localhost` is loopback (RFC 6761), as browsers know; Python's resolver is taught here."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
