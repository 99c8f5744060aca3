"""The suite's plugins for a run of steps/ where the repository's conftest.py is not: the command
(educonnect_conformance/pytest_run.py), installed from a wheel. Loaded as a conftest, they come after
pytest's installed plugins, so that steps/fixtures.py's fixtures override pytest-playwright's."""
pytest_plugins = ["educonnect_conformance.plugin"]
