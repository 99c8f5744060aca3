"""The command line that runs the suite's scenarios (steps/) in a new pytest process, for the
harness's tools and the project's own tests.

A run of the scenarios needs neither of the plugins the project's own tests bring: hypothesis's
imports the whole of hypothesis for its closing summary, schemathesis's imports schemathesis and
hypothesis. Loading them costs about 1.3 CPU-seconds per process, each xdist worker included.
"""
from __future__ import annotations

import sys

WITHOUT_TEST_PLUGINS = ["-p", "no:hypothesispytest", "-p", "no:schemathesis"]
SUITE_PYTEST = [sys.executable, "-m", "pytest", "steps", *WITHOUT_TEST_PLUGINS]
