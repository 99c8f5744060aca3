"""How long the suite waits, in one place: Playwright's actions and assertions,
and the stack's events (a mail, an SMS, a SAML logout in ÉduConnect's journal).

The `timeouts` fixture applies them to every browser context of a scenario; a
proof (harness/proofs.py) shortens them all for the one step it names.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import BrowserContext, expect

ACTION_MS = 10_000  # a click or a navigation not done in 10 s will not be (Playwright's 30 s only delays a verdict)
EXPECT_MS = 5_000  # Playwright's default for web-first assertions
EVENT_S = 10.0  # a message the stack sends arrives in milliseconds


@dataclass
class Timeouts:
    action_ms: float = ACTION_MS
    expect_ms: float = EXPECT_MS
    event_s: float = EVENT_S
    _contexts: list[BrowserContext] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Apply the action timeout to `context` (and its new tabs), now and on every change."""
        self._contexts.append(context)
        context.set_default_timeout(self.action_ms)

    def set(self, action_ms: float, expect_ms: float, event_s: float) -> None:
        self.action_ms, self.expect_ms, self.event_s = action_ms, expect_ms, event_s
        expect.set_options(timeout=expect_ms)
        for context in self._contexts:
            context.set_default_timeout(action_ms)

    def shorten(self, ms: float) -> None:
        self.set(ms, ms, ms / 1000)

    def reset(self) -> None:
        self.set(ACTION_MS, EXPECT_MS, EVENT_S)


@pytest.fixture
def timeouts():
    waits = Timeouts()
    yield waits
    expect.set_options(timeout=EXPECT_MS)  # expect's timeout is global to the process
