"""How ÉduConnect compares what a parent types with what the school holds:
a mobile number, an e-mail address, a name."""
from __future__ import annotations

import unicodedata

from ...world import WorldError, normalise_mobile
from .errors import JourneyError

CHANNELS = ("sms", "mail")


# RFC 5322's specials, which an unquoted address cannot hold (a second @ among them)
SPECIALS = frozenset('<>()[]\\,;:"@')
MAX_EMAIL = 254  # RFC 5321


def valid_email(address: str) -> bool:
    """An address mail can go to: no space, line break or other invisible character (a header
    would break), no special character, one @, a dot in the domain. Non-ASCII letters are fine."""
    local, _, domain = address.partition("@")
    return bool(local) and "." in domain and not domain.startswith(".") and not domain.endswith(".") \
        and " " not in address and address.isprintable() and len(address) <= MAX_EMAIL \
        and not SPECIALS & set(local + domain)


def normalise_contact(channel: str, value: str) -> str:
    """A number the way the school stores it (E.164), or an address in lower case."""
    value = (value or "").strip()
    if channel not in CHANNELS:
        raise JourneyError("channel-missing")
    if not value:
        raise JourneyError("contact-missing", channel=channel)
    if channel == "mail":
        if not valid_email(value):
            raise JourneyError("email-invalid")
        return value.lower()
    try:
        return normalise_mobile(value)
    except WorldError as err:
        raise JourneyError("mobile-invalid") from err


def fold_name(name: str) -> str:
    """Names compare without case, accents, hyphens or extra spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(plain.replace("-", " ").replace("'", " ").split())
