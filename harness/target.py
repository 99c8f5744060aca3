"""The ENT under test and the services around it, as the steps see them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable


@dataclass(frozen=True)
class Target:
    name: str
    ent_url: str
    educonnect_url: str
    advance_clock: Callable[[timedelta], None]
    now: Callable[[], datetime]
    login_path: str = "/auth/saml/wayf"
    home_path: str = "/"

    @property
    def login_url(self) -> str:
        return self.ent_url + self.login_path

    @property
    def home_url(self) -> str:
        return self.ent_url + self.home_path


def reference_target(stack) -> Target:
    return Target(name="référence", ent_url=stack.urls["ent"], educonnect_url=stack.urls["educonnect"],
                  advance_clock=stack.clock.advance, now=stack.clock.now)
