"""`*.localhost` names are loopback (RFC 6761): Chromium knows, Python's resolver does not."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

LOOPBACK = "127.0.0.1"


def via_loopback(url: str) -> tuple[str, dict[str, str]]:
    """(URL to request, extra headers): a `*.localhost` URL goes to 127.0.0.1 with its Host header."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host.endswith(".localhost"):
        return url, {}
    netloc = LOOPBACK + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": parts.netloc}


def read_document(source: str, timeout: float = 10) -> str:
    """The text at an http(s) URL (200 only) or in a file; OSError with a French reason otherwise."""
    if not source.startswith(("http://", "https://")):
        try:
            return Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise OSError(f"fichier illisible {source} ({err})") from None
    url, host = via_loopback(source)
    try:
        answer = requests.get(url, headers=host, timeout=timeout)
    except requests.RequestException as err:
        raise OSError(f"{source} est injoignable ({err})") from None
    if answer.status_code != 200:
        raise OSError(f"{source} a répondu {answer.status_code}")
    return answer.text
