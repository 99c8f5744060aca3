"""A parent's SMS and mail, as the steps read them: event-driven waits, one
cursor per contact so that « the code received » is always the newest one."""
from __future__ import annotations

from dataclasses import dataclass, field

from mock_services.extract import extract_code

from .timeouts import Timeouts


@dataclass
class Inbox:
    mail_store: object
    sms_store: object
    timeouts: Timeouts = field(default_factory=Timeouts)
    _seen: dict[tuple[str, str], int] = field(default_factory=dict)

    def _store(self, channel: str):
        return self.sms_store if channel == "sms" else self.mail_store

    def next_message(self, channel: str, contact: str, subject: str | None = None):
        """Wait for the next message to `contact` (after the last one read; with
        this subject if given) and return it."""
        key = (channel, contact)
        predicate = None if subject is None else (lambda m: m.subject == subject)
        message = self._store(channel).wait_for(contact, timeout=self.timeouts.event_s, after=self._seen.get(key, 0),
                                                predicate=predicate)
        self._seen[key] = message.id
        return message

    def all_of(self, channel: str, contact: str, count: int, subject: str | None = None) -> list:
        """Wait until `contact` has received `count` messages (with this subject, if given) and
        return every such message so far, however many: the caller asserts on their number."""
        predicate = None if subject is None else (lambda m: m.subject == subject)
        after = 0
        for _ in range(count):
            after = self._store(channel).wait_for(contact, timeout=self.timeouts.event_s, after=after,
                                                  predicate=predicate).id
        return [m for m in self._store(channel).list(to=contact) if predicate is None or predicate(m)]

    def next_text(self, channel: str, contact: str) -> str:
        return self.next_message(channel, contact).text

    def messages(self, channel: str, contact: str) -> list:
        return self._store(channel).list(to=contact)

    def next_code(self, channel: str, contact: str) -> str:
        return extract_code(self.next_text(channel, contact))

    def unread(self, channel: str, contact: str) -> bool:
        seen = self._seen.get((channel, contact), 0)
        return any(m.id > seen for m in self._store(channel).list(to=contact))

    def count(self, channel: str, contact: str) -> int:
        """Messages delivered so far to `contact` (the send happens before the page answers)."""
        return len(self._store(channel).list(to=contact))
