"""Wires pytest: the reference stack per worker, Chromium, steps and reports."""
pytest_plugins = [
    "harness.cucumber_report",
    "steps.fixtures",
    "steps.common",
    "steps.connexion",
]
