"""The scenarios' recorded durations, from which pytest-split makes balanced shards.

`pytest steps --splits 3 --group 2` runs the second of three groups of about the same
duration, by the durations in tests/durations.json (kept in the repository; this plugin makes
it pytest-split's `--durations-path` unless one is given). `python -m harness.durations`
(`make durees`) runs every scenario with `--store-durations` and rewrites the file: after
scenarios were added or became much slower. A scenario missing from it counts as the
average one.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from mock_services.cli import ArgumentParser, integer
from .suite_command import SUITE_PYTEST

ROOT = Path(__file__).resolve().parent.parent
DURATIONS = ROOT / "tests" / "durations.json"
PYTEST_SPLIT_DEFAULT = os.path.join(os.getcwd(), ".test_durations")  # pytest-split's default, as it computes it


@pytest.hookimpl(tryfirst=True)  # before pytest-split reads the file
def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "durations_path", None) == PYTEST_SPLIT_DEFAULT:
        config.option.durations_path = str(DURATIONS)


def command(workers: int) -> list[str]:
    return [*SUITE_PYTEST, "-n", str(workers), "--store-durations",
            "--clean-durations", f"--durations-path={DURATIONS}"]


def main(argv: Iterable[str] | None = None) -> int:
    parser = ArgumentParser(
        prog="python -m harness.durations",
        description="Passe tous les scénarios et réécrit leurs durées (tests/durations.json), "
                    "d'où pytest-split fait des lots équilibrés (--splits N --group K).")
    parser.add_argument("-n", "--processus", type=integer(1, what="un nombre de processus"), default=2,
                        help="processus en parallèle, comme en CI (par défaut : 2)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    done = subprocess.run(command(args.processus), cwd=ROOT, check=False)
    if done.returncode not in (0, 1):  # 1: failed scenarios, whose durations count all the same
        print(f"{parser.prog} : pytest a fini avec le code {done.returncode} ; {DURATIONS.name} n'est peut-être "
              "pas à jour", file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
