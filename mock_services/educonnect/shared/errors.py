"""What every journey raises: a refusal the parent is told about, a message not sent."""
from __future__ import annotations


class JourneyError(Exception):
    """A refusal the parent is told about; `reason` keys the journey's French message."""

    def __init__(self, reason: str, **details) -> None:
        super().__init__(reason)
        self.reason, self.details = reason, details


class DeliveryError(Exception):
    """The SMS gateway or the mail server did not take the message."""
