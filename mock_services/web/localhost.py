"""`*.localhost` names are loopback (RFC 6761): Chromium knows, Python's resolver does not."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

LOOPBACK = "127.0.0.1"


def via_loopback(url: str) -> tuple[str, dict[str, str]]:
    """(URL to request, extra headers): a `*.localhost` URL goes to 127.0.0.1 with its Host header."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host.endswith(".localhost"):
        return url, {}
    netloc = LOOPBACK + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": parts.netloc}
