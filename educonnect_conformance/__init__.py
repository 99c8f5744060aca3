"""The `educonnect-conformance` command: the suite as one installable program (command.py).

Installed from a wheel, the package also holds the suite's data (features/, targets/), which
live at the repository's root in a clone (paths.py says where they are)."""
