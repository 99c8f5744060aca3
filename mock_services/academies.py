"""The académies by BCN code (the data: academies.toml)."""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

TABLE = Path(__file__).with_name("academies.toml")


@functools.cache
def academies() -> dict[str, str]:
    """Two-digit code -> name, as the field's ENT maps them."""
    with TABLE.open("rb") as f:
        return dict(tomllib.load(f)["academies"])


def name_of(code: str, *, padded_only: bool = False) -> str | None:
    """The académie of a released code, padded or not ("1" and "01": PARIS); None if unknown.
    `padded_only`: only the two-digit form is known (an ENT that misses unpadded codes)."""
    code = code.strip()
    if not code.isdigit() or len(code) > 2 or (padded_only and len(code) != 2):
        return None
    return academies().get(f"{int(code):02d}")
