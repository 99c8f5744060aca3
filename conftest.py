"""Wires pytest: the suite's plugins (educonnect_conformance/plugin.py, which the command loads too)."""
pytest_plugins = ["educonnect_conformance.plugin"]
