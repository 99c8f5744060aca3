"""The virtual clock every service reads for business expiries.

Tests move it forward (`advance`) instead of waiting for real time. A test that
checks an expiry to the second stops wall time first (`frozen`), so that a slow
machine's elapsed seconds do not count.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone


class Clock:
    """Wall time plus an offset that only ever moves forward."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._stopped_at: datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return (self._stopped_at or datetime.now(timezone.utc)) + self._offset

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """Wall time stands still inside the block (`advance` still moves the clock);
        after it, the clock catches up with wall time, so it never goes back."""
        with self._lock:
            self._stopped_at = datetime.now(timezone.utc)
        try:
            yield
        finally:
            with self._lock:
                self._stopped_at = None

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the virtual clock only moves forward")
        with self._lock:
            self._offset += delta

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset
