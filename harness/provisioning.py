"""Client of an ENT's provisioning hook: create or replace a test parent and their children.

Contract (the reference ENT's, mock_services/ent/directory.py):
  POST <url>, Authorization: Bearer <token>, Content-Type: application/json
  {"external_id": "CRETEIL-1234567", "civility": "Mme", "first_name": "Léa", "last_name": "Martin",
   "children": [{"first_name": "Tom", "last_name": "Martin", "class_name": "CPa",
                 "school_name": "École Jules Ferry"}]}
The parent with that external_id is created or replaced; any 2xx answer is a success.
"""
from __future__ import annotations

import requests

from mock_services.web.localhost import via_loopback

BODY_SHOWN = 300


class ProvisioningHookError(RuntimeError):
    """The hook refused the parent or could not be reached; the message is in French."""


class ProvisioningHook:
    def __init__(self, url: str, token: str, timeout: float = 10) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"ProvisioningHook({self.url!r})"  # never the token

    def __call__(self, payload: dict) -> None:
        where = f"le crochet de provisionnement {self.url}"
        url, host = via_loopback(self.url)  # *.localhost is loopback, whatever Python's resolver thinks
        try:
            response = requests.post(url, json=payload, timeout=self.timeout, allow_redirects=False,
                                     headers={"Authorization": f"Bearer {self.token}", **host})
        except requests.Timeout:
            raise ProvisioningHookError(f"{where} n'a pas répondu en {self.timeout:g} s") from None
        except requests.RequestException as err:
            raise ProvisioningHookError(f"{where} est injoignable : {err}") from None
        if not 200 <= response.status_code < 300:
            body = response.text.strip()
            shown = body[:BODY_SHOWN] + ("…" if len(body) > BODY_SHOWN else "") if body else "(réponse vide)"
            raise ProvisioningHookError(f"{where} a répondu {response.status_code} : {shown}")
