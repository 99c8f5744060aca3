"""The SMS the test gateway accepted, by E.164 number."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ..clock import Clock
from ..world import normalise_mobile

DELIVERED = "delivered"
UNDELIVERABLE = "undeliverable"


@dataclass(frozen=True)
class Sms:
    id: int
    sender: str
    to: str  # E.164
    text: str
    received_at: datetime
    status: str  # DELIVERED | UNDELIVERABLE


def _number(to: str) -> str:
    """E.164 for any writing of a number; WorldError (a ValueError) when unreadable."""
    number = normalise_mobile(to)
    if number is None:
        raise ValueError("no phone number given")
    return number


class SmsStore:
    """Thread-safe; `wait_for` blocks on a condition until a matching SMS is delivered."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._cond = threading.Condition(threading.RLock())  # a predicate may read the store
        self._messages: dict[int, Sms] = {}
        self._next_id = 1

    def add(self, sender: str, to: str, text: str, status: str = DELIVERED) -> Sms:
        if status not in (DELIVERED, UNDELIVERABLE):
            raise ValueError(f"unknown SMS status {status!r}")
        number = _number(to)
        with self._cond:
            sms = Sms(self._next_id, sender, number, text, self.clock.now(), status)
            self._messages[sms.id] = sms
            self._next_id += 1
            self._cond.notify_all()
        return sms

    def list(self, to: str | None = None) -> list[Sms]:
        """Oldest first; only those for `to` (any writing) when given."""
        number = _number(to) if to is not None else None
        with self._cond:
            return [s for s in self._messages.values() if number is None or s.to == number]

    def get(self, id: int) -> Sms | None:
        with self._cond:
            return self._messages.get(id)

    def delete(self, id: int | None = None) -> None:
        """Deletes one SMS, or all of them; ids are never reused."""
        with self._cond:
            if id is None:
                self._messages.clear()
            else:
                self._messages.pop(id, None)

    def wait_for(self, to: str, timeout: float = 5.0, after: int = 0,
                 predicate: Callable[[Sms], bool] | None = None) -> Sms:
        """The first delivered SMS for `to` with an id above `after` (and matching `predicate`)."""
        number = _number(to)

        def find() -> Sms | None:
            return next((s for s in self._messages.values()
                         if s.id > after and s.to == number and s.status == DELIVERED
                         and (predicate is None or predicate(s))), None)

        with self._cond:
            sms = self._cond.wait_for(find, timeout)
            if sms is not None:
                return sms
            held = [s for s in self._messages.values() if s.to == number]
            others = sorted({s.to for s in self._messages.values()} - {number})
        if held:
            listing = "; ".join(f"#{s.id} [{s.status}] {s.text!r}" for s in held)
            detail = f"it holds {len(held)} SMS for that number (none matching): {listing}"
        else:
            detail = "it holds nothing for that number" + (f"; other numbers: {', '.join(others)}" if others else "")
        cond = f" with id > {after}" if after else ""
        cond += " matching the predicate" if predicate is not None else ""
        raise TimeoutError(f"no delivered SMS for {number}{cond} within {timeout:g} s; {detail}")
