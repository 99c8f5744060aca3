"""`*.localhost` names are loopback (RFC 6761): Chromium knows, Python's resolver does not."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from ..cli import os_reason

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
        except FileNotFoundError:
            raise OSError(f"fichier introuvable « {source} »") from None
        except IsADirectoryError:
            raise OSError(f"« {source} » est un dossier, pas un fichier") from None
        except UnicodeDecodeError:
            raise OSError(f"« {source} » n'est pas un texte UTF-8") from None
        except OSError as err:
            raise OSError(f"fichier illisible « {source} » ({os_reason(err)})") from None
    url, host = via_loopback(source)
    try:
        answer = requests.get(url, headers=host, timeout=timeout)
    except requests.Timeout:
        raise OSError(f"{source} ne répond pas en {timeout:g} s") from None
    except requests.ConnectionError:
        raise OSError(f"{source} est injoignable (connexion refusée ou nom inconnu : le service tourne-t-il ?)") \
            from None
    except requests.RequestException as err:
        raise OSError(f"{source} : adresse inutilisable ({type(err).__name__})") from None
    if answer.status_code != 200:
        raise OSError(f"{source} a répondu {answer.status_code}")
    return answer.text
