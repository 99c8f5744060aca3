"""ÉduConnect identifiers, in the guide's format « p.nomXX »."""
from __future__ import annotations

import random
import re
import unicodedata
from typing import Callable

IDENTIFIER_PATTERN = re.compile(r"^[a-z]\.[a-z]{1,20}\d{2,3}$")


def ascii_letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def identifier_stem(first_name: str, last_name: str) -> str:
    """« p.nom »: the first name's initial, a dot, the surname's letters."""
    return f"{ascii_letters(first_name)[:1] or 'x'}.{ascii_letters(last_name)[:20] or 'parent'}"


def make_identifier(first_name: str, last_name: str, is_taken: Callable[[str], bool],
                    rng: random.Random | None = None) -> str:
    """First name's initial, a dot, the surname's letters, two digits (three once crowded)."""
    rng = rng or random.SystemRandom()
    stem = identifier_stem(first_name, last_name)
    for digits in (2, 3):
        candidates = [f"{stem}{n:0{digits}d}" for n in range(10 ** (digits - 1), 10 ** digits)]
        rng.shuffle(candidates)
        for candidate in candidates:
            if not is_taken(candidate):
                return candidate
    raise RuntimeError(f"no free identifier left for {stem}")
