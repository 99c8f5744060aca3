"""The command's first line, in French: how many scenarios run, on how many processes.

Quiet runs (the command's default) also silence pytest-xdist's status line (« bringing up
nodes... »), which its DSession writes through its `trdist` reporter whatever the verbosity.
"""
from __future__ import annotations

import pytest


class _Silent:
    """pytest-xdist's TerminalDistReporter, saying nothing."""

    def setstatus(self, *args, **kwargs) -> None:
        pass

    def ensure_show_status(self) -> None:
        pass


class Progress:
    def __init__(self, reports: str) -> None:
        self.reports = reports
        self.announced = False

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        config = session.config
        dsession = config.pluginmanager.get_plugin("dsession")
        if dsession is not None and config.get_verbosity() < 0 and hasattr(dsession, "trdist"):
            config.pluginmanager.unregister(name="terminaldistreporter")
            dsession.trdist = _Silent()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if not hasattr(session.config, "workerinput"):  # one process (an xdist worker says nothing)
            self.announce(session.config, len(session.items), 1)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids) -> None:
        self.announce(node.config, len(ids), node.config.getoption("numprocesses"))

    def announce(self, config: pytest.Config, scenarios: int, processes: int) -> None:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if self.announced or reporter is None:
            return
        self.announced = True
        on = f", sur {processes} processus en parallèle" if processes > 1 else ""
        reporter.write_line(f"{scenarios} scénario(s) à lancer{on} ; rapports dans {self.reports}/", bold=True)
