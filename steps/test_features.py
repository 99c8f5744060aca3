"""Binds every feature file to pytest (steps are registered by conftest.py)."""
from pytest_bdd import scenarios

scenarios(".")
