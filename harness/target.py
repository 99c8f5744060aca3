"""The ENT under test and the services around it, as the steps see them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Mapping
from urllib.parse import urlencode

from .profile import DEFAULT_CHILDREN, DEFAULT_CHOOSER, DEFAULT_GREETING, DEFAULT_REFUSAL, TargetProfile

UNSOLICITED_SSO = "/idp/profile/SAML2/Unsolicited/SSO"  # Shibboleth's path, on ÉduConnect


@dataclass(frozen=True)
class Target:
    name: str
    ent_url: str
    educonnect_url: str
    advance_clock: Callable[[timedelta], None]
    now: Callable[[], datetime]
    sp_entity_id: str
    login_path: str = "/auth/saml/wayf"
    home_path: str | None = "/"  # None: the ENT's landing page after login is not checked
    labels: Mapping[str, str] = field(default_factory=dict)  # the guide's control names -> this ENT's
    greeting_format: str = DEFAULT_GREETING
    children_list: str = DEFAULT_CHILDREN  # accessible name of the list of the parent's children
    several_records: str = "fusion"  # a parent with several school records: one account, or "choix" of accounts
    chooser_text: str = DEFAULT_CHOOSER
    refusal_text: re.Pattern = re.compile(DEFAULT_REFUSAL, re.IGNORECASE)  # what the ENT shows when it refuses a login

    @property
    def login_url(self) -> str:
        return self.ent_url + self.login_path

    @property
    def home_url(self) -> str:
        return self.ent_url + (self.home_path or "/")

    @property
    def unsolicited_login_url(self) -> str:
        """ÉduConnect's IdP-initiated login into this ENT (what an ENT tile links to)."""
        return self.educonnect_url + UNSOLICITED_SSO + "?" + urlencode({"providerId": self.sp_entity_id})

    def label(self, name: str) -> str:
        """This ENT's accessible name for the control the guide calls `name`."""
        return self.labels.get(name, name)

    def greeting(self, civility: str, first_name: str, last_name: str) -> str:
        """What the ENT shows a logged-in parent (« Bonjour Mme Léa Martin »)."""
        text = self.greeting_format.replace("{civilite}", civility or "").replace("{prenom}", first_name) \
            .replace("{nom}", last_name)
        return re.sub(r" {2,}", " ", text).strip()


def reference_target(stack) -> Target:
    return Target(name="référence", ent_url=stack.urls["ent"], educonnect_url=stack.urls["educonnect"],
                  advance_clock=stack.clock.advance, now=stack.clock.now, sp_entity_id=stack.ent.sp.entity_id)


def profile_target(profile: TargetProfile, stack, sp_entity_id: str) -> Target:
    """A vendor's ENT (target mode), with the reference ÉduConnect and mocks of `stack`."""
    return Target(name=profile.name, ent_url=profile.ent_url, educonnect_url=stack.urls["educonnect"],
                  advance_clock=stack.clock.advance, now=stack.clock.now, sp_entity_id=sp_entity_id,
                  login_path=profile.login_path, home_path=profile.home_path, labels=dict(profile.labels),
                  greeting_format=profile.greeting_template, children_list=profile.children_label,
                  several_records=profile.several_records, chooser_text=profile.chooser_text,
                  refusal_text=profile.refusal_text)
