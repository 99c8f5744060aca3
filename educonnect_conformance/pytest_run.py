"""`educonnect-conformance lancer`: pytest's command line, the run in-process, its exit code.

The command passes every option the suite needs (a wheel has no pyproject.toml): its own
configuration file (pytest.ini beside this module, which loads the suite's plugins), the rootdir
that holds features/, the reports in the current folder. Quiet unless -v: the progress line,
each failure in short, the French summary (harness/html_report.py); not pytest's header, its
English short summary or its closing line.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from harness.suite_command import WITHOUT_TEST_PLUGINS
from mock_services.cli import FAILED, OK, STARTUP, fail

from . import paths

QUIET = ["-qq", "--no-header", "-rN", "--tb=short", "--disable-warnings"]
# pytest's codes: 2 interrupted, 3 internal error, 4 usage error (its own line says why), 5 nothing collected
WHY = {
    2: "passage interrompu",
    3: "erreur interne de pytest (le détail est au-dessus)",
}


def steps_folder() -> Path:
    """steps/, wherever it is installed: its test_features.py binds every feature file to pytest, its
    conftest.py loads the plugins. Given as a folder, node ids stay test_features.py::… in a wheel."""
    import steps

    return Path(steps.__file__).resolve().parent


def pytest_argv(reports: Path, *, target: Path | None = None, markers: str | None = None,
                workers: str | None = None, verbose: int = 0, extra: list[str] = ()) -> list[str]:
    folder = steps_folder()
    # steps/conftest.py loads the plugins; nothing above it (a clone's conftest.py, a vendor's) is read
    argv = [str(folder), "-c", str(paths.PYTEST_INI), "--rootdir", str(paths.ROOT), f"--confcutdir={folder}",
            f"--junitxml={reports / 'junit.xml'}", f"--cucumber-report={reports / 'cucumber.json'}",
            f"--output={reports / 'traces'}", *WITHOUT_TEST_PLUGINS]
    if target is not None:
        argv.append(f"--target={target}")
    elif workers is None or workers not in ("0", "1"):
        argv += ["-n", workers or "auto"]
    if markers:
        argv += ["-m", markers]
    argv += ["-v"] * verbose if verbose else QUIET
    return argv + list(extra)


def run_pytest(prog: str, argv: list[str], args: argparse.Namespace) -> int:
    import pytest

    from .progress import Progress

    code = int(pytest.main(argv, plugins=[Progress(str(args.rapports))]))
    if code == 5:
        what = f"--etiquettes « {args.etiquettes} »" if args.etiquettes else "la sélection"
        if args.cible is not None:
            what += " (en mode cible, parmi les scénarios @ent et @conformance)"
        return fail(prog, f"aucun scénario lancé : {what} n'en désigne aucun ; vérifiez l'expression "
                          "(les étiquettes sont celles des fichiers .feature, sans @)")
    if code in WHY:
        fail(prog, WHY[code])
    return exit_code(code)


def exit_code(pytest_code: int) -> int:
    """pytest's exit code as the README's: 0 passed, 1 a requirement failed, 4 anything else
    (interrupted, internal error, usage error, no scenario collected)."""
    return {0: OK, 1: FAILED}.get(pytest_code, STARTUP)
