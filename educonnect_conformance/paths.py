"""Where the suite's data are: the repository's root in a clone (or an editable install), this
package's folder once installed from a wheel (pyproject.toml ships features/ and targets/ there)."""
from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE if (PACKAGE / "features").is_dir() else PACKAGE.parent
FEATURES = ROOT / "features"
TARGETS = ROOT / "targets"
GUIDE = FEATURES / "guide.toml"
PYTEST_INI = PACKAGE / "pytest.ini"  # the command's pytest configuration


def installed() -> bool:
    """Whether the data are this package's (a wheel), not a clone's."""
    return ROOT == PACKAGE


def feature_tags() -> set[str]:
    """Every tag of the feature files, without its @."""
    return {t for f in FEATURES.rglob("*.feature") for t in re.findall(r"(?<!\S)@([\w-]+)", f.read_text("utf-8"))}
