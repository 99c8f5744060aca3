"""Sending an SMS through an OVH-shaped gateway, as ÉduConnect does."""
from __future__ import annotations

import requests


class SmsError(Exception):
    """The SMS was not accepted. `reason`: "connection", "timeout", "http" (see `status`),
    "response" (unreadable answer) or "invalid_number"; the message is in English."""

    def __init__(self, message: str, reason: str, status: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status


class SmsGatewayClient:
    def __init__(self, base_url: str, service: str, token: str, timeout: float = 3.0) -> None:
        self.url = f"{base_url.rstrip('/')}/sms/{service}/jobs"
        self.token = token
        self.timeout = timeout

    def send(self, to: str, message: str, sender: str = "EDUCONNECT") -> str:
        """The gateway's id for the SMS."""
        try:
            r = requests.post(self.url, json={"receivers": [to], "message": message, "sender": sender},
                              headers={"Authorization": f"Bearer {self.token}"}, timeout=self.timeout)
        except requests.Timeout as err:
            raise SmsError(f"SMS gateway {self.url} did not answer within {self.timeout:g} s", "timeout") from err
        except requests.RequestException as err:
            raise SmsError(f"SMS gateway {self.url} unreachable: {err}", "connection") from err
        try:
            body = r.json()
        except ValueError:
            body = None
        if r.status_code != 200:
            detail = body.get("message") if isinstance(body, dict) else r.text[:200]
            raise SmsError(f"SMS gateway answered {r.status_code}: {detail}", "http", r.status_code)
        if not isinstance(body, dict):
            raise SmsError(f"SMS gateway answered 200 without a JSON object: {r.text[:200]!r}", "response", 200)
        if to in (body.get("invalidReceivers") or []):
            raise SmsError(f"SMS gateway refused the number {to!r}", "invalid_number", 200)
        ids = body.get("ids")
        if not isinstance(ids, list) or len(ids) != 1:
            raise SmsError(f"SMS gateway answered 200 without exactly one id: {body}", "response", 200)
        return str(ids[0])
