"""The mailboxes of the test mail server: every message, whoever it is for."""
from __future__ import annotations

import email.message
import email.utils
import threading
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from html.parser import HTMLParser
from typing import Callable, Iterable

from ..clock import Clock


@dataclass(frozen=True)
class Mail:
    id: int
    sender: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str | None
    received_at: datetime


def _header(message: email.message.Message, name: str) -> str:
    """A header as text, whatever the message's policy (RFC 2047 words decoded)."""
    values = message.get_all(name) or []
    return ", ".join(str(make_header(decode_header(str(v)))) for v in values)


def _part_text(part: email.message.Message) -> str:
    payload = part.get_payload(decode=True) or b""
    try:
        text = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # unknown charset name
        text = payload.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n")


class _TextOfHtml(HTMLParser):
    """Readable text of an HTML body, with each link's target after its label."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li", "h1", "h2", "h3"):
            self.chunks.append("\n")
        if tag == "a" and (href := dict(attrs).get("href")):
            self.chunks.append(f" {href} ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.chunks).splitlines())
    return "\n".join(line for line in lines if line)


class MailStore:
    """Thread-safe; `wait_for` blocks on a condition until a matching mail arrives."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._cond = threading.Condition(threading.RLock())  # a predicate may read the store
        self._mails: dict[int, Mail] = {}
        self._next_id = 1

    def add(self, message: email.message.Message, recipients: Iterable[str] | None = None) -> Mail:
        """Stores `message`; `recipients` (the SMTP envelope) win over To/Cc when given.

        `text` is the text/plain part, or the text of the HTML part when there is none."""
        if recipients is None:
            recipients = [addr for _, addr in email.utils.getaddresses([_header(message, "To"), _header(message, "Cc")])]
        to = tuple(dict.fromkeys(r.strip().lower() for r in recipients if r and r.strip()))
        text = html = None
        for part in message.walk():
            if part.is_multipart() or part.get_content_disposition() == "attachment":
                continue
            if part.get_content_type() == "text/plain" and text is None:
                text = _part_text(part)
            elif part.get_content_type() == "text/html" and html is None:
                html = _part_text(part)
        if text is None:
            text = html_to_text(html) if html else ""
        with self._cond:
            mail = Mail(self._next_id, _header(message, "From"), to, _header(message, "Subject"), text, html,
                        self.clock.now())
            self._mails[mail.id] = mail
            self._next_id += 1
            self._cond.notify_all()
        return mail

    def list(self, to: str | None = None) -> list[Mail]:
        """Oldest first; only those for `to` (any case) when given."""
        with self._cond:
            mails = list(self._mails.values())
        if to is not None:
            to = to.strip().lower()
            mails = [m for m in mails if to in m.to]
        return mails

    def get(self, id: int) -> Mail | None:
        with self._cond:
            return self._mails.get(id)

    def delete(self, id: int | None = None) -> None:
        """Deletes one mail, or all of them; ids are never reused."""
        with self._cond:
            if id is None:
                self._mails.clear()
            else:
                self._mails.pop(id, None)

    def wait_for(self, to: str, timeout: float = 5.0, after: int = 0,
                 predicate: Callable[[Mail], bool] | None = None) -> Mail:
        """The first mail for `to` with an id above `after` (and matching `predicate`)."""
        address = to.strip().lower()

        def find() -> Mail | None:
            return next((m for m in self._mails.values()
                         if m.id > after and address in m.to and (predicate is None or predicate(m))), None)

        with self._cond:
            mail = self._cond.wait_for(find, timeout)
            if mail is not None:
                return mail
            held = [m for m in self._mails.values() if address in m.to]
            others = sorted({r for m in self._mails.values() for r in m.to} - {address})
        if held:
            listing = "; ".join(f"#{m.id} {m.subject!r}" for m in held)
            detail = f"it holds {len(held)} mail(s) for that address (none matching): {listing}"
        else:
            detail = "it holds nothing for that address" + (f"; other recipients: {', '.join(others)}" if others else "")
        cond = f" with id > {after}" if after else ""
        cond += " matching the predicate" if predicate is not None else ""
        raise TimeoutError(f"no mail for {address}{cond} within {timeout:g} s; {detail}")
