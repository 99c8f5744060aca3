"""Codes and links out of mail and SMS texts, as a person reading them would."""
from __future__ import annotations

import html
import re

_URL = re.compile(r"https?://[^\s<>\"'«»]+")
_TRAILING = ".,;:!?"


def _trim(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets glued to a URL."""
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] in ")]}" and url.count(url[-1]) > url.count({")": "(", "]": "[", "}": "{"}[url[-1]]):
            url = url[:-1]
        else:
            break
    return url


def split_links(text: str) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each flagged True when it is a link (for pages to render)."""
    pieces, pos = [], 0
    for m in _URL.finditer(text):
        link = _trim(m.group())
        if not link.partition("://")[2]:
            continue
        if m.start() > pos:
            pieces.append((text[pos:m.start()], False))
        pieces.append((link, True))
        pos = m.start() + len(link)
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def extract_code(text: str, digits: int = 6) -> str:
    """The one run of exactly `digits` digits (it may appear more than once)."""
    codes = list(dict.fromkeys(re.findall(rf"(?<![0-9])[0-9]{{{digits}}}(?![0-9])", text)))
    if len(codes) != 1:
        found = ", ".join(codes) if codes else "none"
        raise ValueError(f"expected exactly one {digits}-digit code, found {found} in: {text!r}")
    return codes[0]


def extract_links(text: str) -> list[str]:
    """http(s) links in order of appearance, without repeats; HTML entities are decoded."""
    links = (_trim(html.unescape(m.group())) for m in _URL.finditer(text))
    return list(dict.fromkeys(link for link in links if link.partition("://")[2]))


def extract_link(text: str, contains: str | None = None) -> str:
    """The one link (containing `contains`, if given)."""
    links = [link for link in extract_links(text) if contains is None or contains in link]
    if len(links) != 1:
        what = f"links containing {contains!r}" if contains else "links"
        raise ValueError(f"expected exactly one of the {what}, found {links or 'none'} in: {text!r}")
    return links[0]
