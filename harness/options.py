"""Values of the suite's own pytest options, checked when the run starts: a bad one stops it
with one French line naming the option (pytest.UsageError: pytest's exit code 4)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from mock_services.cli import integer


def count(option: str, value: object, what: str, low: int = 0) -> int:
    """An integer option taken as text (pytest's own int type would fail in English)."""
    try:
        return integer(low, what=what)(str(value))
    except argparse.ArgumentTypeError as err:
        raise pytest.UsageError(f"{option} : {err}") from None


def output_file(option: str, value: str, base: Path, example: str) -> Path:
    """The file an option names for the run to write at its end (its folders are created then);
    `example`: a file name for the message, when the option names a folder."""
    path = base / os.path.expandvars(os.path.expanduser(value))
    if path.is_dir():
        raise pytest.UsageError(f"{option} : « {value} » est un dossier ; donnez un chemin de fichier, "
                                f"par exemple {option}={Path(value) / example}")
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise pytest.UsageError(f"{option} : « {folder} » est un fichier, pas un dossier ; "
                                "choisissez un autre chemin")
    return path
